/** "Every [6] [hours]": a number and a unit, one label for both, hint and error linked. */
import { UNITS, type Duration, type Unit } from './durations';
import { Field } from './Field';

interface Props {
  id: string;
  label: string;
  value: Duration;
  onChange: (value: Duration) => void;
  hint: string;
  error?: string;
}

export function DurationField({ id, label, value, onChange, hint, error }: Props) {
  return (
    <Field
      id={id}
      label={label}
      type="number"
      min={0}
      step="any"
      value={value.amount}
      onValue={(amount) => onChange({ ...value, amount })}
      hint={hint}
      error={error}
      suffix={
        <select aria-label={`${label}: unit`} value={value.unit} onChange={(event) => onChange({ ...value, unit: event.target.value as Unit })}>
          {UNITS.map((unit) => (
            <option key={unit.id} value={unit.id}>
              {unit.id}
            </option>
          ))}
        </select>
      }
    />
  );
}
