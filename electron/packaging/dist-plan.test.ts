import { describe, expect, it } from 'vitest';
import { distPlan } from '../../scripts/dist-plan.mjs';

const here = { platform: 'linux' as const, arch: 'x64', electronDir: '/repo/node_modules/electron/dist' };

describe('npm run dist', () => {
  it('says why, in one sentence, where there is no Electron binary to package', () => {
    const plan = distPlan(['--dir'], { ...here, electronDir: undefined });
    expect(plan.reason).toMatch(/^Electron's binary is not installed here/);
    expect(plan.builderArgs).toBeUndefined();
  });

  it("packages with electron-builder.yml and the installed Electron, passing the caller's options on", () => {
    expect(distPlan(['--dir'], here).builderArgs).toEqual(['--config', 'electron-builder.yml', '-c.electronDist=/repo/node_modules/electron/dist', '--dir']);
    expect(distPlan(['--linux', '--x64'], here).builderArgs).toContain('--linux');
  });

  it('keeps a configuration the caller names (the test build)', () => {
    const plan = distPlan(['--config', 'electron-builder.test.yml', '--dir'], here);
    expect(plan.builderArgs).toEqual(['-c.electronDist=/repo/node_modules/electron/dist', '--config', 'electron-builder.test.yml', '--dir']);
  });

  it("refuses another OS's or architecture's packages: the native add-ons installed here are this machine's", () => {
    expect(distPlan(['--win'], here).reason).toMatch(/win32/);
    expect(distPlan(['-m'], here).reason).toMatch(/darwin/);
    expect(distPlan(['--arm64'], here).reason).toMatch(/arm64/);
    expect(distPlan(['--universal'], { ...here, platform: 'darwin', arch: 'arm64' }).reason).toMatch(/universal/);
  });
});
