/**
 * Which web permissions the page gets: only writing to the clipboard
 * (`navigator.clipboard.writeText`, behind the copy buttons for the recovery
 * key, caps and NURLs), and only for the app's own origin. Everything else
 * (camera, notifications from the page, geolocation, reading the clipboard,
 * ...) and every other origin is refused. Pure, so the decision is tested
 * without Electron; main.ts hands it to both of Electron's handlers.
 */
import { APP_SCHEME } from './security';

/** Chromium's name for a sanitized clipboard write (what writeText asks for). */
export const CLIPBOARD_WRITE = 'clipboard-sanitized-write';

const ALLOWED_FOR_APP = new Set<string>([CLIPBOARD_WRITE]);

/** Exactly app://raic (any path): not another host, port, user or scheme. */
function isAppOrigin(urlOrOrigin: string): boolean {
  try {
    const url = new URL(urlOrOrigin);
    return url.protocol === `${APP_SCHEME}:` && url.hostname === 'raic' && url.port === '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/**
 * `requester` is the requesting URL or origin Electron reports
 * (`details.requestingUrl` for a request, `requestingOrigin` for a check).
 */
export function isPermissionAllowed(permission: string, requester: string | undefined): boolean {
  return ALLOWED_FOR_APP.has(permission) && requester !== undefined && isAppOrigin(requester);
}
