/** Settings: unlocking the secrets file, finishing the first-run wizard, the monitor's schedule, pausing background work. */
import type { ServiceContext } from '../service-context';
import type { ServiceLifecycle } from '../lifecycle';
import type { OperationHandlers } from './handlers';

type SettingsOperations = 'unlockSecrets' | 'completeSetup' | 'setMonitorSettings' | 'setPaused';

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
  };
}
