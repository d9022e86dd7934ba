/**
 * The `Authorization: Tahoe-LAFS <base64 swissnum>` check that comes before
 * everything else (spec: "HTTP Design"; 401 and no other processing on
 * failure). Compared through SHA-256 digests so neither the content nor the
 * length of the expected value leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export function authorizationHeaderFor(swissnum: string): string {
  return `Tahoe-LAFS ${Buffer.from(swissnum, 'ascii').toString('base64')}`;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export function swissnumChecker(swissnum: string): (header: string | undefined) => boolean {
  const expected = digest(authorizationHeaderFor(swissnum));
  return (header) => header !== undefined && timingSafeEqual(digest(header.trim()), expected);
}
