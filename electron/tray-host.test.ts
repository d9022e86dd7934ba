import { describe, expect, it } from 'vitest';
import { parseNameHasOwner, planTray, probeStatusNotifierWatcher, trayPlan } from './tray-host';

describe('tray host (issue 14, defect 9)', () => {
  it('always has a tray on macOS and Windows', () => {
    expect(trayPlan('darwin', 'unknown')).toEqual({ createTray: true });
    expect(trayPlan('win32', 'absent')).toEqual({ createTray: true });
  });

  it('on Linux, a tray only with a StatusNotifierWatcher on the session bus; otherwise closing the window quits', () => {
    expect(trayPlan('linux', 'present')).toEqual({ createTray: true });
    const absent = trayPlan('linux', 'absent');
    expect(absent.createTray).toBe(false);
    expect(absent.reason).toMatch(/no tray host.*closing the window quits RAIC/);
    const unknown = trayPlan('linux', 'unknown');
    expect(unknown.createTray).toBe(false);
    expect(unknown.reason).toMatch(/could not tell.*closing the window quits RAIC/);
  });

  it("reads dbus-send's and gdbus's answers", () => {
    expect(parseNameHasOwner('method return time=1 sender=org.freedesktop.DBus\n   boolean true\n')).toBe('present');
    expect(parseNameHasOwner('   boolean false\n')).toBe('absent');
    expect(parseNameHasOwner('(true,)\n')).toBe('present');
    expect(parseNameHasOwner('(false,)\n')).toBe('absent');
    expect(parseNameHasOwner('')).toBe('unknown');
  });

  it('asks dbus-send, then gdbus, and counts no answer as unknown', async () => {
    const asked: string[] = [];
    const missing = (command: string) => {
      asked.push(command);
      return Promise.reject(new Error(`${command}: not found`));
    };
    expect(await probeStatusNotifierWatcher(missing)).toBe('unknown');
    expect(asked).toEqual(['dbus-send', 'gdbus']);
    expect(await probeStatusNotifierWatcher((command) => (command === 'gdbus' ? Promise.resolve('(true,)') : Promise.reject(new Error('no'))))).toBe('present');
    const args: string[][] = [];
    await probeStatusNotifierWatcher((_command, a) => (args.push(a), Promise.resolve('boolean false')));
    expect(args[0]).toContain('string:org.kde.StatusNotifierWatcher');
  });

  it('only probes on Linux', async () => {
    let probed = false;
    const run = () => ((probed = true), Promise.resolve('boolean false'));
    expect(await planTray('darwin', run)).toEqual({ createTray: true });
    expect(probed).toBe(false);
    expect((await planTray('linux', run)).createTray).toBe(false);
    expect(probed).toBe(true);
  });
});
