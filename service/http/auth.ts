import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh access token for one headless session: 256 bits, URL-safe. */
export function newAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Compares the presented bearer token with the session's in constant time.
 * Both sides are hashed first so that their lengths cannot leak through timing.
 */
export function bearerTokenMatches(authorizationHeader: string | undefined, token: string): boolean {
  const match = /^Bearer ([A-Za-z0-9_-]+)$/.exec(authorizationHeader ?? '');
  const presented = match?.[1] ?? '';
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b) && presented.length > 0;
}

/**
 * DNS-rebinding defence: a page on evil.example that resolves to 127.0.0.1
 * still sends `Host: evil.example`; only loopback names with our port pass.
 */
export function isAllowedHost(hostHeader: string | undefined, port: number, extraHosts: readonly string[] = []): boolean {
  if (!hostHeader) return false;
  const allowed = ['127.0.0.1', 'localhost', '[::1]', ...extraHosts].map((h) => `${h}:${port}`.toLowerCase());
  return allowed.includes(hostHeader.toLowerCase());
}
