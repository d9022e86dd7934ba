/**
 * Headless mode's access token, kept in the data folder so a restart does
 * not lock out the open tab: `private/access-token`, mode 0600 like the
 * grid's other private keys, created on first use, replaced only on demand
 * (`raic token rotate`, `raic serve --new-token`). A running server reads the
 * file again when it changes, so a rotation takes effect at once and the old
 * token stops working. The token is never logged; only the URL `raic serve`
 * prints to its own terminal carries it.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { newAccessToken } from './auth';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32,}$/;

export function accessTokenPath(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'private', 'access-token');
}

function readToken(file: string): string | undefined {
  try {
    const token = readFileSync(file, 'utf8').trim();
    return TOKEN_SHAPE.test(token) ? token : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes a fresh token atomically (temporary file, then rename) and returns it. */
export function rotateAccessToken(dataDir: string): string {
  const file = accessTokenPath(dataDir);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const token = newAccessToken();
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${token}\n`, { mode: 0o600, flag: 'w' });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
  return token;
}

/** The kept token, created when there is none (or the file holds something that is not one). */
export function loadOrCreateAccessToken(dataDir: string): string {
  const file = accessTokenPath(dataDir);
  const token = readToken(file);
  if (token === undefined) return rotateAccessToken(dataDir);
  // Tighten a file someone loosened: the token opens the whole grid.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return token;
}

/**
 * The token a running server checks against: the file's content, read again
 * only when its modification time or size changed (one stat per request).
 */
export function liveAccessToken(dataDir: string): () => string {
  const file = accessTokenPath(dataDir);
  let token = loadOrCreateAccessToken(dataDir);
  let seen = stamp(file);
  return () => {
    const now = stamp(file);
    if (now !== seen) {
      seen = now;
      // A missing or garbled file keeps the last good token rather than locking everyone out.
      token = readToken(file) ?? token;
    }
    return token;
  };
}

function stamp(file: string): string {
  try {
    const { mtimeMs, size, ino } = statSync(file);
    return `${mtimeMs}:${size}:${ino}`;
  } catch {
    return 'missing';
  }
}
