/**
 * Beside the add-account form: what the grid would look like with the
 * account being filled in, before it is even tested, so people see why
 * adding one is worth it. Asks the service again (after a short pause) when
 * the provider or the risk figures change.
 */
import { useEffect, useState } from 'react';
import type { ProviderId } from '../../../../shared/accounts';
import type { AccountChange, GridRobustnessReport } from '../../../../shared/api';
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

type PreviewState = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; current: GridRobustnessReport; preview: GridRobustnessReport; domain: NewDomain; change: AccountChange | null };

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
        ({ current, preview, newAccountDomain, change }) =>
          !cancelled && setResult({ state: 'ready', current, preview, domain: settings ? newAccountDomain : undefined, change: change ?? null }),
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
      {result.state === 'ready' && result.change && <ChangeFigures change={result.change} />}
      {result.state === 'ready' && !result.change && <PreviewFigures current={result.current} preview={result.preview} />}
    </aside>
  );
}

type Figures = NonNullable<AccountChange['currentBefore']>;

/**
 * The real change: the grid's current encoding before and after (as uploads
 * would place new files), and the leanest encoding that survives one more
 * failure with this account, or why none does.
 */
export function ChangeFigures({ change }: { change: AccountChange }) {
  const { currentBefore: before, currentAfter: after, bestAfter: best, currency } = change;
  const perTB = 'per TB of files';
  return (
    <>
      <p className="preview-headline" data-testid="preview-change">
        {change.headline}
      </p>
      {change.reason && (
        <p className="preview-reason" data-testid="preview-reason">
          {change.reason}
        </p>
      )}
      {after && (
        <p className="muted">
          With this account your files {survivalWords(after.tolerance, after.countsDomains)}.
          {before && ` Today they ${survivalWords(before.tolerance, before.countsDomains)}.`} (Both stored {after.needed}-of-{after.total}, as new files are now.)
        </p>
      )}
      <dl className="before-after">
        <dt>
          Chance of losing a file stored {(after ?? before)?.needed}-of-{(after ?? before)?.total}
        </dt>
        <dd>
          <BeforeAfter before={before} after={after} words={(f) => chanceWords(f.annualLossProbability)} />
        </dd>
        <dt>Storage cost, stored {(after ?? before)?.needed}-of-{(after ?? before)?.total}</dt>
        <dd>
          <BeforeAfter before={before} after={after} words={(f) => moneyWords(f.monthlyCostPerTB, currency, perTB)} />
        </dd>
        {best && (
          <>
            <dt>
              Chance of losing a file stored {best.needed}-of-{best.total}
            </dt>
            <dd className="after">{chanceWords(best.annualLossProbability)}</dd>
            <dt>
              Storage cost, stored {best.needed}-of-{best.total}
            </dt>
            <dd className="after">{moneyWords(best.monthlyCostPerTB, currency, perTB)}</dd>
          </>
        )}
      </dl>
    </>
  );
}

function BeforeAfter({ before, after, words }: { before: Figures | null; after: Figures | null; words: (figures: Figures) => string }) {
  return (
    <>
      <span className="before">{before ? words(before) : 'no accounts yet'}</span>
      <span aria-hidden="true"> → </span>
      <span className="visually-hidden"> would become </span>
      <span className="after">{after ? words(after) : 'no accounts left'}</span>
    </>
  );
}

/** Older services answer without `change`: the figures as they were. */
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
