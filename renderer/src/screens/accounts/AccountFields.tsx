/**
 * The inputs of an account form: its name, the provider's own fields from
 * the shared PROVIDERS table (honouring their `when` conditions), secrets
 * that are already stored, and the advanced settings.
 */
import { AdvancedFields } from './AdvancedFields';
import { FormField, fieldId } from './FormField';
import { OptionRowsField } from './OptionRowsField';
import { providerInfo, visibleFields } from './formValues';
import { presetHelp } from './providerChoices';
import { StoredSecretField } from './StoredSecretField';
import type { AccountFormState } from './useAccountForm';
import { secretHelpFor, type SecretStoreKind } from '../../../../shared/secret-store-words';

export interface SecretsState {
  stored: readonly string[];
  /** Where stored secrets live, in words ("your keychain"). */
  storeName: string;
  replacing: ReadonlySet<string>;
  setReplacing(name: string, replacing: boolean): void;
}

const NO_SECRETS: SecretsState = { stored: [], storeName: '', replacing: new Set(), setReplacing: () => undefined };

export function AccountFields({
  formId,
  form,
  secrets = NO_SECRETS,
  storeKind = 'not-opened',
}: {
  formId: string;
  form: AccountFormState;
  secrets?: SecretsState;
  /** Where secrets are kept: the secret fields' help names that place, not always "your keychain". */
  storeKind?: SecretStoreKind;
}) {
  const info = providerInfo(form.provider);
  const preset = form.values.preset || undefined;
  const props = (name: string) => ({
    id: fieldId(formId, name),
    name,
    value: form.values[name] ?? '',
    error: form.shownErrors[name],
    onChange: (value: string) => form.setValue(name, value),
    onBlur: () => form.blur(name),
  });
  return (
    <>
      <FormField
        {...props('name')}
        label="Name"
        kind="text"
        required
        help="How RAIC shows this account to you, e.g. “Wasabi Frankfurt” or “USB disk”."
      />
      {visibleFields(info, form.values).map((field) => {
        const help = secretHelpFor(presetHelp(form.provider, preset, field.name) ?? field.help, storeKind);
        const common = { ...props(field.name), label: field.label, kind: field.kind, help, required: field.required, options: field.options };
        if (secrets.stored.includes(field.name)) {
          return (
            <StoredSecretField
              key={field.name}
              {...common}
              storeName={secrets.storeName}
              replacing={secrets.replacing.has(field.name)}
              onReplace={(replacing) => {
                // Leaving replace mode drops what was typed: the stored secret stays as it was.
                if (!replacing) form.setValue(field.name, '');
                secrets.setReplacing(field.name, replacing);
              }}
            />
          );
        }
        if (form.provider === 'rclone' && (field.name === 'options' || field.name === 'secretOptions')) {
          return <OptionRowsField key={field.name} {...common} secret={field.name === 'secretOptions'} />;
        }
        return <FormField key={field.name} {...common} className={field.kind === 'textarea' ? 'wide' : undefined} />;
      })}
      <AdvancedFields formId={formId} form={form} />
    </>
  );
}
