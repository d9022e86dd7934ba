/**
 * Runs secret-store calls in a fresh Node process for the tests. The keychain
 * library binds to a D-Bus session bus once per process (the first call wins,
 * failures included), so cases that need another bus, or none, run here with
 * their own environment. Prints one JSON line: the result or the error.
 *
 * Usage: node --import tsx secrets-child.ts '<json request>'
 * The passphrase, if any, comes from RAIC_TEST_PASSPHRASE (test-only).
 */
import { KeychainSecretStore } from '../keychain-store';
import { openSecretStore } from '../open-secret-store';
import { probeKeychain } from '../probe-keychain';

export type ChildRequest =
  | { op: 'probe'; serviceName?: string; timeoutMs?: number }
  | { op: 'keychain'; serviceName: string; action: 'set' | 'get' | 'delete'; ref: string; value?: string }
  | { op: 'open'; dataDir: string; serviceName?: string; set?: [string, string]; get?: string };

export type ChildResult =
  | { ok: true; probe?: unknown; kind?: string; describe?: string; value?: string | null; passphraseAsked?: number }
  | { ok: false; name: string; message: string };

async function main(request: ChildRequest): Promise<ChildResult> {
  if (request.op === 'probe') return { ok: true, probe: await probeKeychain(request.serviceName, { timeoutMs: request.timeoutMs }) };
  if (request.op === 'keychain') {
    const store = new KeychainSecretStore(request.serviceName);
    if (request.action === 'set') await store.set(request.ref, request.value ?? '');
    if (request.action === 'delete') await store.delete(request.ref);
    return { ok: true, value: request.action === 'get' ? ((await store.get(request.ref)) ?? null) : undefined };
  }
  let passphraseAsked = 0;
  const passphrase = process.env.RAIC_TEST_PASSPHRASE;
  const store = await openSecretStore({
    dataDir: request.dataDir,
    serviceName: request.serviceName,
    passphrase:
      passphrase === undefined
        ? undefined
        : async () => {
            passphraseAsked += 1;
            return passphrase;
          },
  });
  if (request.set) await store.set(request.set[0], request.set[1]);
  const value = request.get ? ((await store.get(request.get)) ?? null) : undefined;
  return { ok: true, kind: store.kind, describe: store.describe(), value, passphraseAsked };
}

main(JSON.parse(process.argv[2] ?? '{}') as ChildRequest)
  .catch((error: unknown): ChildResult => ({ ok: false, name: (error as Error).name, message: (error as Error).message }))
  // Exit explicitly: a keychain call abandoned at its deadline may still hold the event loop open.
  .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0)));
