import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_CONTENT_SECURITY_POLICY, isAppUrl, secureWebPreferences } from './security';

describe('desktop shell security policy', () => {
  it('isolates and sandboxes the page, with no Node.js in it', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('allows only the app itself as a source of scripts, styles and connections', () => {
    const directives = new Map(APP_CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }));
    for (const name of ['default-src', 'script-src', 'style-src', 'connect-src']) {
      expect(directives.get(name), name).toEqual(["'self'"]);
    }
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(APP_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('treats only app://raic/ pages as the app', () => {
    expect(isAppUrl('app://raic/index.html')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://raic/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('main process wires every safeguard (navigation, new windows, permissions, IPC sender check, input check)', () => {
    // The handlers run inside Electron, which this machine may not have; the e2e test exercises them where it does.
    const read = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');
    const main = read('./main.ts');
    for (const needle of ["'will-navigate'", "'will-redirect'", 'setWindowOpenHandler', 'setPermissionRequestHandler', 'requestSingleInstanceLock']) {
      expect(main, needle).toContain(needle);
    }
    expect(read('./main-window.ts')).toContain('webPreferences: secureWebPreferences(');
    const ipc = read('./ipc.ts');
    // Every handler: sender check first, then the input check, then the host.
    expect(ipc).toContain('isAppUrl(event.senderFrame.url)');
    // One sender check per handler (the operations' loop, the save dialog, the folder dialog).
    expect(ipc.match(/ipcMain\.handle\(/g)).toHaveLength(3);
    expect(ipc.match(/if \(!fromApp\(event\)\)/g)).toHaveLength(3);
    expect(ipc).toContain('rejectInvalidInput(operation, input) ?? host.request(operation, input)');
  });

  it('the preload exposes one function per operation and never ipcRenderer itself', () => {
    const preload = readFileSync(new URL('./preload.ts', import.meta.url), 'utf8');
    expect(preload).toMatch(/exposeInMainWorld\('raicBridge', bridge\)/);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
    expect(preload).toContain('chooseSavePath(defaultName: string)');
    expect(preload).toContain('chooseFolder(): Promise<string | undefined>');
  });
});
