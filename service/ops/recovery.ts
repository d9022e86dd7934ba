/**
 * The recovery key and restoring from it: the catalog backup is read from the
 * accounts added here, old accounts are matched to new ones by where they
 * store, and the result says in words what came back and what is missing.
 */
import { ApiError, type RestoreResult } from '../../shared/api';
import type { ServiceContext } from '../service-context';
import { writeGridKey } from '../grid-config';
import { keyIdOf, loadRecoveryBundle } from '../catalog-backup';
import { formatRecoveryKeyFile, parseRecoveryKey, recoveryKeyToWords, type RecoveryKey } from '../recovery';
import { catalogCall } from '../catalog-call';
import type { ImportResult } from '../catalog';
import { describeLocation } from '../accounts/backend-settings';
import type { OperationHandlers } from './handlers';

type LoadedBundle = Awaited<ReturnType<typeof loadRecoveryBundle>>;

export function recoveryOperations(ctx: ServiceContext): OperationHandlers<'getRecoveryKey' | 'restoreFromRecoveryKey'> {
  return {
    async getRecoveryKey() {
      const key = await ctx.recoveryKey();
      return { keyId: keyIdOf(key), words: recoveryKeyToWords(key), fileText: formatRecoveryKeyFile(key, { createdAt: new Date() }) };
    },
    async restoreFromRecoveryKey(input) {
      const key = parseKey(input.key);
      const { runtimes } = await ctx.refreshAccounts();
      if (runtimes.length === 0) throw new ApiError('conflict', 'Add the accounts your old RAIC used first: the backup is stored on them.');
      let loaded: LoadedBundle;
      try {
        loaded = await loadRecoveryBundle(runtimes, key);
      } catch (error) {
        throw new ApiError('not_found', (error as Error).message);
      }
      const { idMap, missingAccounts } = matchAccounts(ctx, loaded.bundle.accounts);
      const hadFiles = ctx.catalog.totals().files > 0;
      const imported = catalogCall(() => ctx.catalog.importSnapshot(loaded.bundle.catalog, { accountIdMap: idMap, onConflict: 'skip' }));
      if (!hadFiles) await continueOldGrid(ctx, loaded, key);
      ctx.catalog.addEvent({ kind: 'restore', severity: 'info', message: `Restored ${imported.imported} files${keptContent(imported)} from the catalog backup of ${new Date(loaded.createdAt).toISOString()}.` });
      return {
        filesRestored: imported.imported,
        filesSkipped: imported.skipped,
        catalogSeq: loaded.seq,
        catalogCreatedAt: loaded.createdAt,
        missingAccounts,
        message: restoreMessage(imported, missingAccounts, loaded),
      };
    },
  };
}

function parseKey(text: string): RecoveryKey {
  try {
    return parseRecoveryKey(text);
  } catch (error) {
    throw new ApiError('invalid_input', `key: ${(error as Error).message}`, 'key');
  }
}

/** Old account ids map onto the accounts added here by where they store (same bucket, folder, URL). */
function matchAccounts(ctx: ServiceContext, oldAccounts: LoadedBundle['bundle']['accounts']) {
  const byLocation = new Map(ctx.config.accounts.map((a) => [describeLocation(a), a.id]));
  const idMap = new Map<string, string>();
  const missingAccounts: RestoreResult['missingAccounts'] = [];
  for (const old of oldAccounts) {
    const current = byLocation.get(old.location);
    if (current) idMap.set(old.id, current);
    else missingAccounts.push({ name: old.name, provider: old.provider, location: old.location });
  }
  return { idMap, missingAccounts };
}

/** A fresh grid carries on as the old one: same convergence secret (so re-uploads deduplicate), lease secret and recovery key. */
async function continueOldGrid(ctx: ServiceContext, loaded: LoadedBundle, key: RecoveryKey): Promise<void> {
  await writeGridKey(ctx.dataDir, 'convergence', Buffer.from(loaded.bundle.convergence, 'base64'));
  await writeGridKey(ctx.dataDir, 'lease-secret', Buffer.from(loaded.bundle.leaseSecret, 'base64'));
  await writeGridKey(ctx.dataDir, 'recovery-key', key.bytes);
  ctx.adoptRecoveryKey(key);
  await ctx.backup.adoptSeq(loaded.seq);
}

/** ", 2 earlier versions and 1 deleted item in the trash" when the backup had them. */
function keptContent({ versions, trashItems }: ImportResult): string {
  const parts = [
    versions > 0 ? `${versions} earlier version${versions === 1 ? '' : 's'}` : '',
    trashItems > 0 ? `${trashItems} deleted item${trashItems === 1 ? '' : 's'} in the trash` : '',
  ].filter(Boolean);
  return parts.length > 0 ? `, with ${parts.join(' and ')}` : '';
}

function restoreMessage(imported: ImportResult, missingAccounts: RestoreResult['missingAccounts'], loaded: LoadedBundle): string {
  const olderBackup =
    loaded.fellBackFrom !== undefined
      ? ` This is an older backup: the newest one (number ${loaded.fellBackFrom}) could not be read from these accounts (${loaded.unreadable[0]?.reason ?? 'not enough shares'}); add the rest of your old accounts and restore again to get it.`
      : '';
  return (
    `Restored ${imported.imported} files` +
    (imported.skipped > 0 ? ` (${imported.skipped} already listed here were kept)` : '') +
    keptContent(imported) +
    (missingAccounts.length > 0 ? `. Add ${missingAccounts.map((a) => `"${a.name}"`).join(', ')} too, so every file has all its shares again.` : '.') +
    olderBackup
  );
}
