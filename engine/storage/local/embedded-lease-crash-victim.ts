/**
 * Child process of embedded-lease-crash.test.ts: stores shares into a
 * local-folder server at argv[2] without pause, several in flight, until it
 * is killed. Each share's storage index says what the share must be (bytes
 * 0..3: its length, byte 4: the byte it is filled with), so the test can
 * check every share it finds after the kill without knowing what finished.
 */
import { randomBytes } from 'node:crypto';
import { LocalFolderStorageServer } from './local-folder-server';

const IN_FLIGHT = 8;

async function storeOne(server: LocalFolderStorageServer): Promise<void> {
  const si = randomBytes(16);
  const length = 1 + (si.readUInt32BE(0) % 60_000);
  si.writeUInt32BE(length, 0);
  const fill = si[4]!;
  const shareNumber = si[5]! % 10;
  const secret = (seed: number) => new Uint8Array(32).fill(seed);
  const { allocated } = await server.allocateBuckets({ storageIndex: si, renewSecret: secret(1), cancelSecret: secret(2), uploadSecret: secret(3), shareNumbers: [shareNumber], allocatedSize: length });
  const writer = allocated.get(shareNumber)!;
  const half = Math.floor(length / 2);
  await writer.write(0, Buffer.alloc(half, fill));
  await writer.write(half, Buffer.alloc(length - half, fill));
  await writer.close();
}

async function main(): Promise<void> {
  const server = new LocalFolderStorageServer({ serverId: 'victim', nickname: 'victim', root: process.argv[2]! });
  process.stdout.write('ready\n');
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      for (;;) await storeOne(server);
    }),
  );
}

void main();
