/**
 * One storage account: its state in a light and words, how much of it RAIC
 * uses (against the user's limit and the provider's space, when known), the
 * shares and files it holds, what it costs a month, and (where the backend
 * was listed) what the stored bytes are for: files, versions, trash, backups, orphans.
 */
import type { AccountSummary, Usage } from '../../../../shared/api';
import { formatBytes } from '../../../../shared/format-bytes';
import { StatusLight } from '../health/StatusLight';
import { money } from './robustnessWords';
import { ofWords, percentWords, UsageMeter } from './UsageMeter';
import { measuredRows, type Measured } from './measuredSplit';
import { formatAge } from '../../components/age';

export type AccountUsage = Usage['accounts'][number];

const PROVIDER_WORDS: Record<string, string> = { local: 'Local folder', s3: 'S3', swift: 'Swift', webdav: 'WebDAV', sftp: 'SFTP' };

export function AccountCard({ account, usage }: { account: AccountSummary; usage?: AccountUsage }) {
  return (
    <li className="account-card card" data-testid="account-card">
      <div className="account-title">
        <h3>{account.name}</h3>
        <span className="badge">{PROVIDER_WORDS[account.provider] ?? account.provider}</span>
      </div>
      {/* Right-to-left box so a long path loses its start, not its end; <bdi> keeps the path itself left-to-right. */}
      <div className="account-location" title={account.location}>
        <bdi>{account.location}</bdi>
      </div>
      <StatusLight state={account.status} latencyMs={account.latencyMs} testId="account-status" />
      {account.problem && (
        <p className="account-problem" role="note">
          <span className="visually-hidden">Last error: </span>
          {account.problem}
        </p>
      )}
      <dl className="account-facts">
        <div>
          <dt>Used by RAIC</dt>
          <dd data-testid="account-used">{formatBytes(usage?.bytesStored ?? account.bytesUsed)}</dd>
        </div>
        <div>
          <dt>Shares</dt>
          <dd data-testid="account-shares">{usage?.shareCount ?? account.shareCount}</dd>
        </div>
        <div>
          <dt>Files</dt>
          <dd>{usage ? usage.fileCount : '—'}</dd>
        </div>
        <div>
          <dt>Per month</dt>
          <dd title="Estimated from the price per GB in Settings">{usage ? money(usage.monthlyCost, usage.currency) : '—'}</dd>
        </div>
      </dl>
      <AccountMeters account={account} usage={usage} />
      {usage?.measured && <MeasuredSplit measured={usage.measured} />}
    </li>
  );
}

/** What the bytes RAIC stores on the account are for, as counted there (not estimated from the file list). */
function MeasuredSplit({ measured }: { measured: Measured }) {
  return (
    <details className="account-measured" data-testid="account-measured" open>
      <summary>
        Measured on the account: {formatBytes(measured.total)} <span className="muted">({formatAge(measured.measuredAt, Date.now())})</span>
      </summary>
      <dl>
        {measuredRows(measured).map((row) => (
          <div key={row.key} data-measured={row.key}>
            <dt>{row.label}</dt>
            <dd>{formatBytes(row.bytes)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/** The bars: RAIC's share of the limit the user set, and how full the account itself is. */
function AccountMeters({ account, usage }: { account: AccountSummary; usage?: AccountUsage }) {
  const stored = usage?.bytesStored ?? account.bytesUsed;
  const limit = usage?.sizeLimitBytes ?? account.sizeLimitBytes;
  // The usage report's figures, else the ones the account list carries (both come from the same quota book).
  const quota = usage?.quotaBytes ?? account.space?.totalBytes;
  const free = usage?.freeBytes ?? account.space?.freeBytes;
  return (
    <div className="account-meters">
      {limit !== undefined && (
        <UsageMeter
          label="Your limit for RAIC"
          parts={[{ bytes: stored, kind: 'raic' }]}
          capacity={limit}
          words={`${ofWords(stored, limit)} (${percentWords((stored / limit) * 100)})`}
        />
      )}
      {quota !== undefined && free !== undefined ? (
        <UsageMeter
          label="Space on the account"
          parts={[
            { bytes: stored, kind: 'raic' },
            { bytes: Math.max(0, quota - free - stored), kind: 'other' },
          ]}
          capacity={quota}
          words={`${formatBytes(free)} free of ${formatBytes(quota)}`}
          testId="account-free"
        />
      ) : free !== undefined ? (
        <p className="muted meter-words" data-testid="account-free">
          {formatBytes(free)} free on the account
        </p>
      ) : (
        <p className="muted meter-words">The provider does not say how much space is left.</p>
      )}
      {usage?.capacityProblem && <p className="account-problem">{usage.capacityProblem}</p>}
    </div>
  );
}
