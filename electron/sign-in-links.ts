/**
 * The one kind of link the desktop window may hand to the system browser:
 * the sign-in page of `rclone authorize` (engine/backends/rclone/
 * rclone-authorize.ts), which rclone serves on 127.0.0.1:53682 and which
 * forwards to the provider's consent page. The sign-in must happen in the
 * user's own browser (where they are signed in, with their password manager
 * and second factor), never in an app window. Every other window.open and
 * target=_blank link stays refused. Pure, so the decision is tested without
 * Electron; main.ts calls it from its window-open handler.
 */
import { isAppUrl } from './security';

/** rclone's callback port, fixed in rclone 1.60 (RCLONE_AUTH_PORT in the engine, which this layer may not import). */
export const RCLONE_SIGN_IN_PORT = 53682;
/** The state rclone puts in its link: URL-safe base64-like characters only. */
const STATE = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * True only for exactly `http://127.0.0.1:53682/auth?state=<token>`: that
 * scheme, host and port, path `/auth`, one `state` parameter of safe
 * characters, no user, password or fragment. Anything else (another port,
 * `localhost`, another path, extra parameters, a look-alike host) is false.
 */
export function isRcloneSignInLink(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' || parsed.hostname !== '127.0.0.1' || parsed.port !== String(RCLONE_SIGN_IN_PORT)) return false;
  if (parsed.username !== '' || parsed.password !== '' || parsed.hash !== '' || parsed.pathname !== '/auth') return false;
  const names = [...parsed.searchParams.keys()];
  if (names.length !== 1 || names[0] !== 'state') return false;
  return STATE.test(parsed.searchParams.get('state') ?? '');
}

/**
 * Whether a window-open request goes to the system browser: only a sign-in
 * link, and only when the page asking is the app's own (`openerUrl`, the
 * requesting contents' URL). The new app window is refused either way.
 */
export function opensInSystemBrowser(url: string, openerUrl: string): boolean {
  return isAppUrl(openerUrl) && isRcloneSignInLink(url);
}
