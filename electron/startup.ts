/**
 * The app's identity shared with its installers, and the start-up sequence's
 * error path (pure, unit-tested; main.ts wires them to Electron).
 */

/**
 * electron-builder's appId. Windows groups the taskbar and attributes
 * notifications by this id; without app.setAppUserModelId it would be
 * Electron's own. The packaging test checks it against electron-builder.yml.
 */
export const APP_ID = 'org.raic.desktop';

/**
 * Runs `start` once `ready` resolves; a failure of either (not only of
 * `ready`) reaches `fail`, which must end the app: otherwise a start that
 * throws leaves it running with no window.
 */
export function startWhenReady(ready: Promise<unknown>, start: () => Promise<void>, fail: (error: unknown) => void): Promise<void> {
  return ready.then(start).catch(fail);
}
