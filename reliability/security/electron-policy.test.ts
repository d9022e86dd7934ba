/**
 * The Electron security checklist, checked without an Electron binary: the
 * window options and CSP from electron/security.ts, which URLs count as the
 * app, and a static scan of the shell's sources for every handler the
 * checklist asks for (permissions denied, navigation and redirects confined
 * to the app, no new windows or webviews, a sender check first in every IPC
 * handler, a preload that exposes functions and never ipcRenderer).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordReliability } from '../../scripts/reliability/record';
import { APP_CONTENT_SECURITY_POLICY, APP_ORIGIN, isAppUrl, secureWebPreferences } from '../../electron/security';
import { CLIPBOARD_WRITE, isPermissionAllowed } from '../../electron/permissions';
import { callSites, electronSources, firstStatement } from './source-scan';

const sources = electronSources();
const allSource = [...sources.values()].join('\n');
const findings: string[] = [];
let checks = 0;

/** Each check counts; a failed one is kept for the record and fails its test. */
function check(ok: boolean, finding: string): void {
  checks++;
  if (!ok) findings.push(finding);
  expect(ok, finding).toBe(true);
}

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => {
    const [name, ...values] = d.trim().split(/\s+/);
    return [name!, values] as const;
  }));
}

describe('Electron security checklist', () => {
  it('window options: isolated, sandboxed, no Node.js, no webview, web security on', () => {
    const prefs = secureWebPreferences('/app/preload.cjs') as Record<string, unknown>;
    const required: Record<string, unknown> = {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
    };
    for (const [key, value] of Object.entries(required)) check(prefs[key] === value, `webPreferences.${key} is ${String(prefs[key])}, not ${String(value)}`);
    for (const key of ['enableRemoteModule', 'enableBlinkFeatures', 'additionalArguments']) check(!(key in prefs), `webPreferences.${key} is set`);
    // Every window the shell creates uses these options, and nothing anywhere turns them off.
    const windows = callSites(allSource, 'new BrowserWindow');
    check(windows.length > 0, 'no BrowserWindow found to check');
    for (const site of windows) check(/webPreferences:\s*secureWebPreferences\(/.test(site.args), `a BrowserWindow without secureWebPreferences: ${site.args.slice(0, 80)}`);
    check(!/nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false|webviewTag:\s*true|allowpopups/.test(allSource), 'an insecure option is set somewhere in electron/');
  });

  it("CSP: default-src 'self', no unsafe-inline or unsafe-eval, no remote sources, object-src and frame-ancestors 'none'", () => {
    const csp = directives(APP_CONTENT_SECURITY_POLICY);
    check(csp.get('default-src')?.join(' ') === "'self'", `default-src is ${csp.get('default-src')?.join(' ')}`);
    check(csp.get('script-src')?.join(' ') === "'self'", `script-src is ${csp.get('script-src')?.join(' ')}`);
    check(csp.get('object-src')?.join(' ') === "'none'", `object-src is ${csp.get('object-src')?.join(' ')}`);
    check(csp.get('frame-ancestors')?.join(' ') === "'none'", `frame-ancestors is ${csp.get('frame-ancestors')?.join(' ')}`);
    check(csp.get('base-uri')?.join(' ') === "'none'", `base-uri is ${csp.get('base-uri')?.join(' ')}`);
    check(!/unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval/.test(APP_CONTENT_SECURITY_POLICY), 'an unsafe-* source is allowed');
    check(!/https?:|\*|blob:|filesystem:/.test(APP_CONTENT_SECURITY_POLICY), 'a remote, wildcard, blob: or filesystem: source is allowed');
    // The app protocol sends it on every file it serves.
    const main = sources.get('main.ts') ?? '';
    check(/headers\.set\('Content-Security-Policy',\s*APP_CONTENT_SECURITY_POLICY\)/.test(main), 'the app protocol does not set the CSP header');
  });

  it('only app://raic/ counts as the app (for navigation and IPC)', () => {
    for (const url of [`${APP_ORIGIN}/index.html`, `${APP_ORIGIN}/index.html#/files`, 'app://raic/']) check(isAppUrl(url), `${url} is not treated as the app`);
    const impostors = ['app://evil/index.html', 'app://raic.evil.example/', 'app://raic@evil/', 'app://raic:8080/', 'https://raic/', 'http://127.0.0.1/', 'file:///app/index.html', 'javascript:alert(1)', 'data:text/html,app://raic/', 'about:blank', 'devtools://devtools/', '', 'app:raic', 'app:///raic/'];
    for (const url of impostors) check(!isAppUrl(url), `${url} is treated as the app`);
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => !isAppUrl(url)),
      { numRuns: 1000, seed: 4747 },
    );
    checks += 1000;
    // The app's windows only ever load the app origin.
    for (const site of callSites(allSource, 'loadURL')) check(/^\(`\$\{APP_ORIGIN\}\//.test(site.args), `loadURL of something else: ${site.args.slice(0, 80)}`);
  });

  it('main process: permissions denied (but clipboard writes from the app), navigation and redirects confined, no new windows, no webviews', () => {
    const main = sources.get('main.ts') ?? '';
    // Issue 14, defect 6: both handlers answer with isPermissionAllowed (clipboard-sanitized-write for app://raic only, tested below).
    const permission = callSites(main, 'setPermissionRequestHandler');
    check(permission.length === 1 && /^\s*callback\(isPermissionAllowed\(/.test(permission[0]!.callbackBody) && !/callback\(true\)/.test(permission[0]!.callbackBody), 'permission requests are not decided by isPermissionAllowed');
    const permissionCheck = callSites(main, 'setPermissionCheckHandler');
    check(permissionCheck.length === 1 && /^\s*isPermissionAllowed\(/.test(permissionCheck[0]!.callbackBody), 'permission checks are not decided by isPermissionAllowed');
    fc.assert(
      fc.property(fc.string(), fc.webUrl(), (name, url) => {
        checks++;
        return !isPermissionAllowed(name === CLIPBOARD_WRITE ? 'media' : name, APP_ORIGIN) && !isPermissionAllowed(CLIPBOARD_WRITE, url) && isPermissionAllowed(CLIPBOARD_WRITE, `${APP_ORIGIN}/`);
      }),
    );
    for (const event of ['will-navigate', 'will-redirect']) {
      const handlers = callSites(main, 'contents.on').filter((s) => s.args.startsWith(`('${event}'`));
      check(handlers.length === 1, `no ${event} handler on every web contents`);
      check(/if\s*\(!isAppUrl\(url\)\)\s*event\.preventDefault\(\)/.test(handlers[0]?.callbackBody ?? ''), `${event} does not prevent leaving the app`);
    }
    const webview = callSites(main, 'contents.on').filter((s) => s.args.startsWith("('will-attach-webview'"));
    check(webview.length === 1 && /event\.preventDefault\(\)/.test(webview[0]!.callbackBody), 'will-attach-webview is not prevented');
    const windowOpen = callSites(main, 'contents.setWindowOpenHandler');
    check(windowOpen.length === 1 && /action:\s*'deny'/.test(windowOpen[0]!.callbackBody) && !/'allow'/.test(windowOpen[0]!.callbackBody), 'new windows are not denied');
    // These handlers are installed for every web contents, not only the main window.
    check(/app\.on\('web-contents-created'/.test(main), 'the handlers are not attached to every web contents');
    // The one link that leaves the app is rclone's sign-in page, asked for by the app's own page (electron/sign-in-links.ts).
    const external = allSource.split('\n').filter((line) => /openExternal\(/.test(line));
    check(external.every((line) => /if \(opensInSystemBrowser\(url, contents\.getURL\(\)\)\) shell\.openExternal\(url\)/.test(line)), 'shell.openExternal is called without the sign-in link check');
    check(!/executeJavaScript\(/.test(allSource), 'executeJavaScript is used');
  });

  it('IPC: every handler checks its sender first; the preload exposes functions, never ipcRenderer', () => {
    let handlers = 0;
    for (const [file, text] of sources) {
      for (const callee of ['ipcMain.handle', 'ipcMain.on', 'ipcMain.once', 'ipcMain.handleOnce']) {
        for (const site of callSites(text, callee)) {
          handlers++;
          const first = firstStatement(site.callbackBody);
          check(/if\s*\(!fromApp\(event\)\)\s*return\b/.test(first), `${file}: ${callee}${site.args.slice(0, 50)} does not check its sender first (starts with "${first.slice(0, 60)}")`);
        }
      }
    }
    check(handlers > 0, 'no IPC handler found to check');
    const ipc = sources.get('ipc.ts') ?? '';
    // The sender check itself looks at the frame's URL, not at the (spoofable) window title or a page-sent value.
    check(/function fromApp\(event: IpcMainInvokeEvent\): boolean \{\s*return Boolean\(event\.senderFrame && isAppUrl\(event\.senderFrame\.url\)\);/.test(ipc), 'fromApp does not check event.senderFrame.url with isAppUrl');
    const preload = sources.get('preload.ts') ?? '';
    const exposed = callSites(preload, 'contextBridge.exposeInMainWorld');
    check(exposed.length > 0, 'the preload exposes nothing through contextBridge');
    for (const site of exposed) check(!/,\s*ipcRenderer\s*\)|ipcRenderer\s*[,}]\s*\)|\bsend\s*:|invoke\s*:\s*\(channel/.test(site.args), `the preload exposes ipcRenderer or a generic channel: ${site.args.slice(0, 80)}`);
    check(!/ipcRenderer\.invoke\(\s*channel\b|ipcRenderer\.send\(\s*channel\b/.test(preload), 'the preload lets the page pick the IPC channel');
    recordReliability({
      suite: 'Electron security',
      scenario: 'checklist without an Electron binary: webPreferences, every BrowserWindow, CSP, isAppUrl (1 000 random web URLs and 14 impostors), permission/navigation/redirect/window-open/webview handlers, sender check first in every IPC handler, preload bridge',
      trials: checks,
      outcome: findings.length === 0 ? `all ${checks} checks passed (${handlers} IPC handlers, each refusing non-app senders first)` : `${findings.length} findings: ${findings.join('; ')}`,
      lost: findings.length,
      figures: { ipcHandlers: handlers, findings: findings.length },
    });
  });
});

describe('the source scanner', () => {
  it('sees a handler that does not check its sender, and ignores a check that is commented out', async () => {
    const { stripComments } = await import('./source-scan');
    const text = stripComments(`
      ipcMain.handle('raic:good', (event, input) => {
        if (!fromApp(event)) return REFUSED;
        return run(input);
      });
      ipcMain.handle('raic:bad', async (event, input) => {
        // if (!fromApp(event)) return REFUSED;
        return run(input);
      });`);
    const sites = callSites(text, 'ipcMain.handle');
    expect(sites.map((s) => /if\s*\(!fromApp\(event\)\)\s*return\b/.test(firstStatement(s.callbackBody)))).toEqual([true, false]);
  });
});
