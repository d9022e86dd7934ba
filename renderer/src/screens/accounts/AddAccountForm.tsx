/**
 * The form for one provider, once its tile was picked: fill in, test the
 * connection (each check with ✓/✗), save. Save works without a test too:
 * the service tests again before saving and saves nothing on failure, and
 * its refusal is shown in words.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { AccountSummary, ConnectionTest } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { AccountFields } from './AccountFields';
import { ConnectionTestResult } from './ConnectionTestResult';
import { ErrorSummary, focusFirstError } from './FormErrors';
import { fieldId } from './FormField';
import { ADVANCED_INPUTS, providerInfo, toCandidate, visibleFields, type FormValues } from './formValues';
import type { ProviderChoice } from './providerChoices';
import { RobustnessPreview } from './RobustnessPreview';
import { typedDomainSettings } from './domainSettings';
import { RcloneAvailability } from './RcloneAvailability';
import { useAccountForm } from './useAccountForm';

/** Starting values: the preset the tile fixes, and the first choice of every list. */
function initialValues(choice: ProviderChoice): FormValues {
  const values: FormValues = { name: '' };
  for (const field of providerInfo(choice.provider).fields) if (field.kind === 'select' && field.options?.[0]) values[field.name] = field.options[0].value;
  if (choice.preset) values.preset = choice.preset;
  return values;
}

type Busy = 'testing' | 'saving' | undefined;

export function AddAccountForm({ choice, onBack, onAdded }: { choice: ProviderChoice; onBack: () => void; onAdded: (account: AccountSummary) => void }) {
  const api = useApi();
  const formId = useId().replace(/:/g, '');
  const form = useAccountForm(choice.provider, initialValues(choice));
  const [busy, setBusy] = useState<Busy>();
  const [test, setTest] = useState<{ result: ConnectionTest; values: FormValues }>();
  const order = ['name', ...visibleFields(providerInfo(choice.provider), form.values).map((f) => f.name), ...Object.keys(ADVANCED_INPUTS)];

  // The user just picked a tile: start typing straight away.
  useEffect(() => document.getElementById(fieldId(formId, 'name'))?.focus(), [formId]);

  function validated() {
    const { input, errors } = form.submit();
    if (!input) focusFirstError(formId, order, errors);
    return input;
  }

  async function runTest() {
    const input = validated();
    if (!input) return;
    setBusy('testing');
    setTest(undefined);
    try {
      setTest({ result: await api.testAccount({ account: input }), values: form.values });
    } catch (error) {
      const field = form.showServerError(error);
      if (field) focusFirstError(formId, order, { [field]: 'x' });
    } finally {
      setBusy(undefined);
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const input = validated();
    if (!input) return;
    setBusy('saving');
    try {
      onAdded(await api.addAccount(input));
    } catch (error) {
      const field = form.showServerError(error);
      if (field) focusFirstError(formId, order, { [field]: 'x' });
      setBusy(undefined);
    }
  }

  // A test result describes the values it ran with; once they change it no longer applies.
  const testIsCurrent = test !== undefined && test.values === form.values;
  const { candidate } = toCandidate(choice.provider, form.values);

  return (
    <div className="add-account-layout">
      <form className="account-form" onSubmit={(e) => void save(e)} noValidate aria-labelledby={`${formId}-title`}>
        <div className="form-title-row">
          <h3 id={`${formId}-title`}>{choice.label}</h3>
          <button type="button" className="secondary small" onClick={onBack}>
            Choose another provider
          </button>
        </div>
        <p className="muted">{choice.description}</p>
        {choice.provider === 'rclone' && <RcloneAvailability />}
        <div className="form-grid">
          <AccountFields formId={formId} form={form} />
        </div>
        <ErrorSummary errors={form.submitted ? form.shownErrors : {}} formError={form.formError} order={order} />
        {testIsCurrent && <ConnectionTestResult result={test.result} />}
        <div className="form-actions">
          <button type="button" className="secondary" disabled={busy !== undefined} onClick={() => void runTest()}>
            {busy === 'testing' ? 'Testing the connection…' : 'Test connection'}
          </button>
          <button type="submit" disabled={busy !== undefined}>
            {busy === 'saving' ? 'Testing and saving…' : 'Save account'}
          </button>
          <span className="muted small-text">RAIC tests the connection again before saving, and saves nothing if it fails.</span>
        </div>
      </form>
      <RobustnessPreview
        account={{
          name: form.values.name ?? '',
          provider: choice.provider,
          preset: choice.preset,
          lossProbability: candidate.lossProbability as number | undefined,
          availability: candidate.availability as number | undefined,
          settings: typedDomainSettings(choice.provider, form.values, candidate),
        }}
      />
    </div>
  );
}
