/**
 * What the browser page says when it cannot reach RAIC or is not let in, in
 * plain words and with what to do (the user may have run `npm start`, not
 * `raic serve`), and the window event the client fires when a new access
 * token arrives in the address (#token=…), so failed views load again
 * without a page reload.
 */
export const ACCESS_TOKEN_CHANGED = 'raic:access-token-changed';

export const NO_TOKEN =
  'This page was opened without its access key. Open the address RAIC printed when it started (in the window where you ran `npm start` or `raic serve`), or paste it into this tab’s address bar.';

export const TOKEN_REFUSED =
  'RAIC did not accept this page’s access key: it was replaced (raic token rotate, or a start with --new-token). Paste the address RAIC printed last into this tab’s address bar; the page picks it up without reloading.';

export const NOT_ANSWERING =
  'RAIC is not running, or not reachable from this browser. Start it again (`npm start`, or `raic serve`); this page reconnects by itself once it answers.';

/** The headline above such a message, instead of "RAIC could not load …", which says neither why nor what to do. */
export function failureTitle(message: string, what: string): string {
  if (message === NO_TOKEN || message === TOKEN_REFUSED) return 'This page needs RAIC’s current address';
  if (message === NOT_ANSWERING) return 'RAIC is not answering';
  return `RAIC could not load ${what}.`;
}
