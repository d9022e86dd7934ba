/** The provider's quota and free space in a few words, for the account list and cards. */
import type { AccountSummary } from '../../../../shared/api';
import { formatBytes } from '../../../../shared/format-bytes';

export function spaceWords(account: Pick<AccountSummary, 'space' | 'status'>): string {
  const space = account.space;
  if (!space) return account.status === 'disabled' ? '—' : 'Not asked yet';
  if (space.freeBytes !== undefined && space.totalBytes !== undefined) return `${formatBytes(space.freeBytes)} free of ${formatBytes(space.totalBytes)}`;
  if (space.freeBytes !== undefined) return `${formatBytes(space.freeBytes)} free`;
  if (space.problem) return 'Unknown (see the problem)';
  return 'The provider does not say';
}
