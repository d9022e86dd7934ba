/**
 * Looking for a secret in stored bytes in every form it could have been
 * written in: as typed, base64 (standard and URL-safe, at each of the three
 * alignments a secret can have inside a longer encoded blob), hex (both
 * cases) and percent-encoded.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface SecretNeedle {
  /** Which secret and which form, for the report (never the secret itself). */
  label: string;
  bytes: Buffer;
}

/** The base64 characters that depend only on the secret when it starts at byte offset `shift` (0-2) of a longer blob. */
function base64Inside(secret: Buffer, shift: number, alphabet: 'base64' | 'base64url'): string {
  const encoded = Buffer.concat([Buffer.alloc(shift), secret]).toString(alphabet).replace(/=+$/, '');
  const start = [0, 2, 3][shift]!;
  // The last characters may mix in whatever follows the secret.
  return encoded.slice(start, encoded.length - 3);
}

export function needlesFor(name: string, secret: string): SecretNeedle[] {
  const raw = Buffer.from(secret, 'utf8');
  const forms = new Map<string, string>([
    ['raw', secret],
    ['hex', raw.toString('hex')],
    ['HEX', raw.toString('hex').toUpperCase()],
    ['percent-encoded', encodeURIComponent(secret)],
  ]);
  for (const shift of [0, 1, 2]) {
    forms.set(`base64@${shift}`, base64Inside(raw, shift, 'base64'));
    forms.set(`base64url@${shift}`, base64Inside(raw, shift, 'base64url'));
  }
  const needles: SecretNeedle[] = [];
  const seen = new Set<string>();
  for (const [form, text] of forms) {
    if (text.length < 6 || seen.has(text)) continue; // too short to mean anything, or the same as another form
    seen.add(text);
    needles.push({ label: `${name} (${form})`, bytes: Buffer.from(text, 'utf8') });
  }
  return needles;
}

export interface ScanResult {
  filesScanned: number;
  bytesScanned: number;
  /** "<file>: <label> at <offset>" */
  hits: string[];
}

/** Every regular file under the given roots (and the given single files), searched for every needle. */
export async function scanForSecrets(paths: readonly string[], needles: readonly SecretNeedle[]): Promise<ScanResult> {
  const result: ScanResult = { filesScanned: 0, bytesScanned: 0, hits: [] };
  const scanFile = async (file: string) => {
    const bytes = await fs.readFile(file).catch(() => undefined);
    if (!bytes) return;
    result.filesScanned++;
    result.bytesScanned += bytes.length;
    for (const needle of needles) {
      const at = bytes.indexOf(needle.bytes);
      if (at >= 0) result.hits.push(`${file}: ${needle.label} at ${at}`);
    }
  };
  const walk = async (target: string): Promise<void> => {
    const info = await fs.lstat(target).catch(() => undefined);
    if (!info) return;
    if (info.isFile()) return scanFile(target);
    if (!info.isDirectory()) return;
    for (const name of await fs.readdir(target)) await walk(path.join(target, name));
  };
  for (const target of paths) await walk(target);
  return result;
}
