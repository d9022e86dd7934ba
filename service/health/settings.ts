/** The health monitor's settings, their defaults, and checking changes to them. */

export interface MonitorSettings {
  /** How often every account is probed. */
  accountProbeIntervalMs: number;
  /** Every file is checked (its shares listed: cheap) once per interval. */
  fileCheckIntervalMs: number;
  /** Budget for reading and hash-checking a rotating sample of files' shares. */
  verifyBytesPerHour: number;
  /** Repair files that need it, during passes. */
  autoRepair: boolean;
  /** Repair files at or below this health (when they can still be read). */
  repairWhen: 'degraded' | 'at-risk';
  /** How long one account probe may take before the account counts as offline. */
  probeTimeoutMs: number;
  /** How long one file's check may take, before the time its verify or repair needs to read shares. */
  checkTimeoutMs: number;
}

export const DEFAULT_MONITOR_SETTINGS: Readonly<MonitorSettings> = {
  accountProbeIntervalMs: 60_000,
  fileCheckIntervalMs: 6 * 3_600_000,
  verifyBytesPerHour: 1024 ** 3,
  autoRepair: true,
  repairWhen: 'degraded',
  probeTimeoutMs: 10_000,
  checkTimeoutMs: 10 * 60_000,
};

const POSITIVE_DURATIONS = ['accountProbeIntervalMs', 'fileCheckIntervalMs', 'probeTimeoutMs', 'checkTimeoutMs'] as const;

/** `current` with `changes` applied; throws a RangeError naming the bad setting, leaving nothing half-applied. */
export function mergeSettings(current: MonitorSettings, changes: Partial<MonitorSettings>): MonitorSettings {
  const merged: MonitorSettings = { ...current, ...definedOnly(changes) };
  for (const key of POSITIVE_DURATIONS) {
    const value = merged[key];
    // setTimeout cannot wait longer than 2^31-1 ms (about 24.8 days).
    if (!Number.isFinite(value) || value <= 0 || value > 2 ** 31 - 1) {
      throw new RangeError(`health monitor setting ${key} must be a number of milliseconds between 1 and ${2 ** 31 - 1}, got ${String(value)}`);
    }
  }
  if (!Number.isFinite(merged.verifyBytesPerHour) || merged.verifyBytesPerHour < 0) {
    throw new RangeError(`health monitor setting verifyBytesPerHour must be 0 (no background verification) or more, got ${String(merged.verifyBytesPerHour)}`);
  }
  if (merged.repairWhen !== 'degraded' && merged.repairWhen !== 'at-risk') {
    throw new RangeError(`health monitor setting repairWhen must be "degraded" or "at-risk", got ${String(merged.repairWhen)}`);
  }
  if (typeof merged.autoRepair !== 'boolean') throw new RangeError(`health monitor setting autoRepair must be true or false, got ${String(merged.autoRepair)}`);
  return merged;
}

/** A setting passed as undefined keeps its current value, as if it were left out. */
function definedOnly(changes: Partial<MonitorSettings>): Partial<MonitorSettings> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
}
