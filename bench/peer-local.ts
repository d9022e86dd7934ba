/**
 * RAIC beside rclone on local folders, the same files in the same run:
 * RAIC 2-of-3 over three local-folder accounts (through `raic upload` and
 * `raic get`, the service path a user takes, see raic-cli-grid.ts) against
 * rclone crypt over a union of two folders with create_policy=all (both
 * survive the loss of one store). Ratios are rclone's seconds over RAIC's:
 * above 1, RAIC is faster (three decimals, so one just under its goal never rounds up to a pass).
 *
 *   npx tsx bench/peer-local.ts [--quick]     (prints one JSON line)
 *
 * Full: 200 files of 100 KB and a 256 MiB file; --quick: 50 files and 32 MiB.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { measureFormatFloor } from './format-floor';
import { bytesUnder, expectSameFiles, round, sha256OfFile, writeRandomFile, writeSmallFiles } from './peer-files';
import { makeRaicGrid, raicGet, raicUpload } from './raic-cli-grid';
import { startRclonePeer } from './rclone-peer';

export interface PeerLocalOptions {
  smallFiles?: number;
  smallFileBytes?: number;
  bigFileBytes?: number;
  log?: (line: string) => void;
}

export const PEER_GOALS = { smallRatio: 0.67, bigRatio: 1.0 };

export async function measurePeerLocal(options: PeerLocalOptions = {}): Promise<Record<string, number | string | boolean>> {
  const count = options.smallFiles ?? 200;
  const smallSize = options.smallFileBytes ?? 100_000;
  const bigSize = options.bigFileBytes ?? 256 << 20;
  const log = options.log ?? (() => undefined);
  const root = await mkdtemp(path.join(tmpdir(), 'raic-bench-peer-'));
  const raicFolders = ['a', 'b', 'c'].map((name) => path.join(root, `raic-${name}`));
  const rcloneFolders: [string, string] = [path.join(root, 'rclone-a'), path.join(root, 'rclone-b')];
  const dataDir = path.join(root, 'raic-data');
  const peer = await startRclonePeer({ kind: 'local', folders: rcloneFolders });
  try {
    const small = path.join(root, 'input', 'small');
    const single = path.join(root, 'input', 'single');
    const big = path.join(root, 'input', 'big.bin');
    await writeSmallFiles(small, count, smallSize);
    await writeSmallFiles(single, 1, smallSize);
    await writeRandomFile(big, bigSize);
    await makeRaicGrid(
      dataDir,
      raicFolders.map((folder, i) => ({ provider: 'local', name: `Folder ${i + 1}`, path: folder })),
      { needed: 2, happy: 3, total: 3 },
    );
    log(`peer-local: ${count} files of ${smallSize / 1000} KB and a ${round(bigSize / 1e6, 1)} MB file in ${root}`);
    const raicBytes = () => Promise.all(raicFolders.map(bytesUnder)).then((sizes) => sizes.reduce((a, b) => a + b, 0));
    const rcloneBytes = () => Promise.all(rcloneFolders.map(bytesUnder)).then((sizes) => sizes.reduce((a, b) => a + b, 0));

    const raicSmallUp = await raicUpload(dataDir, small, '/bench');
    const raicSmallBytes = await raicBytes();
    const rcloneSmallUp = await peer.copyUp(small, 'small');
    const rcloneSmallBytes = await rcloneBytes();
    log(`small upload: RAIC ${round(raicSmallUp)} s, rclone ${round(rcloneSmallUp)} s`);

    // What each tool's small upload is made of: one file's upload is (nearly)
    // its fixed cost per command, and the rest divided by the other files is
    // its cost per file. rclone's is mostly its start.
    const raicOneUp = await raicUpload(dataDir, single, '/bench-single');
    const rcloneOneUp = await peer.copyUp(single, 'single');
    const perFileMs = (all: number, one: number) => round(((all - one) / (count - 1)) * 1000, 3);
    // The format's own floor for the same files (bench/format-floor.ts), on folders of its own.
    const floorStores = ['a', 'b', 'c'].map((name) => path.join(root, `floor-${name}`));
    const smallFiles = (await readdir(small)).map((name) => path.join(small, name));
    const floor = await measureFormatFloor(smallFiles, floorStores, { needed: 2, happy: 3, total: 3, maxSegmentSize: 1 << 20 });
    if (floor.sharesWritten !== count * 3) throw new Error(`the format floor wrote ${floor.sharesWritten} shares, not ${count * 3}`);
    await Promise.all(floorStores.map((store) => rm(store, { recursive: true, force: true })));
    log(`one file: RAIC ${round(raicOneUp)} s, rclone ${round(rcloneOneUp)} s; format floor for ${count} files ${round(floor.seconds)} s`);

    const raicSmallDown = await raicGet(dataDir, '/bench/small', path.join(root, 'out-raic', 'small'));
    const rcloneSmallDown = await peer.copyDown('small', path.join(root, 'out-rclone', 'small'));
    await expectSameFiles(small, path.join(root, 'out-raic', 'small'), 'RAIC');
    await expectSameFiles(small, path.join(root, 'out-rclone', 'small'), 'rclone');
    log(`small restore: RAIC ${round(raicSmallDown)} s, rclone ${round(rcloneSmallDown)} s`);

    const [raicBeforeBig, rcloneBeforeBig] = [await raicBytes(), await rcloneBytes()];
    const raicBigUp = await raicUpload(dataDir, big, '/bench');
    const raicBigBytes = (await raicBytes()) - raicBeforeBig;
    const rcloneBigUp = await peer.copyUp(big, 'big');
    const rcloneBigBytes = (await rcloneBytes()) - rcloneBeforeBig;
    log(`big upload: RAIC ${round(raicBigUp)} s, rclone ${round(rcloneBigUp)} s`);

    const raicBigOut = path.join(root, 'out-raic', 'big.bin');
    const raicBigDown = await raicGet(dataDir, '/bench/big.bin', raicBigOut);
    const rcloneBigDown = await peer.copyDown('big', path.join(root, 'out-rclone'));
    const expected = await sha256OfFile(big);
    if ((await sha256OfFile(raicBigOut)) !== expected) throw new Error('RAIC: the big file did not come back identical');
    if ((await sha256OfFile(path.join(root, 'out-rclone', 'big.bin'))) !== expected) throw new Error('rclone: the big file did not come back identical');
    log(`big download: RAIC ${round(raicBigDown)} s, rclone ${round(rcloneBigDown)} s`);

    const smallInput = count * smallSize;
    return {
      peer_small_files: count,
      peer_small_file_bytes: smallSize,
      peer_big_file_MB: round(bigSize / 1e6, 1),
      peer_small_upload_ratio: round(rcloneSmallUp / raicSmallUp, 3),
      // Against the format's floor rather than RAIC: the best small-file ratio a
      // program storing one Tahoe-LAFS file per file durably reaches in this run.
      peer_small_upload_floor_ratio: round(rcloneSmallUp / floor.seconds, 3),
      peer_small_restore_ratio: round(rcloneSmallDown / raicSmallDown, 3),
      peer_big_upload_ratio: round(rcloneBigUp / raicBigUp, 3),
      peer_big_download_ratio: round(rcloneBigDown / raicBigDown, 3),
      peer_raic_small_upload_s: round(raicSmallUp),
      peer_rclone_small_upload_s: round(rcloneSmallUp),
      peer_small_upload_format_floor_s: round(floor.seconds, 3),
      peer_raic_one_file_upload_s: round(raicOneUp, 3),
      peer_rclone_one_file_upload_s: round(rcloneOneUp, 3),
      peer_raic_small_upload_ms_per_file: perFileMs(raicSmallUp, raicOneUp),
      peer_rclone_small_upload_ms_per_file: perFileMs(rcloneSmallUp, rcloneOneUp),
      peer_format_floor_ms_per_file: round((floor.seconds / count) * 1000, 3),
      peer_raic_small_restore_s: round(raicSmallDown),
      peer_rclone_small_restore_s: round(rcloneSmallDown),
      peer_raic_big_upload_s: round(raicBigUp),
      peer_rclone_big_upload_s: round(rcloneBigUp),
      peer_raic_big_download_s: round(raicBigDown),
      peer_rclone_big_download_s: round(rcloneBigDown),
      // Bytes each wrote to its stores over the input: RAIC's include its catalog backup.
      peer_raic_small_written_over_input: round(raicSmallBytes / smallInput),
      peer_rclone_small_written_over_input: round(rcloneSmallBytes / smallInput),
      peer_raic_big_written_over_input: round(raicBigBytes / bigSize, 3),
      peer_rclone_big_written_over_input: round(rcloneBigBytes / bigSize, 3),
      peer_goal_small_ratio: PEER_GOALS.smallRatio,
      peer_goal_big_ratio: PEER_GOALS.bigRatio,
    };
  } finally {
    await peer.close();
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const quick = process.argv.includes('--quick');
  const record = await measurePeerLocal({
    ...(quick ? { smallFiles: 50, bigFileBytes: 32 << 20 } : {}),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(`${JSON.stringify(record)}\n`);
}
