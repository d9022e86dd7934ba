/**
 * What the add-account form sends to find the disk or login a new account
 * would share (the service's preview, service/new-account-domain.ts): the
 * non-secret settings typed so far, and only once every required one is
 * filled, so an empty path is not judged as the disk RAIC runs from.
 */
import type { ProviderId } from '../../../../shared/accounts';
import { findProvider, settingFieldsOf } from '../../../../shared/providers';
import { providerInfo, visibleFields, type FormValues } from './formValues';

export function typedDomainSettings(provider: ProviderId, values: FormValues, candidate: Readonly<Record<string, unknown>>): Record<string, string | number> | undefined {
  const descriptor = findProvider(provider);
  if (!descriptor) return undefined;
  const allowed = new Set(settingFieldsOf(descriptor));
  const required = visibleFields(providerInfo(provider), values).filter((field) => field.required && allowed.has(field.name));
  if (required.some((field) => (values[field.name] ?? '').trim() === '')) return undefined;
  const settings: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(candidate)) {
    if (!allowed.has(key) || key === 'name') continue;
    if (typeof value === 'string' || typeof value === 'number') settings[key] = value;
  }
  return settings;
}

/** "It would be on the same disk as Local folders 1-5", or on its own; a sentence without a full stop. */
export function newDomainWords(domain: { kind: string; sharedWith: readonly string[] }, names: (list: readonly string[]) => string): string {
  const noun = domain.kind === 'login' ? 'login' : domain.kind === 'server' ? 'server' : 'disk';
  if (domain.sharedWith.length === 0) return `It would be on its own ${noun}, independent of your other accounts`;
  const together = names(domain.sharedWith);
  if (noun === 'login') return `It would use the same provider and login as ${together}: they can fail together`;
  return `It would be on the same ${noun} as ${together}: if that ${noun} fails, they fail together`;
}
