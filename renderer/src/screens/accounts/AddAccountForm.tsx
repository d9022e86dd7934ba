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
import { SecretsFileChoice } from './SecretsFileChoice';
import { CreateFolderOffer } from './CreateFolderOffer';
import { offersFolderCreation } from './folderOffer';
import { ApiError } from '../../../../shared/api';
import type { SecretStoreKind } from '../../../../shared/secret-store-words';

/** Starting values: the preset the tile fixes, and the first choice of every list. */
function initialValues(choice: ProviderChoice): FormValues {
  const values: FormValues = { name: '' };
  for (const field of providerInfo(choice.provider).fields) if (field.kind === 'select' && field.options?.[0]) values[field.name] = field.options[0].value;
  if (choice.preset) values.preset = choice.preset;
  return values;
}

type Busy = 'testing' | 'saving' | undefined;

/** Whether the user typed anything beyond the starting values: such a form must not be dropped without asking. */
export function formIsFilled(values: FormValues, initial: FormValues): boolean {
  return Object.entries(values).some(([name, value]) => (value ?? '') !== (initial[name] ?? '') && (value ?? '').trim() !== '');
}

export function AddAccountForm({
  choice,
  onBack,
  onAdded,
  onFilledChange,
}: {
  choice: ProviderChoice;
  onBack: () => void;
  onAdded: (account: AccountSummary) => void;
  /** Told whether the form holds something typed and not saved yet (the wizard asks before leaving it). */
  onFilledChange?: (filled: boolean) => void;
}) {
  const api = useApi();
  const formId = useId().replace(/:/g, '');
  const [initial] = useState(() => initialValues(choice));
  const form = useAccountForm(choice.provider, initial);
  const [busy, setBusy] = useState<Busy>();
  // Where secrets go; 'none' or 'locked' put the encrypted-file choice right in this form.
  const [storeKind, setStoreKind] = useState<SecretStoreKind>();
  const needsSecretStore = providerInfo(choice.provider).secretFields.length > 0;
  const filled = formIsFilled(form.values, initial);

  useEffect(() => onFilledChange?.(filled), [filled, onFilledChange]);
  useEffect(() => {
    let live = true;
    api.getStatus({}).then(
      (status) => live && setStoreKind(status.secretStore.kind),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
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

  /** `createFolder`: the user pressed "Create the folder" after the service said it is missing. */
  async function save(event?: FormEvent, createFolder = false) {
    event?.preventDefault();
    const input = validated();
    if (!input) return;
    setBusy('saving');
    try {
      const account = await api.addAccount(createFolder ? { ...input, createFolder: true } : input);
      onFilledChange?.(false);
      onAdded(account);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'unavailable') {
        // No keychain, or the file is locked: the inline choice below says it and offers the way on.
        const kind = (await api.getStatus({}).catch(() => undefined))?.secretStore.kind;
        setStoreKind(kind);
        if (kind === 'none' || kind === 'locked') {
          form.clearFormError();
          setBusy(undefined);
          return;
        }
      }
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
          <AccountFields formId={formId} form={form} storeKind={storeKind} />
        </div>
        <ErrorSummary errors={form.submitted ? form.shownErrors : {}} formError={form.formError} order={order} />
        {testIsCurrent && <ConnectionTestResult result={test.result} />}
        {offersFolderCreation(choice.provider, form.formError, testIsCurrent ? test.result : undefined) && (
          <CreateFolderOffer busy={busy !== undefined} onCreate={() => void save(undefined, true)} />
        )}
        {needsSecretStore && (storeKind === 'none' || storeKind === 'locked') && (
          <SecretsFileChoice
            kind={storeKind}
            onReady={() => {
              setStoreKind('encrypted-file');
              void save();
            }}
          />
        )}
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
