/**
 * The shapes the robustness model reads and returns. Everything here is plain
 * data so the UI, the CLI and the service can build it from their own records.
 */
import type { PriceEntry } from '../../shared/provider-defaults';

/** Storage back-end kind; the named ones have defaults, any other string is allowed. */
export type ProviderKind = 'local' | 's3' | 'swift' | 'webdav' | 'sftp' | string;

export interface AccountRisk {
  id: string;
  name: string;
  kind: ProviderKind;
  /** Probability that everything stored on the account is gone within a year, 0..1. */
  lossProbability: number;
  /** Fraction of time the account answers, 0..1. */
  availability: number;
  /**
   * The failure domain the account shares with others (a disk, a login), when
   * one of the `domains` given beside the accounts: then `lossProbability` and
   * `availability` are the account's own part, on top of the domain's.
   */
  domainId?: string;
}

/**
 * What several accounts have in common and can lose together: the disk their
 * folders are on, the login their buckets belong to. Its figures are the
 * shared part only: a domain failure takes every account in it.
 */
export interface DomainRisk {
  id: string;
  name: string;
  kind: string;
  /** Probability that the domain fails within a year, taking all its accounts. */
  lossProbability: number;
  /** Fraction of time the domain itself is up. */
  availability: number;
}

/** The user's own internet connection: every account but the local folders is reached through it. */
export interface ConnectionRisk {
  /** Fraction of time the connection is up, 0..1. */
  availability: number;
}

export interface EncodingShape {
  needed: number;
  happy: number;
  total: number;
}

/** Distinct share numbers held, per account id. */
export interface FilePlacement {
  [accountId: string]: readonly number[];
}

/** How the loss probability was obtained; only 'upper-bound' is not exact. */
export type LossMethod = 'disjoint-dp' | 'share-set-dp' | 'upper-bound';

export interface FileRobustness {
  /** Accounts that may be lost, whichever they are, with the file still recoverable; -1 if it is not recoverable now. */
  tolerance: number;
  /** Ids of a smallest set of accounts whose loss loses the file (the likeliest such set when it was searched exhaustively). */
  weakestAccounts: string[];
  annualLossProbability: number;
  nines: number;
  /** Probability that at least `needed` distinct shares are reachable at a random moment. */
  availability: number;
  /** total / needed. */
  overhead: number;
  /** Additions beyond the agreed API. */
  method: LossMethod;
  /** False when the tolerance search gave up and reports a lower bound. */
  toleranceExact: boolean;
  /** Servers-of-happiness of this placement (maximum account-share matching). */
  happiness: number;
  /** Failure domains in the weakest set (each a whole domain failing); its accounts are in `weakestAccounts` too. */
  weakestDomains: string[];
}

export type { PriceEntry };

export interface RepairSchedule {
  /** Hours between two health checks (the monitor's file check interval). */
  checkIntervalHours: number;
  /** Hours every repair takes once a check has found damage; when absent, each failure's repair time comes from the bytes to rebuild and the throughput. */
  repairHours?: number;
  /** Bytes a repair moves per hour, measured or stated; absent: a default by account kind (engine/robustness/repair.ts). */
  repairBytesPerHour?: number;
  /** True when `repairBytesPerHour` was measured (it only changes the words). */
  throughputMeasured?: boolean;
  /** Bytes each account holds: what its failure leaves to rebuild. gridRobustness fills it from its input when absent. */
  storedBytesByAccount?: Readonly<Record<string, number>>;
}

export interface GridRobustnessInput {
  accounts: readonly AccountRisk[];
  encoding: EncodingShape;
  /** Each file with its own encoding when it has one (files keep theirs until re-encoded); else the grid's. */
  files: readonly { id: string; size: number; placement: FilePlacement; encoding?: EncodingShape; /** Files sharing this placement (default 1). */ count?: number }[];
  storedBytesByAccount: Readonly<Record<string, number>>;
  /** Keyed by account id. */
  prices: Readonly<Record<string, PriceEntry>>;
  repair?: RepairSchedule;
  /** Shared failure domains the accounts' `domainId` name; absent or empty: accounts fail independently. */
  domains?: readonly DomainRisk[];
  /** The user's internet connection, shared by every cloud account for availability; absent: not counted. */
  connection?: ConnectionRisk;
}

export interface GridRobustness {
  tolerance: number;
  weakestAccounts: string[];
  /** Worst file, without repair. */
  annualLossProbability: number;
  nines: number;
  annualLossProbabilityWithRepair: number | null;
  ninesWithRepair: number | null;
  repairAssumptions: string | null;
  /** Worst file. */
  availability: number;
  /** n/k of the encoding. */
  overhead: number;
  monthlyCost: number;
  currency: string;
  costByAccount: Record<string, number>;
  summary: string;
  worstFileId: string | null;
  /** Domains in the weak point: the likeliest set of failures that loses a file. */
  weakestDomains: string[];
  /** Probability that at least one file is lost within a year (over the distinct placements, failures shared between them). */
  anyFileLossProbability: number;
  /** False when `anyFileLossProbability` is an upper bound (the exact sum ran out of budget). */
  anyFileLossExact: boolean;
  /** Probability that every member of the weak point (weakestAccounts/weakestDomains: the likeliest set of failures that loses a file) fails within a year. */
  weakPointProbability: number;
  /** Files the weak point loses, of `fileCount` (both 0 in a preview, where no file is stored yet). */
  weakPointFileCount: number;
  fileCount: number;
  /** The weak point in a sentence: "If the disk holding Local folders 1-5 fails, every file is lost."; null when nothing can lose a file. */
  weakPointWords: string | null;
  /** Every account is a local folder and all share one disk (the default grid): safe from a damaged folder, not from losing the disk. */
  oneDisk: boolean;
  /** What the availability figure counts beyond the accounts (the internet connection), in words; null when nothing. */
  availabilityAssumptions: string | null;
}

export interface EncodingOption {
  needed: number;
  happy: number;
  total: number;
  tolerance: number;
  annualLossProbability: number;
  nines: number;
  availability: number;
  overhead: number;
  monthlyCostPerTB: number;
  /** Addition: RAIC accepts the encoding (needed <= happy), so it may be recommended. */
  acceptable: boolean;
  /** True when some accounts share a failure domain: `tolerance` then counts failures (an account, or a whole disk or login), not accounts. */
  countsDomains: boolean;
}

export type RobustnessTarget = { kind: 'survive-accounts'; accounts: number } | { kind: 'nines'; nines: number };

export interface Recommendation {
  /** Encodings meeting the target, ranked by overhead then cost. */
  options: EncodingOption[];
  meetsWithCurrent: boolean;
  addAccountHelps: {
    /** The target is met with one more account. */
    wouldMeet: boolean;
    /** Addition: one more account meets a target no encoding meets now, or meets it with less overhead than any change of k and n. */
    helps: boolean;
    bestOption: EncodingOption | null;
    explanation: string;
  };
  explanation: string;
}
