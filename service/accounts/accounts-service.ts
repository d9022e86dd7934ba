/**
 * Adding, testing, editing, disabling and removing accounts. An account is
 * saved only after its connection test passes; its secrets go to the secret
 * store and everything else to grid.json. Opened accounts (storage servers)
 * are cached and reopened when their settings change.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { AccountInputSchema, type AccountInput } from '../../shared/accounts';
import { ApiError, type ConnectionTest, type EditAccountInput } from '../../shared/api';
import type { AccountConfig, GridConfig } from '../grid-config';
import type { SecretStoreProvider } from '../secret-store-provider';
import { testLocalFolder } from '../local-folder-check';
import { deleteAccountSecrets, loadAccountSecrets, saveAccountSecrets, splitAccountInput } from './account-secrets';
import { openAccountRuntime, type AccountRuntime } from './account-runtime';
import { ACCOUNT_KEY_FIELD, candidateHooks, savedAccountHooks, usesAccountKey } from './account-hooks';
import { REQUEST_IDLE_TIMEOUT_MS, accountInputOf, describeLocation } from './backend-settings';
import { canCreateAccountRoot, createAccountRoot } from '../../engine/backends/registry';
import { parseNurl } from '../../engine/storage/gbs';
import { applyGrouping, splitGroupingChanges } from './account-grouping';
import { checkTitle, plainMessage, splitDetails } from '../../shared/plain-errors';

export interface AccountsServiceDeps {
  config(): GridConfig;
  saveConfig(next: GridConfig): Promise<void>;
  secrets: SecretStoreProvider;
  now?(): number;
  /** Free space per account as the quota book knows it, so a storage server never asks its provider on each upload. */
  freeSpace?(accountId: string): number | undefined;
  /** Whether the catalog places any share on the account (see AccountRuntimeOptions). */
  holdsStoredShares?(accountId: string): boolean;
}

/** An enabled account that could not be opened (e.g. its secret is missing), and why. */
export interface UnopenedAccount {
  account: AccountConfig;
  problem: string;
}

/** The enabled accounts as last opened: those that opened, and why the others did not. */
export interface OpenedAccounts {
  runtimes: AccountRuntime[];
  unopened: UnopenedAccount[];
}

export class AccountsService {
  private readonly cache = new Map<string, { key: string; runtime: AccountRuntime }>();

  constructor(private readonly deps: AccountsServiceDeps) {}

  find(id: string): AccountConfig {
    const account = this.deps.config().accounts.find((a) => a.id === id);
    if (!account) throw new ApiError('not_found', 'That account does not exist (it may have been removed already); reload the list.');
    return account;
  }

  /** The account's secrets as stored (for signing it in again without losing its other secret options). */
  async secretsOf(account: AccountConfig): Promise<Record<string, string>> {
    return account.secretFields.length > 0 ? loadAccountSecrets(await this.deps.secrets.get(), account) : {};
  }

  /** Opened runtimes of the enabled accounts, plus those that could not be opened. */
  async openEnabled(): Promise<{ runtimes: AccountRuntime[]; unopened: UnopenedAccount[] }> {
    const runtimes: AccountRuntime[] = [];
    const unopened: UnopenedAccount[] = [];
    for (const account of this.deps.config().accounts) {
      if (!account.enabled) continue;
      try {
        runtimes.push(await this.open(account));
      } catch (error) {
        unopened.push({ account, problem: error instanceof Error ? error.message : String(error) });
      }
    }
    return { runtimes, unopened };
  }

  async open(account: AccountConfig): Promise<AccountRuntime> {
    // Sharing settings and the grouping do not change how the account is opened; a server sharing it keeps using the same runtime.
    const key = JSON.stringify({ ...account, sharing: undefined, failureDomain: undefined });
    const cached = this.cache.get(account.id);
    if (cached?.key === key) return cached.runtime;
    if (cached) await cached.runtime.close().catch(() => undefined);
    const secrets = account.secretFields.length > 0 ? await loadAccountSecrets(await this.deps.secrets.get(), account) : {};
    const hooks = await savedAccountHooks(() => this.deps.secrets.get(), account);
    const runtime = await openAccountRuntime(account, accountInputOf(account, secrets), hooks, { freeSpace: this.deps.freeSpace, holdsStoredShares: this.deps.holdsStoredShares });
    this.cache.set(account.id, { key, runtime });
    return runtime;
  }

  async add(input: AccountInput): Promise<AccountConfig> {
    this.refuseDuplicate(input.name, undefined, describeCandidate(input));
    const renewed = await this.requireConnection(input);
    const id = randomUUID();
    const { settings, secrets: given } = splitAccountInput(normalize(input));
    // A token the provider rotated during the connection test replaces the one given: the old one no longer works.
    const secrets = { ...given, ...renewed };
    const account: AccountConfig = {
      id,
      name: input.name,
      provider: input.provider,
      settings,
      secretFields: Object.keys(secrets),
      enabled: true,
      ...(input.sizeLimitBytes ? { sizeLimitBytes: input.sizeLimitBytes } : {}),
      ...(input.lossProbability !== undefined ? { lossProbability: input.lossProbability } : {}),
      ...(input.availability !== undefined ? { availability: input.availability } : {}),
      createdAt: this.deps.now?.() ?? Date.now(),
    };
    const store = account.secretFields.length > 0 ? await this.deps.secrets.get() : undefined;
    if (store) await saveAccountSecrets(store, id, secrets);
    try {
      await this.save({ ...this.deps.config(), accounts: [...this.deps.config().accounts, account] });
    } catch (error) {
      // The config is the record of what exists: secrets without an account would be orphans in the keychain.
      if (store) await deleteAccountSecrets(store, account).catch(() => undefined);
      throw error;
    }
    return account;
  }

  /** Runs the connection test of a saved account, or of one being filled in. */
  async test(target: { id: string } | { account: AccountInput }): Promise<ConnectionTest> {
    if ('id' in target) {
      try {
        return plainConnectionTest(await (await this.open(this.find(target.id))).testConnection());
      } catch (error) {
        if (error instanceof ApiError && error.code === 'not_found') throw error;
        return { ok: false, checks: [{ name: 'credentials', ok: false, detail: error instanceof Error ? error.message : String(error) }] };
      }
    }
    return plainConnectionTest(await testCandidate(normalize(target.account)));
  }

  async edit(input: EditAccountInput): Promise<AccountConfig> {
    const { providerChanges, grouping } = splitGroupingChanges(input.changes);
    const regrouped = applyGrouping(this.deps.config(), input.id, grouping);
    if (Object.keys(providerChanges).length === 0) {
      // Only the grouping or the domain's figures: nothing to reconnect to.
      this.find(input.id);
      await this.save(regrouped);
      return this.find(input.id);
    }
    const updated = await this.editSettings({ id: input.id, changes: providerChanges });
    if (grouping.failureDomain !== undefined || grouping.domainRisk !== undefined) {
      await this.save(applyGrouping(this.deps.config(), input.id, grouping));
      return this.find(input.id);
    }
    return updated;
  }

  private async editSettings(input: EditAccountInput): Promise<AccountConfig> {
    const account = this.find(input.id);
    const store = account.secretFields.length > 0 ? await this.deps.secrets.get() : undefined;
    const oldSecrets = store ? await loadAccountSecrets(store, account) : {};
    const merged: Record<string, unknown> = {
      ...accountInputOf(account, oldSecrets),
      sizeLimitBytes: account.sizeLimitBytes,
      lossProbability: account.lossProbability,
      availability: account.availability,
    };
    for (const [field, value] of Object.entries(input.changes)) {
      if (field === 'provider') throw new ApiError('invalid_input', 'provider: an account cannot change provider; add a new account instead.', 'provider');
      merged[field] = value === null ? undefined : value;
    }
    const parsed = AccountInputSchema.safeParse(merged);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'changes';
      throw new ApiError('invalid_input', `${field}: ${issue?.message ?? 'invalid value'}`, field);
    }
    const next = normalize(parsed.data);
    this.refuseDuplicate(next.name, account.id, describeCandidate(next));
    const { settings, secrets } = splitAccountInput(next);
    const locationChanged = JSON.stringify(settings) !== JSON.stringify(account.settings) || JSON.stringify(secrets) !== JSON.stringify(oldSecrets);
    if (locationChanged) Object.assign(secrets, await this.requireConnection(next));
    const updated: AccountConfig = {
      ...account,
      name: next.name,
      settings,
      secretFields: Object.keys(secrets),
      sizeLimitBytes: next.sizeLimitBytes,
      lossProbability: next.lossProbability,
      availability: next.availability,
    };
    if (Object.keys(secrets).length > 0) await saveAccountSecrets(await this.deps.secrets.get(), account.id, secrets);
    await this.replace(updated);
    if (store) {
      const dropped = account.secretFields.filter((f) => !updated.secretFields.includes(f));
      await deleteAccountSecrets(store, { id: account.id, secretFields: dropped });
    }
    return updated;
  }

  async setEnabled(id: string, enabled: boolean): Promise<AccountConfig> {
    const updated = { ...this.find(id), enabled };
    await this.replace(updated);
    return updated;
  }

  /** Deletes the account from the config, then its secrets; its shares stay where they are. */
  async remove(id: string): Promise<void> {
    const account = this.find(id);
    await this.save({ ...this.deps.config(), accounts: this.deps.config().accounts.filter((a) => a.id !== id) });
    const cached = this.cache.get(id);
    this.cache.delete(id);
    await cached?.runtime.close().catch(() => undefined);
    if (account.secretFields.length > 0) await deleteAccountSecrets(await this.deps.secrets.get(), account);
    if (usesAccountKey(account.provider)) await deleteAccountSecrets(await this.deps.secrets.get(), { id, secretFields: [ACCOUNT_KEY_FIELD] });
  }

  async closeAll(): Promise<void> {
    const runtimes = [...this.cache.values()].map((c) => c.runtime);
    this.cache.clear();
    await Promise.all(runtimes.map((r) => r.close().catch(() => undefined)));
  }

  private async replace(updated: AccountConfig): Promise<void> {
    const config = this.deps.config();
    await this.save({ ...config, accounts: config.accounts.map((a) => (a.id === updated.id ? updated : a)) });
  }

  private async save(next: GridConfig): Promise<void> {
    await this.deps.saveConfig(next);
  }

  /** Runs the connection test; returns the secret fields the backend renewed meanwhile (a refreshed token). */
  private async requireConnection(input: AccountInput): Promise<Record<string, string>> {
    if (input.createFolder) await createMissingFolder(input);
    const { result, renewed } = await testCandidateKeepingRenewals(input);
    if (result.ok) return renewed;
    const failed = result.checks.find((c) => !c.ok);
    // The raw detail goes last, after "Details:", so screens can fold it away and still show "Nothing was saved".
    const { text, details } = splitDetails(plainMessage(failed?.detail ?? 'no answer'));
    const step = checkTitle(failed?.name ?? 'connect', failed?.detail ?? '').toLowerCase();
    throw new ApiError(
      'invalid_input',
      `connection: the connection test failed (${step}): ${text.replace(/\.+$/, '')}. Nothing was saved; fix the settings and try again.${details ? ` Details: ${details}` : ''}`,
      'connection',
    );
  }

  private refuseDuplicate(name: string, exceptId: string | undefined, location: string): void {
    for (const other of this.deps.config().accounts) {
      if (other.id === exceptId) continue;
      if (other.name.toLowerCase() === name.toLowerCase()) {
        throw new ApiError('conflict', `name: an account called "${other.name}" already exists; choose another name.`, 'name');
      }
      if (describeLocation(other) === location) {
        throw new ApiError('conflict', `"${other.name}" already stores into ${location}; two accounts on the same place would not be independent.`, 'location');
      }
    }
  }
}

/**
 * Local folders are stored by their absolute, resolved path, so the same
 * folder is recognized however it was typed; a Tahoe-LAFS server's host:port
 * is kept beside its (secret) NURL so it can be shown.
 */
/** Failed checks' details in plain words (what happened, what to do), as the UI and the CLI show them. */
function plainConnectionTest(result: ConnectionTest): ConnectionTest {
  return { ...result, checks: result.checks.map((check) => (check.ok ? check : { ...check, detail: plainMessage(check.detail) })) };
}

function normalize(input: AccountInput): AccountInput {
  if (input.provider === 'local') return { ...input, path: path.resolve(input.path) };
  if (input.provider === 'tahoe') {
    const { host, port } = parseNurl(input.nurl);
    return { ...input, server: `${host}:${port}` };
  }
  return input;
}

function describeCandidate(input: AccountInput): string {
  const { settings } = splitAccountInput(normalize(input));
  return describeLocation({ provider: input.provider, settings } as AccountConfig);
}

/** The user asked to create the account's missing folder: done by its backend, before the connection test checks it. */
async function createMissingFolder(input: AccountInput): Promise<void> {
  if (input.provider === 'local' || input.provider === 'tahoe') return; // a local folder is created by its test; a Tahoe server has none
  if (!(await canCreateAccountRoot(input.provider))) {
    throw new ApiError('invalid_input', 'createFolder: RAIC cannot create the folder for this kind of account; create it with the provider\'s own tools and try again.', 'createFolder');
  }
  try {
    await createAccountRoot(input, { requestTimeoutMs: REQUEST_IDLE_TIMEOUT_MS });
  } catch (error) {
    // The backend's messages carry no secrets (it redacts them); plain words lead.
    const raw = error instanceof Error ? error.message : String(error);
    throw new ApiError('invalid_input', `connection: the folder could not be created: ${plainMessage(raw).replace(/\.+$/, '')}. Nothing was saved.`, 'connection');
  }
}

async function testCandidate(input: AccountInput): Promise<ConnectionTest> {
  return (await testCandidateKeepingRenewals(input)).result;
}

async function testCandidateKeepingRenewals(input: AccountInput): Promise<{ result: ConnectionTest; renewed: Record<string, string> }> {
  if (input.provider === 'local') {
    // The folder is created here if its parent exists, as the form promises.
    const problem = await testLocalFolder(path.resolve(input.path));
    if (problem) return { result: { ok: false, checks: [{ name: 'folder', ok: false, detail: problem }] }, renewed: {} };
  }
  const { settings } = splitAccountInput(input);
  const probeAccount: AccountConfig = { id: 'connection-test', name: input.name, provider: input.provider, settings, secretFields: [], enabled: true };
  const { hooks, renewed } = candidateHooks();
  const runtime = await openAccountRuntime(probeAccount, input, hooks);
  try {
    return { result: await runtime.testConnection(), renewed };
  } catch (error) {
    return { result: { ok: false, checks: [{ name: 'connect', ok: false, detail: error instanceof Error ? error.message : String(error) }] }, renewed };
  } finally {
    // Closing reads back a token refreshed at the last moment, into `renewed`.
    await runtime.close().catch(() => undefined);
  }
}
