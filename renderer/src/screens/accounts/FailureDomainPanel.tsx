/**
 * "What this account fails together with": the failure domain RAIC detected
 * (folders on one disk, buckets of one login) or the user set, a way to
 * correct it ("on the same disk as ...", "independent of the others"), and,
 * when the domain holds several accounts, the part of the risk the whole disk
 * or login carries. Saved at once, apart from the account's settings (no
 * connection test is needed to regroup).
 */
import { useId, useState, type FormEvent } from 'react';
import type { AccountSummary } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { percent } from './AdvancedFields';
import { domainNoun, domainSourceWords, domainWords } from './domainWords';

function choiceOf(account: AccountSummary): string {
  const override = account.failureDomain?.override;
  if (!override) return 'detected';
  return 'own' in override ? 'own' : `same-as:${override.sameAs}`;
}

/** "2.5" (percent) -> 0.025; empty -> null (back to the estimate); anything else -> undefined. */
function fractionOf(text: string, max = 100): number | null | undefined {
  const trimmed = text.trim().replace(/%$/, '').trim();
  if (trimmed === '') return null;
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value > max ? undefined : value / 100;
}

export function FailureDomainPanel({ account, accounts }: { account: AccountSummary; accounts: readonly AccountSummary[] }) {
  const api = useApi();
  const id = useId().replace(/:/g, '');
  const domain = account.failureDomain;
  const [choice, setChoice] = useState(() => choiceOf(account));
  const shared = domain?.sharedRisk;
  const [lossText, setLossText] = useState(shared?.setByUser ? percent(shared.lossProbability) : '');
  const [availabilityText, setAvailabilityText] = useState(shared?.setByUser ? percent(shared.availability) : '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  if (!domain) return null;
  const noun = domainNoun(domain);
  const others = accounts.filter((other) => other.id !== account.id);

  async function save(changes: Record<string, string | number | null>, done: string) {
    setBusy(true);
    setError(undefined);
    setSaved(undefined);
    try {
      await api.editAccount({ id: account.id, changes });
      setSaved(done);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  function saveGrouping(event: FormEvent) {
    event.preventDefault();
    void save({ failureDomain: choice }, 'The grouping was saved; the dashboard’s figures now use it.');
  }

  function saveRisk(event: FormEvent) {
    event.preventDefault();
    const loss = fractionOf(lossText);
    const availability = fractionOf(availabilityText);
    if (loss === undefined || availability === undefined) {
      setError('Give each figure as a percentage between 0 and 100 (e.g. 2.5), or leave it empty to use the estimate.');
      return;
    }
    void save({ domainLossProbability: loss, domainAvailability: availability }, `The figures of the whole ${noun} were saved.`);
  }

  return (
    <section className="card domain-panel" aria-labelledby={`${id}-title`} data-testid="failure-domain-panel">
      <h4 id={`${id}-title`}>What it fails together with</h4>
      <p data-testid="failure-domain-words">
        <strong>{domainWords(domain)}</strong> <span className="muted">({domainSourceWords(domain)})</span>
      </p>
      <p className="muted">
        Accounts on one disk, or buckets of one provider login, are lost together when the disk fails or the login is closed. RAIC spreads each file over
        different disks and logins first, and judges your files with this grouping.
      </p>
      <form className="domain-form" onSubmit={saveGrouping}>
        <label htmlFor={`${id}-choice`}>This account is</label>
        <select id={`${id}-choice`} value={choice} disabled={busy} onChange={(event) => setChoice(event.target.value)}>
          <option value="detected">Grouped as RAIC detects it</option>
          <option value="own">Independent of all my other accounts</option>
          {others.map((other) => (
            <option key={other.id} value={`same-as:${other.id}`}>
              On the same {domainNoun(other.failureDomain ?? domain)} as {other.name}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary small" disabled={busy || choice === choiceOf(account)}>
          Save grouping
        </button>
      </form>
      {shared && (
        <form className="domain-form" onSubmit={saveRisk} data-testid="domain-risk-form">
          <label htmlFor={`${id}-loss`}>Chance the whole {noun} is lost in a year (%)</label>
          <input id={`${id}-loss`} inputMode="decimal" value={lossText} placeholder={percent(shared.lossProbability)} disabled={busy} onChange={(e) => setLossText(e.target.value)} />
          <label htmlFor={`${id}-availability`}>Time the whole {noun} is reachable (%)</label>
          <input
            id={`${id}-availability`}
            inputMode="decimal"
            value={availabilityText}
            placeholder={percent(shared.availability)}
            disabled={busy}
            onChange={(e) => setAvailabilityText(e.target.value)}
          />
          <button type="submit" className="secondary small" disabled={busy}>
            Save {noun} figures
          </button>
          <p className="muted wide">
            {shared.setByUser ? 'As you set them' : 'Estimated'}; shared by every account on this {noun}. This account’s own part on top:{' '}
            {domain.ownRisk ? `${percent(domain.ownRisk.lossProbability)} % a year` : 'none'}. Empty fields use the estimate.
          </p>
        </form>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {saved && <p role="status">{saved}</p>}
    </section>
  );
}
