/**
 * Check (asks every account which shares it holds), Verify (also reads every
 * share and checks it is intact) and Repair (verifies, then rebuilds missing
 * or damaged shares), with the report in words.
 */
import { useEffect, useState } from 'react';
import type { FileCheck, FileSummary } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { HealthBadge } from '../../components/common';
import { useAction } from './useAction';

type Mode = 'check' | 'verify' | 'repair';

const RUNNING_WORDS: Record<Mode, string> = {
  check: 'Checking which shares are there…',
  verify: 'Reading every share to verify it…',
  repair: 'Verifying and repairing…',
};

export function FileChecks({ file, onChecked }: { file: FileSummary; onChecked: () => void }) {
  const api = useApi();
  const [running, setRunning] = useState<Mode | null>(null);
  const [report, setReport] = useState<FileCheck | null>(null);
  const { error, setError, run: runAction } = useAction();
  // A report belongs to one file: selecting another clears it.
  useEffect(() => {
    setReport(null);
    setError(null);
  }, [file.path, setError]);

  const run = async (mode: Mode) => {
    setRunning(mode);
    setReport(null);
    await runAction(async () => {
      setReport(await api.checkFile({ path: file.path, verify: mode !== 'check', repair: mode === 'repair' }));
      onChecked();
    });
    setRunning(null);
  };

  return (
    <div className="files-checks">
      {!report && (
        <p className="files-small files-health-line">
          <HealthBadge health={file.health} /> <span>{file.lastCheckSummary ?? 'Not checked yet.'}</span>
        </p>
      )}
      <div className="files-button-row">
        <button type="button" className="secondary" disabled={running !== null} onClick={() => void run('check')} title="Asks each account which shares it holds">
          Check
        </button>
        <button type="button" className="secondary" disabled={running !== null} onClick={() => void run('verify')} title="Reads every share and checks it is intact">
          Verify
        </button>
        <button type="button" className="secondary" disabled={running !== null} onClick={() => void run('repair')} title="Rebuilds missing or damaged shares">
          Repair
        </button>
      </div>
      <div role="status" aria-live="polite" data-testid="check-result">
        {running && <p className="muted">{RUNNING_WORDS[running]}</p>}
        {!running && error && <p className="form-error">The check did not finish: {error}</p>}
        {!running && report && <CheckReport report={report} file={file} />}
      </div>
    </div>
  );
}

function CheckReport({ report, file }: { report: FileCheck; file: FileSummary }) {
  const names = new Map(file.placements.map((p) => [p.accountId, p.accountName]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const how = report.repaired ? 'Repaired and verified' : report.verified ? 'Verified (every share read)' : 'Checked';
  return (
    <div className="files-check-report" data-testid="check-report">
      <p className="files-health-line">
        <HealthBadge health={report.health} /> <span className="muted">{how}</span>
      </p>
      <p>{report.summary}</p>
      {report.corrupt.length > 0 && (
        <>
          <p className="files-small">Damaged shares:</p>
          <ul className="files-small">
            {report.corrupt.map((c) => (
              <li key={`${c.accountId}-${c.shareNumber}`}>
                Share {c.shareNumber} on {nameOf(c.accountId)}: {c.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.unreachableAccounts.length > 0 && (
        <>
          <p className="files-small">Accounts that did not answer:</p>
          <ul className="files-small">
            {report.unreachableAccounts.map((a) => (
              <li key={a.accountId}>
                {nameOf(a.accountId)}: {a.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
