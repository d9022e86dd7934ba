import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RCLONE_SIGN_IN_PORT, isRcloneSignInLink, opensInSystemBrowser } from './sign-in-links';

/** A link as `rclone authorize` prints it (rclone-authorize.ts reads it with the same shape). */
const SIGN_IN_LINK = 'http://127.0.0.1:53682/auth?state=Xq3k9_fZ-Lp0aR2wT8uV';

describe('which links the desktop window opens in the system browser', () => {
  it("accepts rclone's sign-in page on 127.0.0.1:53682", () => {
    expect(RCLONE_SIGN_IN_PORT).toBe(53682);
    expect(isRcloneSignInLink(SIGN_IN_LINK)).toBe(true);
    expect(isRcloneSignInLink('http://127.0.0.1:53682/auth?state=a')).toBe(true);
  });

  it('refuses everything else: other schemes, hosts, ports, paths, parameters, credentials and fragments', () => {
    const refused = [
      'https://127.0.0.1:53682/auth?state=abc',
      'http://localhost:53682/auth?state=abc',
      'http://127.0.0.2:53682/auth?state=abc',
      'http://127.0.0.1.evil.example:53682/auth?state=abc',
      'http://evil.example/http://127.0.0.1:53682/auth?state=abc',
      'http://127.0.0.1/auth?state=abc',
      'http://127.0.0.1:53683/auth?state=abc',
      'http://127.0.0.1:80/auth?state=abc',
      'http://127.0.0.1:53682/',
      'http://127.0.0.1:53682/auth',
      'http://127.0.0.1:53682/auth/',
      'http://127.0.0.1:53682/authx?state=abc',
      'http://127.0.0.1:53682/?state=abc',
      'http://127.0.0.1:53682/auth?state=',
      'http://127.0.0.1:53682/auth?state=abc&redirect=https://evil.example',
      'http://127.0.0.1:53682/auth?state=abc&state=def',
      'http://127.0.0.1:53682/auth?code=abc',
      'http://127.0.0.1:53682/auth?state=a%20b',
      'http://127.0.0.1:53682/auth?state=<script>',
      'http://127.0.0.1:53682/auth?state=abc#fragment',
      'http://user:pass@127.0.0.1:53682/auth?state=abc',
      'http://user@127.0.0.1:53682/auth?state=abc',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'app://raic/index.html',
      'https://accounts.google.com/o/oauth2/auth?state=abc',
      'not a url',
      '',
    ];
    for (const url of refused) expect(isRcloneSignInLink(url), url).toBe(false);
  });

  it('refuses any link that is not exactly the sign-in page (random URLs)', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const parsed = new URL(url);
        const exact = parsed.origin === 'http://127.0.0.1:53682' && parsed.pathname === '/auth';
        return exact || !isRcloneSignInLink(url);
      }),
      { numRuns: 2000 },
    );
  });

  it('opens a sign-in link in the browser only when the app itself asks', () => {
    expect(opensInSystemBrowser(SIGN_IN_LINK, 'app://raic/index.html#/accounts')).toBe(true);
    expect(opensInSystemBrowser('https://example.com/', 'app://raic/index.html')).toBe(false);
    // A page that is not the app (one that got in by mistake) opens nothing, not even the sign-in link.
    for (const opener of ['https://evil.example/', 'app://evil/index.html', 'http://127.0.0.1:53682/auth?state=abc', '']) {
      expect(opensInSystemBrowser(SIGN_IN_LINK, opener), opener).toBe(false);
    }
  });

  it('main.ts refuses every new window and opens only what this module allows in the browser', () => {
    // Electron cannot run here; this checks the wiring by reading main.ts, as security.test.ts does.
    const main = readFileSync(new URL('./main.ts', import.meta.url), 'utf8');
    const handler = /contents\.setWindowOpenHandler\(\(\{ url \}\) => \{([\s\S]*?)\n {4}\}\);/.exec(main)?.[1] ?? '';
    expect(handler).toMatch(/^\s*\/\/.*\n\s*if \(opensInSystemBrowser\(url, contents\.getURL\(\)\)\) shell\.openExternal\(url\)\.catch\(\(\) => undefined\);\n\s*return \{ action: 'deny' \};$/);
    expect(main.match(/setWindowOpenHandler/g)).toHaveLength(1);
    expect(main.match(/openExternal\(/g)).toHaveLength(1);
  });
});
