/**
 * A GBS server's lasting identity, kept in a folder the caller chooses: the
 * TLS key and certificate (whose SPKI hash clients pin) and the swissnum
 * (the shared secret that authorizes clients). Created once, then reused, so
 * the NURL stays the same across restarts.
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { base32Encode } from '../../chk/base32';
import { createTlsIdentity, spkiHashOf, type TlsIdentity } from './certificate';

export interface ServerIdentity extends TlsIdentity {
  /** Text in the NURL's path; its ASCII bytes, base64-encoded, are the Authorization credentials. */
  swissnum: string;
  /** Unpadded base64url SHA-256 of the certificate's SubjectPublicKeyInfo. */
  spkiHash: string;
  certificate: X509Certificate;
}

const FILES = { privateKey: 'private-key.pem', certificate: 'certificate.pem', swissnum: 'swissnum' } as const;

/** Tahoe-LAFS swissnums are 32 base32 characters (160 random bits); ours are the same shape. */
export function newSwissnum(): string {
  return base32Encode(new Uint8Array(randomBytes(20)));
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes a secret file readable by its owner only, atomically (a crash never leaves half a key). */
async function writePrivateFile(path: string, text: string): Promise<void> {
  const partial = `${path}.partial`;
  await writeFile(partial, text, { mode: 0o600 });
  await chmod(partial, 0o600);
  await rename(partial, path);
}

export async function loadOrCreateServerIdentity(folder: string): Promise<ServerIdentity> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const paths = { privateKey: join(folder, FILES.privateKey), certificate: join(folder, FILES.certificate), swissnum: join(folder, FILES.swissnum) };
  let privateKeyPem = await readIfPresent(paths.privateKey);
  let certificatePem = await readIfPresent(paths.certificate);
  if (privateKeyPem === undefined || certificatePem === undefined) {
    // Key and certificate only make sense together: a missing half means a new identity.
    ({ privateKeyPem, certificatePem } = createTlsIdentity());
    await writePrivateFile(paths.privateKey, privateKeyPem);
    await writePrivateFile(paths.certificate, certificatePem);
  }
  let swissnum = (await readIfPresent(paths.swissnum))?.trim();
  if (!swissnum) {
    swissnum = newSwissnum();
    await writePrivateFile(paths.swissnum, `${swissnum}\n`);
  }
  if (!/^[A-Za-z0-9_-]+$/.test(swissnum)) throw new Error(`the swissnum in ${paths.swissnum} has characters a NURL path cannot carry`);
  const certificate = new X509Certificate(certificatePem);
  return { privateKeyPem, certificatePem, swissnum, spkiHash: spkiHashOf(certificate), certificate };
}
