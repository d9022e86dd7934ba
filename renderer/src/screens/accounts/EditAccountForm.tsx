/**
 * Editing a saved account. Only what the user changed is sent; secrets are
 * never shown or prefilled (the service does not hand them out): each stored
 * one says where it is kept and can be replaced. The service re-tests the
 * connection when the location or a secret changes, and saves nothing if the
 * test fails.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { AccountSummary, ConnectionTest } from '../../../../shared/api';
import type { ProviderId } from '../../../../shared/accounts';
import { defaultRisk } from '../../../../shared/provider-defaults';
import { useApi } from '../../app/ApiContext';
import { AccountFields, type SecretsState } from './AccountFields';
import type { SecretStoreKind } from '../../../../shared/secret-store-words';
import { percent } from './AdvancedFields';
import { ConnectionTestResult } from './ConnectionTestResult';
import { ErrorSummary, focusFirstError } from './FormErrors';
import { CreateFolderOffer } from './CreateFolderOffer';
import { offersFolderCreation } from './folderOffer';
import { ADVANCED_INPUTS, providerInfo, toCandidate, visibleFields, type FormValues } from './formValues';
import { choiceOf } from './providerChoices';
import { useAccountForm } from './useAccountForm';
import { SharingPanel } from './SharingPanel';
import { FailureDomainPanel } from './FailureDomainPanel';

/** The form's strings for a saved account; risk figures only when they differ from the defaults the form shows anyway. */
function valuesOf(account: AccountSummary): FormValues {
  const values: FormValues = { name: account.name };
  for (const [key, value] of Object.entries(account.settings)) values[key] = String(value);
  if (account.sizeLimitBytes) values.sizeLimitGB = String(account.sizeLimitBytes / 1e9);
  const defaults = defaultRisk(account.provider, typeof account.settings.preset === 'string' ? account.settings.preset : undefined);
  if (account.lossProbability !== defaults.lossProbability) values.lossPercent = percent(account.lossProbability);
  if (account.availability !== defaults.availability) values.availabilityPercent = percent(account.availability);
  return values;
}

/** The fields the user changed, as the service wants them: new values, or null to clear. */
function changesOf(provider: ProviderId, initial: FormValues, values: FormValues, replacing: ReadonlySet<string>, stored: readonly string[]) {
  const { candidate } = toCandidate(provider, values);
  const changes: Record<string, string | number | boolean | null> = {};
  const inputs = ['name', ...visibleFields(providerInfo(provider), values).map((f) => f.name), ...Object.keys(ADVANCED_INPUTS)];
  for (const input of inputs) {
    const field = ADVANCED_INPUTS[input as keyof typeof ADVANCED_INPUTS] ?? input;
    if (stored.includes(input)) {
      // A stored secret changes only when the user chose Replace and typed something.
      if (replacing.has(input) && (values[input] ?? '') !== '') changes[field] = candidate[field] as string;
      continue;
    }
    if ((values[input] ?? '') === (initial[input] ?? '')) continue;
    changes[field] = (candidate[field] as string | number | undefined) ?? null;
  }
  return changes;
}

export function EditAccountForm({
  account,
  accounts = [],
  storeName,
  storeKind,
  onSaved,
  onCancel,
}: {
  account: AccountSummary;
  /** Every account, for "on the same disk as ..." in the grouping panel. */
  accounts?: readonly AccountSummary[];
  storeName: string;
  /** Where secrets are kept, so the fields' help names that place. */
  storeKind?: SecretStoreKind;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const api = useApi();
  const formId = useId().replace(/:/g, '');
  // The values the form opened with: what "changed" is measured against (the parent keys this form by account id).
  const [initial] = useState(() => valuesOf(account));
  const form = useAccountForm(account.provider, initial, account.storedSecrets);
  const [replacing, setReplacing] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState<'saving' | 'testing'>();
  const [test, setTest] = useState<ConnectionTest>();
  const [nothingChanged, setNothingChanged] = useState(false);
  const choice = choiceOf(account.provider, initial.preset);
  // The panel shows the service's answer at once; the list above refreshes on the accounts-changed event.
  const [sharingView, setSharingView] = useState<AccountSummary>();
  const order = ['name', ...visibleFields(providerInfo(account.provider), form.values).map((f) => f.name), ...Object.keys(ADVANCED_INPUTS)];

  useEffect(() => document.getElementById(`${formId}-title`)?.focus(), [formId]);

  const secrets: SecretsState = {
    stored: account.storedSecrets,
    storeName,
    replacing,
    setReplacing: (name, on) =>
      setReplacing((current) => {
        const next = new Set(current);
        if (on) next.add(name);
        else next.delete(name);
        return next;
      }),
  };

  /** `createFolder`: the user pressed "Create the folder" after the service said the new folder is missing. */
  async function save(event?: FormEvent, createFolder = false) {
    event?.preventDefault();
    setNothingChanged(false);
    const { input, errors } = form.submit();
    if (!input) return focusFirstError(formId, order, errors);
    const changes = changesOf(account.provider, initial, form.values, replacing, account.storedSecrets);
    if (Object.keys(changes).length === 0) return setNothingChanged(true);
    setBusy('saving');
    try {
      await api.editAccount({ id: account.id, changes: createFolder ? { ...changes, createFolder: true } : changes });
      onSaved();
    } catch (error) {
      const field = form.showServerError(error);
      if (field) focusFirstError(formId, order, { [field]: 'x' });
      setBusy(undefined);
    }
  }

  async function testSaved() {
    setBusy('testing');
    setTest(undefined);
    try {
      setTest(await api.testAccount({ id: account.id }));
    } catch (error) {
      form.showServerError(error);
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <>
      <form className="account-form" onSubmit={(e) => void save(e)} noValidate aria-labelledby={`${formId}-title`} data-testid="edit-account-form">
        <h3 id={`${formId}-title`} tabIndex={-1}>
          Edit “{account.name}” <span className="muted">({choice.label})</span>
        </h3>
        <div className="form-grid">
          <AccountFields formId={formId} form={form} secrets={secrets} storeKind={storeKind} />
        </div>
        <ErrorSummary errors={form.submitted ? form.shownErrors : {}} formError={form.formError} order={order} />
        {nothingChanged && (
          <p className="muted" role="status">
            Nothing changed yet: edit a field, or close the form.
          </p>
        )}
        {test && <ConnectionTestResult result={test} />}
        {offersFolderCreation(account.provider, form.formError, undefined) && (
          <CreateFolderOffer busy={busy !== undefined} onCreate={() => void save(undefined, true)} />
        )}
        <div className="form-actions">
          <button type="submit" disabled={busy !== undefined}>
            {busy === 'saving' ? 'Saving…' : 'Save changes'}
          </button>
          <button type="button" className="secondary" disabled={busy !== undefined} onClick={() => void testSaved()}>
            {busy === 'testing' ? 'Testing…' : 'Test the saved connection'}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            Close
          </button>
        </div>
      </form>
      <FailureDomainPanel account={account} accounts={accounts} />
      <SharingPanel account={sharingView ?? account} onChanged={setSharingView} />
    </>
  );
}
