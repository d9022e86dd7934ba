/** Shared by the catalog's tests and its crash-test writer: throwaway folders and plausible files. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogError, type CatalogErrorCode } from '../catalog/errors';
import type { NewFile, SharePlacement } from '../catalog/types';

/** Files per transaction in the crash test; a reopened catalog must hold whole batches only. */
export const CRASH_BATCH = 10;

export function temporaryFolder(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'raic-catalog-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Shares 0..4 spread over the given accounts in turn. */
export function spreadShares(accounts: readonly string[], total = 5): SharePlacement[] {
  return Array.from({ length: total }, (_, shareNumber) => ({ accountId: accounts[shareNumber % accounts.length]!, shareNumber }));
}

/** A CHK file record as an upload would report it; `seed` makes caps and storage indexes distinct. */
export function sampleFile(path: string, seed = 0, overrides: Partial<NewFile> = {}): NewFile {
  const tag = seed.toString(36).padStart(6, 'a');
  return {
    path,
    size: 1000 + seed,
    cap: `URI:CHK:${tag}key:${tag}hash:3:5:${1000 + seed}`,
    verifyCap: `URI:CHK-Verifier:${tag}si:${tag}hash:3:5:${1000 + seed}`,
    storageIndex: `${tag}storageindex`,
    encoding: { needed: 3, happy: 4, total: 5, segmentSize: 131072 },
    shareSize: 400 + seed,
    sourceModifiedAt: 1_700_000_000_000 + seed,
    placements: spreadShares(['acct-a', 'acct-b', 'acct-c']),
    ...overrides,
  };
}

/** The CatalogError `action` throws, after checking it has the expected code; fails when nothing is thrown. */
export function catalogErrorFrom(action: () => unknown, code: CatalogErrorCode): CatalogError {
  try {
    action();
  } catch (error) {
    if (error instanceof CatalogError && error.code === code) return error;
    throw new Error(`expected a CatalogError with code ${code}, got ${String(error)}`, { cause: error });
  }
  throw new Error(`expected a CatalogError with code ${code}, but nothing was thrown`);
}
