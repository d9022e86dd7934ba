/**
 * The health monitor form's values as typed, and the rules the service
 * applies (shared/api-schemas.ts, MonitorSettingsInputSchema) said in words
 * before anything is sent.
 */
import type { GridStatus } from '../../../../shared/api';
import { durationOf, msOf, spokenDuration, type Duration } from './durations';

export type MonitorSettings = GridStatus['monitor'];

export interface MonitorDraft {
  accountProbe: Duration;
  fileCheck: Duration;
  verifyGiB: string;
  autoRepair: boolean;
  repairWhen: MonitorSettings['repairWhen'];
}
export type MonitorErrors = Partial<Record<'accountProbe' | 'fileCheck' | 'verifyGiB', string>>;

const GIB = 1024 ** 3;
const LIMITS = {
  accountProbe: { min: 5_000, max: 86_400_000 },
  fileCheck: { min: 60_000, max: 30 * 86_400_000 },
  verifyGiB: { max: 1024 },
};

export function monitorDraftOf(settings: MonitorSettings): MonitorDraft {
  return {
    accountProbe: durationOf(settings.accountProbeIntervalMs),
    fileCheck: durationOf(settings.fileCheckIntervalMs),
    verifyGiB: String(Number((settings.verifyBytesPerHour / GIB).toFixed(3))),
    autoRepair: settings.autoRepair,
    repairWhen: settings.repairWhen,
  };
}

function intervalError(ms: number | undefined, limits: { min: number; max: number }): string | undefined {
  if (ms === undefined || ms < limits.min || ms > limits.max) return `Choose between ${spokenDuration(limits.min)} and ${spokenDuration(limits.max)}.`;
  return undefined;
}

/** The settings to send, or the errors by field. */
export function readMonitorDraft(draft: MonitorDraft): { settings?: MonitorSettings; errors: MonitorErrors } {
  const accountProbeIntervalMs = msOf(draft.accountProbe);
  const fileCheckIntervalMs = msOf(draft.fileCheck);
  const gib = Number(draft.verifyGiB.trim());
  const errors: MonitorErrors = {
    accountProbe: intervalError(accountProbeIntervalMs, LIMITS.accountProbe),
    fileCheck: intervalError(fileCheckIntervalMs, LIMITS.fileCheck),
    verifyGiB:
      draft.verifyGiB.trim() === '' || !Number.isFinite(gib) || gib < 0 || gib > LIMITS.verifyGiB.max
        ? `Enter an amount from 0 (only check that shares exist) to ${LIMITS.verifyGiB.max} GiB.`
        : undefined,
  };
  for (const key of Object.keys(errors) as (keyof MonitorErrors)[]) if (!errors[key]) delete errors[key];
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    settings: {
      accountProbeIntervalMs: accountProbeIntervalMs!,
      fileCheckIntervalMs: fileCheckIntervalMs!,
      verifyBytesPerHour: Math.round(gib * GIB),
      autoRepair: draft.autoRepair,
      repairWhen: draft.repairWhen,
    },
  };
}
