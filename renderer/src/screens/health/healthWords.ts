/**
 * Health states and event severities in plain words. The dashboard and the
 * health screen say them the same way, and always in words next to any
 * colour or icon (colour alone says nothing to a screen reader or to
 * colour-blind users).
 */
import type { HealthState } from '../../components/common';

export const HEALTH_WORDS: Record<HealthState, { label: string; explanation: string }> = {
  healthy: { label: 'Healthy', explanation: 'Every file has all of its shares.' },
  degraded: {
    label: 'Degraded',
    explanation: 'Some files are missing shares. They can still be read and still survive losing an account, but less well; a repair puts the shares back.',
  },
  'at-risk': {
    label: 'At risk',
    explanation: 'Some files have only just enough shares: losing one more account would make them unreadable. Repair them now.',
  },
  unreadable: {
    label: 'Unreadable',
    explanation: 'Some files cannot be read right now: too many of their accounts are unreachable. Bring the missing accounts back online.',
  },
  unknown: { label: 'Not checked yet', explanation: 'RAIC has not checked your files yet.' },
};

/** Worst first: the order counts and lists are shown in. */
export const HEALTH_ORDER: readonly HealthState[] = ['unreadable', 'at-risk', 'degraded', 'healthy', 'unknown'];

export function asHealthState(value: string): HealthState {
  return value in HEALTH_WORDS ? (value as HealthState) : 'unknown';
}

export type Severity = 'info' | 'warning' | 'error';

export const SEVERITY_WORDS: Record<Severity, string> = { info: 'Information', warning: 'Warning', error: 'Problem' };

/** The monitor's event kinds (service/health/monitor-types.ts), as filter choices. */
export const EVENT_KIND_WORDS: Record<string, string> = {
  'account-offline': 'Account went offline',
  'account-online': 'Account back online',
  'file-health': 'File health changed',
  'share-corrupt': 'Corrupt share found',
  'repair-done': 'Repair done',
  'repair-failed': 'Repair failed',
  'check-pass': 'Health check finished',
};

export function kindWords(kind: string): string {
  return EVENT_KIND_WORDS[kind] ?? kind;
}
