/** Settings: unlocking the secrets file, finishing the first-run wizard, the monitor's schedule, pausing background work, which rclone to run. */
import type { ServiceContext } from '../service-context';
import type { ServiceLifecycle } from '../lifecycle';
import type { OperationHandlers } from './handlers';
import { checkRclonePath, rcloneSettings } from '../rclone-settings';
import { configureRclone } from '../../engine/backends/rclone/rclone-binary';

type SettingsOperations = 'unlockSecrets' | 'completeSetup' | 'setMonitorSettings' | 'setPaused' | 'getRcloneSettings' | 'setRclonePath';

export function settingsOperations(ctx: ServiceContext, lifecycle: ServiceLifecycle): OperationHandlers<SettingsOperations> {
  return {
    async unlockSecrets(input) {
      const status = await ctx.secrets.unlockWithPassphrase(input.passphrase, input.create === true);
      // Accounts whose keys were locked away can open now.
      await ctx.accountsChanged();
      return status;
    },
    async completeSetup() {
      await ctx.saveConfig({ ...ctx.config, setupComplete: true });
      return { ok: true };
    },
    async setMonitorSettings(input) {
      const monitor = { ...ctx.config.monitor, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) };
      await ctx.saveConfig({ ...ctx.config, monitor });
      ctx.monitor.updateSettings(monitor);
      return { ...monitor };
    },
    setPaused: (input) => lifecycle.setPaused(input.paused),
    getRcloneSettings: () => rcloneSettings(ctx.config),
    async setRclonePath(input) {
      const chosen = input.path ? input.path : undefined;
      if (chosen) await checkRclonePath(chosen);
      const { rclonePath: _previous, ...rest } = ctx.config;
      await ctx.saveConfig(chosen ? { ...rest, rclonePath: chosen } : rest);
      // rclone children started from now on run this program; running ones keep theirs until they restart.
      configureRclone({ settingsPath: chosen });
      return rcloneSettings(ctx.config);
    },
  };
}
