/** The chart's figures as a table: the same choices for people who cannot or would rather not read colours. */
import { ColumnHeadings } from './bits';
import type { EncodingOption } from './types';
import { encodingName, money, ninesWords, spaceWords, toleranceWords } from './words';

interface Props {
  options: readonly EncodingOption[];
  currency: string;
  current: { needed: number; total: number };
  selected?: { needed: number; total: number };
  onSelect: (option: EncodingOption) => void;
}

const same = (a: { needed: number; total: number } | undefined, b: EncodingOption) => a !== undefined && a.needed === b.needed && a.total === b.total;

export function EncodingTable({ options, currency, current, selected, onSelect }: Props) {
  return (
    <div className="settings-table-scroll" tabIndex={0} role="region" aria-label="Every way to split a file, as a table">
      <table className="settings-encoding-table">
        <ColumnHeadings columns={['Split', 'Survives the loss of', 'Durability', 'Space used', 'Cost of 1 TB a month', { hidden: 'Choose' }]} />
        <tbody>
          {options.map((option) => (
            <tr key={`${option.needed}-${option.total}`} aria-selected={same(selected, option)} className={same(selected, option) ? 'settings-row-selected' : undefined}>
              <th scope="row">
                {encodingName(option)}
                {same(current, option) && <span className="badge settings-now">in use</span>}
              </th>
              <td>{option.acceptable ? toleranceWords(option.tolerance, option.countsDomains) : 'needs more accounts'}</td>
              <td>{option.acceptable ? ninesWords(option.annualLossProbability) : '—'}</td>
              <td>{spaceWords(option.overhead)}</td>
              <td>{money(option.monthlyCostPerTB, currency)}</td>
              <td>
                <button type="button" className="secondary" disabled={!option.acceptable || same(selected, option)} onClick={() => onSelect(option)}>
                  {same(selected, option) ? 'Selected' : `Choose ${encodingName(option)}`}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
