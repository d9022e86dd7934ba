// `node scripts/fetch-rclone.mjs`: puts rclone's official build for this
// machine's platform and architecture in build/rclone/<platform>-<arch>/,
// where electron-builder.yml picks it up as an extra resource (the desktop
// app prefers it to an rclone on the PATH; see docs/backends.md).
//
// It downloads the release zip from downloads.rclone.org and checks its
// SHA-256 against rclone's published SHA256SUMS for that release before
// taking the program out of it; a mismatch stops packaging. `npm run dist`
// runs it; it never runs in tests or CI (CI or VITEST set), which have no
// network and use Debian's rclone. RAIC_RCLONE_VERSION picks another release.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

export const RCLONE_VERSION = 'v1.68.2';
const DOWNLOADS = 'https://downloads.rclone.org';
const OS_NAMES = { linux: 'linux', darwin: 'osx', win32: 'windows' };
const ARCH_NAMES = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm-v7' };

/** The release zip's name for a Node platform and architecture, e.g. rclone-v1.68.2-linux-amd64.zip. */
export function zipName(version, platform, arch) {
  const os = OS_NAMES[platform];
  const cpu = ARCH_NAMES[arch];
  if (!os || !cpu) throw new Error(`rclone publishes no build RAIC knows for ${platform}/${arch}`);
  return `rclone-${version}-${os}-${cpu}.zip`;
}

/** The SHA-256 SHA256SUMS gives for a file (its lines are "<hex>  <name>"; the file is PGP clear-signed around them). */
export function publishedSha256(sums, fileName) {
  for (const line of sums.split('\n')) {
    const match = /^([0-9a-f]{64})\s+\*?(\S+)\s*$/i.exec(line.trim());
    if (match && match[2] === fileName) return match[1].toLowerCase();
  }
  throw new Error(`rclone's SHA256SUMS lists no ${fileName}`);
}

/** One file out of a zip archive (stored or deflated), found by the end of its name. */
export function extractFromZip(zip, nameEnd) {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('the download is not a zip archive');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('the zip archive is damaged');
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (name.endsWith(nameEnd)) {
      const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`${name} is compressed in a way this script does not read (method ${method})`);
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`the zip archive holds no file ending in ${nameEnd}`);
}

async function download(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** Fetches, checks and unpacks rclone for one platform; returns the program's path. */
export async function fetchRclone({ root, platform = process.platform, arch = process.arch, version = process.env.RAIC_RCLONE_VERSION || RCLONE_VERSION }) {
  const program = platform === 'win32' ? 'rclone.exe' : 'rclone';
  const folder = path.join(root, 'build', 'rclone', `${platform}-${arch}`);
  const target = path.join(folder, program);
  const name = zipName(version, platform, arch);
  const [zip, sums] = await Promise.all([download(`${DOWNLOADS}/${version}/${name}`), download(`${DOWNLOADS}/${version}/SHA256SUMS`)]);
  const expected = publishedSha256(sums.toString('utf8'), name);
  const actual = createHash('sha256').update(zip).digest('hex');
  if (actual !== expected) throw new Error(`${name} has SHA-256 ${actual}, but rclone publishes ${expected}: not packaging it`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(`${target}.partial`, extractFromZip(zip, `/${program}`));
  chmodSync(`${target}.partial`, 0o755);
  renameSync(`${target}.partial`, target);
  return target;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.env.CI || process.env.VITEST) {
    console.log('RAIC: not fetching rclone in tests or CI; the package will use an rclone on the PATH.');
    process.exit(0);
  }
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const program = process.platform === 'win32' ? 'rclone.exe' : 'rclone';
  const existing = path.join(root, 'build', 'rclone', `${process.platform}-${process.arch}`, program);
  if (existsSync(existing) && !process.argv.includes('--force')) {
    console.log(`RAIC: rclone already fetched (${existing}); --force fetches it again.`);
    process.exit(0);
  }
  fetchRclone({ root }).then(
    (target) => console.log(`RAIC: rclone ${process.env.RAIC_RCLONE_VERSION || RCLONE_VERSION} checked against rclone's SHA256SUMS and put in ${target}`),
    (error) => {
      console.error(`RAIC: could not fetch rclone: ${error.message}`);
      process.exit(1);
    },
  );
}
