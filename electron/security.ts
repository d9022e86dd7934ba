/**
 * The desktop shell's security policy, in one place so a test can check it:
 * window options, the CSP the app protocol sends, and which URLs count as ours.
 */
import type { WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://raic`;

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** Same policy as headless mode: only the app's own files, no remote content. */
export const APP_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY;

/** True only for pages the app itself serves; IPC from anywhere else is refused. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'raic';
  } catch {
    return false;
  }
}
