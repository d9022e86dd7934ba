/**
 * Beside the add-account form: what the grid would look like with the
 * account being filled in, before it is even tested, so people see why
 * adding one is worth it. Asks the service again (after a short pause) when
 * the provider or the risk figures change.
 */
import { useEffect, useState } from 'react';
import type { ProviderId } from '../../../../shared/accounts';
import type { GridRobustnessReport } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { nameList } from '../../../../shared/name-list';
import { newDomainWords } from './domainSettings';
import { chanceWords, hasSharedDomains, moneyWords, survivalWords } from './robustnessWords';

export interface PreviewAccount {
  name: string;
  provider: ProviderId;
  preset?: string;
  lossProbability?: number;
  availability?: number;
  /** Non-secret settings typed so far (domainSettings.ts); absent until the required ones are filled. */
  settings?: Record<string, string | number>;
}

type NewDomain = { name: string; kind: string; sharedWith: string[] } | null | undefined;

type PreviewState = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; current: GridRobustnessReport; preview: GridRobustnessReport; domain: NewDomain };

/** Typing in the name field should not send a request per key. */
const DEBOUNCE_MS = 350;

export function RobustnessPreview({ account }: { account: PreviewAccount }) {
  const api = useApi();
  const [result, setResult] = useState<PreviewState>({ state: 'loading' });
  const { name, provider, preset, lossProbability, availability } = account;
  // A new object each render: compared by its text so typing elsewhere does not ask again.
  const settingsText = account.settings ? JSON.stringify(account.settings) : undefined;
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      const settings = settingsText === undefined ? undefined : (JSON.parse(settingsText) as Record<string, string | number>);
      const addAccount = { name: name.trim().slice(0, 64) || 'New account', provider, preset, lossProbability, availability, settings };
      api.previewRobustness({ addAccount }).then(
        ({ current, preview, newAccountDomain }) => !cancelled && setResult({ state: 'ready', current, preview, domain: settings ? newAccountDomain : undefined }),
        (error: Error) => !cancelled && setResult({ state: 'error', message: error.message }),
      );
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, name, provider, preset, lossProbability, availability, settingsText]);

  return (
    <aside className="robustness-preview card" aria-labelledby="preview-heading" aria-live="polite" data-testid="robustness-preview">
      <h3 id="preview-heading">What this account changes</h3>
      {result.state === 'loading' && <p className="muted">Working out what changes…</p>}
      {result.state === 'error' && <p className="muted">RAIC could not estimate the change: {result.message}</p>}
      {result.state === 'ready' && result.domain && (
        <p className="preview-domain" data-testid="preview-domain">
          {newDomainWords(result.domain, nameList)}.
        </p>
      )}
      {result.state === 'ready' && <PreviewFigures current={result.current} preview={result.preview} />}
    </aside>
  );
}

function PreviewFigures({ current, preview }: { current: GridRobustnessReport; preview: GridRobustnessReport }) {
  return (
    <>
      <p className="preview-headline">
        With this account your files {survivalWords(preview.tolerance, hasSharedDomains(preview))}.
      </p>
      <p className="muted">Today they {survivalWords(current.tolerance, hasSharedDomains(current))}.</p>
      <dl className="before-after">
        <dt>Chance of losing a file</dt>
        <dd>
          <span className="before">{chanceWords(current.annualLossProbability)}</span>
          <span aria-hidden="true"> → </span>
          <span className="visually-hidden"> would become </span>
          <span className="after">{chanceWords(preview.annualLossProbability)}</span>
        </dd>
        <dt>Storage cost for what you store now</dt>
        <dd>
          <span className="before">{moneyWords(current.monthlyCost, current.currency)}</span>
          <span aria-hidden="true"> → </span>
          <span className="visually-hidden"> would become </span>
          <span className="after">{moneyWords(preview.monthlyCost, preview.currency)}</span>
        </dd>
      </dl>
    </>
  );
}
