/** The three numbers of an encoding, each with what it means in words and what it must satisfy. */
import { Field } from './Field';
import { FIELD_WORDS, MAX_SHARES, type EncodingDraft, type EncodingErrors, type EncodingField } from './encodingDraft';
import { plural } from './words';

interface Props {
  draft: EncodingDraft;
  errors: EncodingErrors;
  enabledAccounts: number;
  onChange: (field: EncodingField, value: string) => void;
}

export function EncodingFields({ draft, errors, enabledAccounts, onChange }: Props) {
  const hints: Record<EncodingField, string> = {
    needed: 'k: any this many shares rebuild the whole file. Fewer means safer but more space used.',
    happy: `An upload fails unless its shares reach this many different accounts. You have ${plural(enabledAccounts, 'enabled account')}.`,
    total: 'n: each file is cut into this many shares, spread over your accounts. At least the two numbers above.',
  };
  return (
    <fieldset className="settings-encoding-fields">
      <legend>How each file is split</legend>
      {(['needed', 'happy', 'total'] as const).map((field) => (
        <Field
          key={field}
          id={`encoding-${field}`}
          label={FIELD_WORDS[field]}
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_SHARES}
          step={1}
          value={draft[field]}
          onValue={(value) => onChange(field, value)}
          hint={hints[field]}
          error={errors[field]}
        />
      ))}
    </fieldset>
  );
}
