/**
 * Step 3: how much protection. The user picks a goal in words; the service
 * ranks the encodings that meet it with the accounts there are now, and the
 * leanest is proposed: what it survives, the space it takes and what it
 * costs, in words first and figures second.
 */
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { EncodingOptionSchema, GridStatus, RecommendationSchema, RobustnessTargetSchema } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { ErrorPanel, Loading } from '../../components/common';
import { yearlyOddsWords } from '../../../../shared/nines';
import { accountsCount, moneyWords, optionSurvivalWords, overheadWords } from '../accounts/robustnessWords';
import { WizardNav } from './WizardNav';

type Target = z.infer<typeof RobustnessTargetSchema>;
type Recommendation = z.infer<typeof RecommendationSchema>;
type EncodingOption = z.infer<typeof EncodingOptionSchema>;

export const TARGETS: readonly { id: string; label: string; detail: string; target: Target }[] = [
  { id: 'survive-1', label: 'Survive any 1 failure (an account, or a whole disk or login)', detail: 'Least extra space; one account, or the disk or login several share, may fail, close or vanish.', target: { kind: 'survive-accounts', accounts: 1 } },
  { id: 'survive-2', label: 'Survive any 2 failures (an account, or a whole disk or login)', detail: 'A good balance for most people.', target: { kind: 'survive-accounts', accounts: 2 } },
  { id: 'nines-11', label: '11 nines of durability', detail: 'What big cloud providers advertise: at most a 1 in 100 billion chance a year of losing a file.', target: { kind: 'nines', nines: 11 } },
];

/** How many ranked options to offer; more is a wall of numbers. */
const OPTIONS_SHOWN = 3;

type Loaded = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; recommendation: Recommendation; currency: string };

export function ProtectionStep({ status, targetId, onTarget, onBack, onNext }: { status: GridStatus; targetId: string; onTarget: (id: string) => void; onBack: () => void; onNext: () => void }) {
  const api = useApi();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [chosen, setChosen] = useState(0);
  const [applying, setApplying] = useState(false);
  const [error, setError] = useState<string>();
  const target = TARGETS.find((t) => t.id === targetId) ?? TARGETS[1]!;

  useEffect(() => {
    let cancelled = false;
    setLoaded({ state: 'loading' });
    setChosen(0);
    Promise.all([api.recommendEncodings({ target: target.target }), api.getRobustness({})]).then(
      ([recommendation, robustness]) => !cancelled && setLoaded({ state: 'ready', recommendation, currency: robustness.currency }),
      (e: Error) => !cancelled && setLoaded({ state: 'error', message: e.message }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, target.target, status.accounts.length]);

  const options = loaded.state === 'ready' ? loaded.recommendation.options.slice(0, OPTIONS_SHOWN) : [];
  const option = options[chosen];

  async function apply() {
    if (!option) return onNext();
    setApplying(true);
    setError(undefined);
    try {
      await api.setEncoding({ encoding: { needed: option.needed, happy: option.happy, total: option.total } });
      onNext();
    } catch (e) {
      setError((e as Error).message);
      setApplying(false);
    }
  }

  return (
    <>
      <fieldset className="choice-group">
        <legend>How much protection do you want?</legend>
        {TARGETS.map((t) => (
          <label className="choice" key={t.id}>
            <input type="radio" name="target" value={t.id} checked={t.id === target.id} onChange={() => onTarget(t.id)} />
            <span>
              <strong>{t.label}</strong>
              <span className="choice-detail">{t.detail}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div aria-live="polite">
        {loaded.state === 'loading' && <Loading what="the best way to store your files" />}
        {loaded.state === 'error' && <ErrorPanel title="RAIC could not work out a proposal." message={loaded.message} />}
        {loaded.state === 'ready' && (
          <Proposal
            recommendation={loaded.recommendation}
            options={options}
            chosen={chosen}
            onChoose={setChosen}
            currency={loaded.currency}
            accountCount={status.accounts.filter((a) => a.status !== 'disabled').length}
            current={status.encoding}
          />
        )}
      </div>
      {error && <ErrorPanel title="RAIC could not change the protection." message={error} />}
      <WizardNav
        onBack={onBack}
        onNext={() => void apply()}
        nextLabel={option ? 'Use this protection' : `Keep ${status.encoding.needed}-of-${status.encoding.total} for now`}
        nextDisabled={loaded.state === 'loading'}
        busyLabel={applying ? 'Saving…' : undefined}
      />
    </>
  );
}

function Proposal({
  recommendation,
  options,
  chosen,
  onChoose,
  currency,
  accountCount,
  current,
}: {
  recommendation: Recommendation;
  options: readonly EncodingOption[];
  chosen: number;
  onChoose: (index: number) => void;
  currency: string;
  accountCount: number;
  current: GridStatus['encoding'];
}) {
  if (options.length === 0) {
    return (
      <div className="proposal card" data-testid="proposal">
        <p>
          <strong>Not possible with your {accountsCount(accountCount)} yet.</strong>
        </p>
        <p>{recommendation.explanation}</p>
        <p className="muted">{recommendation.addAccountHelps.explanation} You can add accounts later and change this under Settings.</p>
        <p className="muted">
          For now RAIC keeps splitting each file into {current.total} pieces, any {current.needed} of which rebuild it.
        </p>
      </div>
    );
  }
  return (
    <div className="proposal" data-testid="proposal">
      <fieldset className="choice-group">
        <legend>RAIC proposes</legend>
        {options.map((option, index) => (
          <label className={`choice option-card ${index === chosen ? 'chosen' : ''}`} key={`${option.needed}-${option.total}`}>
            <input type="radio" name="encoding" checked={index === chosen} onChange={() => onChoose(index)} />
            <OptionWords option={option} recommended={index === 0} currency={currency} accountCount={accountCount} />
          </label>
        ))}
      </fieldset>
      <p className="muted">{recommendation.explanation}</p>
      {recommendation.addAccountHelps.helps && <p className="muted">{recommendation.addAccountHelps.explanation}</p>}
    </div>
  );
}

function OptionWords({ option, recommended, currency, accountCount }: { option: EncodingOption; recommended: boolean; currency: string; accountCount: number }) {
  return (
    <span className="option-words" data-testid={recommended ? 'proposed-encoding' : undefined}>
      <strong>
        {recommended && <span className="recommended-badge">Recommended</span>} {optionSurvivalWords(option, accountCount)}; chance of losing a file{' '}
        {yearlyOddsWords(option.annualLossProbability)}
      </strong>
      <span className="choice-detail">
        Each file is split into {option.total} pieces; any {option.needed} of them {option.needed === 1 ? 'rebuilds' : 'rebuild'} it ({option.needed}-of-{option.total}).
      </span>
      <span className="option-facts">
        <span>Space: {overheadWords(option.overhead)}</span>
        <span>Cost: {option.monthlyCostPerTB === 0 ? 'Free (no storage fees on these accounts)' : moneyWords(option.monthlyCostPerTB, currency, 'per TB of files')}</span>
      </span>
    </span>
  );
}
