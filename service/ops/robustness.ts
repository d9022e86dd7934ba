/** What the grid survives, previews of a change, the encoding chart and recommendations, and changing the encoding. */
import { ApiError } from '../../shared/api';
import { formatBytes } from '../../shared/format-bytes';
import type { ServiceContext } from '../service-context';
import { encodingChart, encodingRecommendation, robustnessReport } from '../robustness-report';
import type { OperationHandlers } from './handlers';
import { newAccountDomain } from '../new-account-domain';
import { accountChangeReport } from '../account-change-report';
import { findProvider, settingFieldsOf } from '../../shared/providers';

type RobustnessOperations = 'getRobustness' | 'previewRobustness' | 'getEncodingChart' | 'recommendEncodings' | 'setEncoding';

export function robustnessOperations(ctx: ServiceContext): OperationHandlers<RobustnessOperations> {
  return {
    getRobustness: async () => robustnessReport(ctx.config, ctx.catalog),
    async previewRobustness(input) {
      const add = input.addAccount ? { ...input.addAccount, name: input.addAccount.name ?? 'New account', settings: nonSecretSettings(input.addAccount) } : undefined;
      const preview = robustnessReport(ctx.config, ctx.catalog, { encoding: input.encoding, add, removeId: input.removeAccountId, preview: true });
      return {
        current: robustnessReport(ctx.config, ctx.catalog),
        preview,
        newAccountDomain: add ? newAccountDomain(preview.failureDomains, new Map(ctx.config.accounts.map((a) => [a.id, a.name]))) : null,
        // Both sides as uploads would place files: the current figures above judge stored files, which a new account does not move.
        change: accountChangeReport(ctx.config, { add, removeId: input.removeAccountId, encoding: input.encoding }),
      };
    },
    getEncodingChart: async () => encodingChart(ctx.config),
    recommendEncodings: async (input) => encodingRecommendation(ctx.config, input.target),
    async setEncoding(input) {
      const enabled = ctx.config.accounts.filter((a) => a.enabled).length;
      const { needed, happy, total } = input.encoding;
      if (happy > enabled) {
        throw new ApiError('invalid_input', `happy: uploads must reach ${happy} different accounts, but ${enabled} are enabled; lower "happy" to ${enabled} or add accounts.`, 'happy');
      }
      await ctx.saveConfig({ ...ctx.config, encoding: { ...ctx.config.encoding, needed, happy, total } });
      ctx.backup.schedule();
      const others = ctx.catalog.allFiles().filter((f) => f.storageIndex !== null && (f.encoding.needed !== needed || f.encoding.total !== total));
      const bytesToReencode = others.reduce((sum, f) => sum + f.size, 0);
      const storedBytesChange = others.reduce((sum, f) => sum + f.size * (total / needed - f.encoding.total / f.encoding.needed), 0);
      const jobs = input.reencodeExisting
        ? others.map((f) => ctx.jobs.submit('reencode', { path: f.path, cap: f.cap }, { title: `Re-encode ${f.path}`, totalBytes: f.size }))
        : [];
      const message = encodingChangeMessage({ needed, total, files: others.length, bytesToReencode, storedBytesChange, reencoding: input.reencodeExisting === true });
      return { encoding: { ...ctx.config.encoding }, filesWithOtherEncoding: others.length, bytesToReencode, storedBytesChange, jobs, message };
    },
  };
}

function encodingChangeMessage(change: { needed: number; total: number; files: number; bytesToReencode: number; storedBytesChange: number; reencoding: boolean }): string {
  const { needed, total, files, bytesToReencode, storedBytesChange } = change;
  const effect = `${storedBytesChange >= 0 ? 'adds' : 'frees'} about ${formatBytes(Math.abs(storedBytesChange))} of storage`;
  if (files === 0) return `New files are stored ${needed}-of-${total}. No stored file needs re-encoding.`;
  if (change.reencoding) return `Re-encoding ${files} files (${formatBytes(bytesToReencode)} to read and store again); when done it ${effect}. The old shares stay until they are cleaned up.`;
  return `New files are stored ${needed}-of-${total}. ${files} stored files (${formatBytes(bytesToReencode)}) keep their old encoding; re-encoding them ${effect}.`;
}

/** Only the provider's setting fields go on to domain detection: a secret typed into the form is dropped here, whatever the caller sent. */
function nonSecretSettings(add: { provider: string; settings?: Record<string, string | number> }): Record<string, string | number> | undefined {
  const provider = findProvider(add.provider);
  if (!add.settings || !provider) return undefined;
  const allowed = new Set(settingFieldsOf(provider));
  return Object.fromEntries(Object.entries(add.settings).filter(([key]) => allowed.has(key)));
}
