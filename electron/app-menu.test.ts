import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { appMenuTemplate } from './app-menu';

/** Every role in the menu, submenus included. */
function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [...(item.role ? [item.role] : []), ...(Array.isArray(item.submenu) ? roles(item.submenu) : [])]);
}

describe('application menu', () => {
  it('a release build offers no DevTools and no reload, on every OS', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const menu = roles(appMenuTemplate({ platform, isPackaged: true }));
      expect(menu).not.toContain('toggleDevTools');
      expect(menu).not.toContain('reload');
      expect(menu).not.toContain('forceReload');
    }
  });

  it('a development run keeps DevTools', () => {
    expect(roles(appMenuTemplate({ platform: 'linux', isPackaged: false }))).toContain('toggleDevTools');
  });

  it('keeps the Edit menu (copy and paste shortcuts on macOS) and a way to quit', () => {
    const mac = roles(appMenuTemplate({ platform: 'darwin', isPackaged: true }));
    expect(mac).toEqual(expect.arrayContaining(['appMenu', 'editMenu']));
    const linux = roles(appMenuTemplate({ platform: 'linux', isPackaged: true }));
    expect(linux).toEqual(expect.arrayContaining(['quit', 'editMenu']));
  });
});
