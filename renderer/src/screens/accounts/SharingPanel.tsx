/**
 * "Share this storage over the Tahoe-LAFS protocol": a switch per account,
 * and, while it is on, the NURL and the servers.yaml entry a Tahoe-LAFS
 * client needs. The NURL contains an access code (the swissnum), so the
 * panel says to share it only with people who may store on this account.
 */
import { useId, useState } from 'react';
import type { AccountSummary } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';

export function SharingPanel({ account, onChanged }: { account: AccountSummary; onChanged: (next: AccountSummary) => void }) {
  const api = useApi();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [copied, setCopied] = useState(false);
  if (account.provider === 'tahoe') return null;
  const { sharing } = account;

  async function toggle(enabled: boolean) {
    setBusy(true);
    setError(undefined);
    try {
      onChanged(await api.setAccountSharing({ id: account.id, enabled }));
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function copy(text: string) {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setError('The browser did not allow copying; select the NURL and copy it by hand.');
    }
  }

  return (
    <section className="card sharing-panel" aria-labelledby={`${id}-title`} data-testid="sharing-panel">
      <h4 id={`${id}-title`}>Share with Tahoe-LAFS</h4>
      <label className="sharing-switch">
        <input type="checkbox" checked={sharing.enabled} disabled={busy} onChange={(event) => void toggle(event.target.checked)} />
        Share this storage over the Tahoe-LAFS protocol
      </label>
      <p className="muted">
        Tahoe-LAFS clients (and other RAICs) can then store their encrypted shares on “{account.name}” through RAIC, while RAIC runs. Anyone with the
        NURL below can store and read shares here: give it only to people you trust with this space.
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {sharing.enabled && sharing.problem && (
        <p className="form-error" role="alert">
          Not shared right now: {sharing.problem}
        </p>
      )}
      {sharing.enabled && sharing.nurl && (
        <>
          <label htmlFor={`${id}-nurl`}>NURL (port {sharing.port})</label>
          <textarea id={`${id}-nurl`} readOnly rows={2} value={sharing.nurl} className="sharing-nurl" />
          <button type="button" className="secondary small" onClick={() => void copy(sharing.nurl!)}>
            Copy NURL
          </button>
          {copied && <span role="status"> Copied</span>}
          {sharing.serversYaml && (
            <details>
              <summary>servers.yaml entry for a Tahoe-LAFS client</summary>
              <pre className="sharing-yaml">{sharing.serversYaml}</pre>
            </details>
          )}
        </>
      )}
    </section>
  );
}
