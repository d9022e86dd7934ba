/**
 * Importing a remote from a user's own rclone.conf (plain or encrypted with
 * a config password): its type, plain options and secret options, the
 * secrets revealed from rclone's obscured form so RAIC can keep them in the
 * keychain. The file is only read, never changed.
 */
import { createDecipheriv } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { BackendConfigError } from '../types';
import { decryptRcloneConfig, sectionOptions } from './config-crypt';
import { WELL_KNOWN_SECRET_OPTIONS, type OptionLines } from './provider';
import { passwordOptionsOf } from './rclone-config';
import { findRclone } from './rclone-binary';

/**
 * rclone's fixed key for "obscured" passwords (AES-256-CTR, a random IV in
 * front, unpadded base64url): obscuring only hides a password from a glance,
 * which is why RAIC keeps the revealed value in the keychain instead.
 */
const OBSCURE_KEY = Buffer.from([
  0x9c, 0x93, 0x5b, 0x48, 0x73, 0x0a, 0x55, 0x4d, 0x6b, 0xfd, 0x7c, 0x63, 0xc8, 0x86, 0xa9, 0x2b, 0xd3, 0x90, 0x19, 0x8e, 0xb8, 0x12, 0x8a, 0xfb, 0xf4, 0xde,
  0x16, 0x2b, 0x8b, 0x95, 0xf6, 0x38,
]);

/** The password behind an obscured rclone option value. */
export function revealObscured(obscured: string, option: string): string {
  const bytes = Buffer.from(obscured, 'base64url');
  if (bytes.length < 16) throw new BackendConfigError(`option ${option} in the rclone config is not an obscured password (run rclone config to set it again)`, 'invalid');
  const decipher = createDecipheriv('aes-256-ctr', OBSCURE_KEY, bytes.subarray(0, 16));
  return Buffer.concat([decipher.update(bytes.subarray(16)), decipher.final()]).toString('utf8');
}

export interface ImportedRemote {
  remoteType: string;
  options: OptionLines;
  secretOptions: OptionLines;
}

export function isEncryptedRcloneConfig(text: string): boolean {
  return /^RCLONE_ENCRYPT_V0:/m.test(text);
}

/** The remote names in rclone config text, in file order. */
export function remoteNames(configText: string): string[] {
  return [...configText.matchAll(/^\s*\[([^\]\n]+)\]\s*$/gm)].map((m) => m[1]!);
}

/** Reads `file`; `password` opens an encrypted one (asked for only when it is encrypted). */
export async function readRcloneConfigText(file: string, password: () => Promise<string | undefined>): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackendConfigError(code === 'ENOENT' ? `${file} does not exist (rclone config file shows where rclone keeps its config)` : `cannot read ${file} (${code ?? 'error'})`, 'invalid');
  }
  if (!isEncryptedRcloneConfig(text)) return text;
  const pass = await password();
  if (!pass) throw new BackendConfigError(`${file} is encrypted: give its config password (RCLONE_CONFIG_PASS, or type it when asked)`, 'invalid');
  try {
    return decryptRcloneConfig(text, pass);
  } catch {
    throw new BackendConfigError(`the config password does not open ${file}`, 'credentials');
  }
}

/** The remote `remote` of the config text, its secrets separated and revealed. */
export async function importRemote(configText: string, remote: string, rclonePath?: string): Promise<ImportedRemote> {
  const section = sectionOptions(configText, remote);
  if (!section) {
    const names = remoteNames(configText);
    throw new BackendConfigError(`there is no remote "${remote}" in that rclone config; ${names.length > 0 ? `it has ${names.join(', ')}` : 'it has no remotes'}`, 'not-found');
  }
  const { type, ...rest } = section;
  if (!type) throw new BackendConfigError(`remote "${remote}" has no type in that rclone config`, 'invalid');
  const passwords = await passwordOptionsOf(rclonePath ?? findRclone(), type);
  const options: OptionLines = {};
  const secretOptions: OptionLines = {};
  for (const [key, value] of Object.entries(rest)) {
    if (value === '') continue;
    if (passwords.has(key)) secretOptions[key] = revealObscured(value, key);
    else if (WELL_KNOWN_SECRET_OPTIONS.includes(key)) secretOptions[key] = value;
    else options[key] = value;
  }
  return { remoteType: type, options, secretOptions };
}
