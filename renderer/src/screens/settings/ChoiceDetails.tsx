/**
 * The figures of one square of the chart, both of them (durability and cost),
 * for the square the pointer or keyboard is on: the colours only show one.
 */
import type { EncodingOption } from './types';
import { encodingName, money, ninesWords, plural, spaceWords, toleranceWords, yearlyOdds } from './words';

export function ChoiceDetails({ option, currency, accounts }: { option: EncodingOption | undefined; currency: string; accounts: number }) {
  return (
    <aside className="settings-choice" aria-live="polite" data-testid="choice-details">
      {!option ? (
        <p className="settings-hint">Point at a square, or move to one with the arrow keys, to see what it means.</p>
      ) : (
        <>
          <h5>
            {encodingName(option)}: any {option.needed} of {plural(option.total, 'share')}
          </h5>
          {option.acceptable ? (
            <dl>
              <dt>Survives the loss of</dt>
              <dd>{toleranceWords(option.tolerance, option.countsDomains)}</dd>
              <dt>Chance of losing a file</dt>
              <dd>
                {yearlyOdds(option.annualLossProbability)}
                <span className="settings-hint">{ninesWords(option.annualLossProbability)} durability</span>
              </dd>
              <dt>Space used</dt>
              <dd>{spaceWords(option.overhead)}</dd>
              <dt>Cost of 1 TB of files</dt>
              <dd>{money(option.monthlyCostPerTB, currency)} a month</dd>
            </dl>
          ) : (
            <p>Needs more accounts: a file must reach at least {option.needed} different accounts, and you have {accounts}.</p>
          )}
        </>
      )}
    </aside>
  );
}
