/**
 * When the account form offers "Create the folder": the provider's service
 * side can make it (its descriptor says so) and what the user reads says the
 * folder is missing (shared/plain-errors' missing-folder rule), either as the
 * refusal of a save or as the failed check of a connection test.
 */
import type { ConnectionTest } from '../../../../shared/api';
import type { ProviderId } from '../../../../shared/accounts';
import { explainFailure } from '../../../../shared/plain-errors';
import { providerInfo } from './formValues';

export function offersFolderCreation(provider: ProviderId, formError: string | undefined, test: ConnectionTest | undefined): boolean {
  if (!providerInfo(provider).canCreateFolder) return false;
  const messages = [formError ?? '', ...(test && !test.ok ? test.checks.filter((check) => !check.ok).map((check) => check.detail) : [])];
  return messages.some((message) => message !== '' && explainFailure(message)?.kind === 'missing-folder');
}
