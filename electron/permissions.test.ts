import { describe, expect, it } from 'vitest';
import { CLIPBOARD_WRITE, isPermissionAllowed } from './permissions';

describe('web permissions (issue 14, defect 6)', () => {
  it("lets the app's own page write to the clipboard (the copy buttons)", () => {
    expect(isPermissionAllowed(CLIPBOARD_WRITE, 'app://raic/index.html#/recovery')).toBe(true);
    expect(isPermissionAllowed(CLIPBOARD_WRITE, 'app://raic')).toBe(true);
    expect(isPermissionAllowed(CLIPBOARD_WRITE, 'app://raic/')).toBe(true);
  });

  it('refuses the clipboard to every other origin', () => {
    for (const other of ['https://raic', 'https://example.com/', 'app://evil/', 'app://raic:8080/', 'app://user:pw@raic/', 'file:///index.html', 'null', '', undefined]) {
      expect(isPermissionAllowed(CLIPBOARD_WRITE, other), String(other)).toBe(false);
    }
  });

  it('refuses every other permission, also to the app', () => {
    for (const permission of ['clipboard-read', 'notifications', 'media', 'geolocation', 'openExternal', 'fileSystem', 'hid', 'serial', 'usb', 'fullscreen', 'unknown']) {
      expect(isPermissionAllowed(permission, 'app://raic/index.html'), permission).toBe(false);
    }
  });
});
