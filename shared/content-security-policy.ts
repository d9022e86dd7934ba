/**
 * The Content-Security-Policy the UI is served with, in both transports: the
 * desktop app's app:// protocol (electron/security.ts) and headless mode's
 * HTTP server (service/http/server.ts). Only the app's own files, no inline
 * script, no remote content.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
