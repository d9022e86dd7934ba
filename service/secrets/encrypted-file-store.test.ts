import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EncryptedFileSecretStore } from './encrypted-file-store';
import { SecretStoreError } from './secret-store';
import { DamagedSecretsFileError, WrongPassphraseError } from './secrets-file-format';

const PASSPHRASE = 'correct horse battery staple';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const REF = 'account-1/secretAccessKey';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'raic-secrets-file-'));
  file = path.join(dir, 'private', 'secrets.enc');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

type FileJson = { kdf: { salt: string; N: number; r: number; p: number }; check: string; cipher: { nonce: string; tag: string; ciphertext: string } };
const readJson = async () => JSON.parse(await readFile(file, 'utf8')) as FileJson;

/** Flips one bit of a base64 field, keeping valid base64, so only authentication can notice. */
function flipBit(value: string, byte = 0): string {
  const bytes = Buffer.from(value, 'base64');
  bytes[byte]! ^= 0x01;
  return bytes.toString('base64');
}

describe('EncryptedFileSecretStore', () => {
  it('round-trips secrets through the file, across unlocks', async () => {
    const store = await EncryptedFileSecretStore.create(file, PASSPHRASE);
    expect(store.kind).toBe('encrypted-file');
    expect(store.describe()).toContain(file);
    await store.set(REF, SECRET);
    await store.set('account-2/password', 'pässwörd ✓ with "quotes"');
    expect(await store.get(REF)).toBe(SECRET);
    expect(await store.get('account-3/password')).toBeUndefined();

    const again = await EncryptedFileSecretStore.unlock(file, PASSPHRASE);
    expect(await again.get(REF)).toBe(SECRET);
    expect(await again.get('account-2/password')).toBe('pässwörd ✓ with "quotes"');

    await again.delete(REF);
    await again.delete('account-9/nothing'); // absent: not an error
    const third = await EncryptedFileSecretStore.unlock(file, PASSPHRASE);
    expect(await third.get(REF)).toBeUndefined();
    expect(await third.get('account-2/password')).toBe('pässwörd ✓ with "quotes"');
  });

  it('never writes the secret, the ref or the passphrase in plain text, and keeps the file 0600 in a 0700 folder', async () => {
    const store = await EncryptedFileSecretStore.create(file, PASSPHRASE);
    await store.set(REF, SECRET);
    const bytes = await readFile(file);
    for (const plain of [SECRET, REF, PASSPHRASE, 'secretAccessKey', 'battery']) {
      expect(bytes.includes(Buffer.from(plain))).toBe(false);
      // Nor merely encoded: base64 of the plain text would be just as readable.
      expect(bytes.includes(Buffer.from(Buffer.from(plain).toString('base64').slice(0, 16)))).toBe(false);
    }
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    const json = await readJson();
    expect(json).toMatchObject({ format: 'raic-secrets', version: 1, kdf: { name: 'scrypt', N: 2 ** 17, r: 8, p: 1, keyLength: 64 }, cipher: { name: 'aes-256-gcm' } });
    expect(Buffer.from(json.kdf.salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(json.cipher.nonce, 'base64')).toHaveLength(12);
    expect(Buffer.from(json.cipher.tag, 'base64')).toHaveLength(16);
  });

  it('re-encrypts with a fresh nonce on every change, even for the same content', async () => {
    const store = await EncryptedFileSecretStore.create(file, PASSPHRASE);
    const nonces = new Set<string>([(await readJson()).cipher.nonce]);
    const ciphertexts = new Set<string>();
    for (let i = 0; i < 4; i += 1) {
      await store.set(REF, SECRET); // identical map every time after the first
      const { cipher } = await readJson();
      nonces.add(cipher.nonce);
      ciphertexts.add(cipher.ciphertext);
    }
    expect(nonces.size).toBe(5);
    expect(ciphertexts.size).toBe(4);
  });

  it('uses a new random salt for every new file', async () => {
    await EncryptedFileSecretStore.create(file, PASSPHRASE);
    const other = path.join(dir, 'other.enc');
    await EncryptedFileSecretStore.create(other, PASSPHRASE);
    const salts = [(await readJson()).kdf.salt, (JSON.parse(await readFile(other, 'utf8')) as FileJson).kdf.salt];
    expect(salts[0]).not.toBe(salts[1]);
  });

  it('refuses a wrong passphrase with a clear error and leaves the file untouched', async () => {
    const store = await EncryptedFileSecretStore.create(file, PASSPHRASE);
    await store.set(REF, SECRET);
    const before = await readFile(file);
    const mtimeBefore = (await stat(file)).mtimeMs;
    const attempt = EncryptedFileSecretStore.unlock(file, 'correct horse battery stapler');
    await expect(attempt).rejects.toThrow(WrongPassphraseError);
    await expect(attempt).rejects.toThrow(`wrong passphrase for the secrets file ${file}`);
    await expect(EncryptedFileSecretStore.unlock(file, '')).rejects.toThrow(WrongPassphraseError);
    expect((await readFile(file)).equals(before)).toBe(true);
    expect((await stat(file)).mtimeMs).toBe(mtimeBefore);
    expect(await (await EncryptedFileSecretStore.unlock(file, PASSPHRASE)).get(REF)).toBe(SECRET);
  });

  it('detects a tampered ciphertext or tag (right passphrase) as damage, not as a wrong passphrase', async () => {
    const store = await EncryptedFileSecretStore.create(file, PASSPHRASE);
    await store.set(REF, SECRET);
    const original = await readJson();
    for (const tamper of [
      (json: FileJson) => (json.cipher.ciphertext = flipBit(json.cipher.ciphertext, 5)),
      (json: FileJson) => (json.cipher.tag = flipBit(json.cipher.tag)),
      (json: FileJson) => (json.cipher.nonce = flipBit(json.cipher.nonce)),
      // Cut ciphertext inside an otherwise valid file.
      (json: FileJson) => (json.cipher.ciphertext = Buffer.from(json.cipher.ciphertext, 'base64').subarray(0, 10).toString('base64')),
    ]) {
      const json = structuredClone(original);
      tamper(json);
      await writeFile(file, JSON.stringify(json));
      const attempt = EncryptedFileSecretStore.unlock(file, PASSPHRASE);
      await expect(attempt).rejects.toThrow(DamagedSecretsFileError);
      await expect(attempt).rejects.toThrow(/was altered or damaged/);
      await expect(attempt).rejects.not.toThrow(SECRET);
    }
  });

  it('treats an altered key-derivation header as a passphrase mismatch (the salt feeds the key)', async () => {
    await EncryptedFileSecretStore.create(file, PASSPHRASE);
    const json = await readJson();
    json.kdf.salt = flipBit(json.kdf.salt);
    await writeFile(file, JSON.stringify(json));
    await expect(EncryptedFileSecretStore.unlock(file, PASSPHRASE)).rejects.toThrow(WrongPassphraseError);
  });

  it('refuses a header that would make scrypt exhaust memory, without running it', async () => {
    await EncryptedFileSecretStore.create(file, PASSPHRASE);
    const json = await readJson();
    json.kdf.N = 2 ** 24;
    await writeFile(file, JSON.stringify(json));
    await expect(EncryptedFileSecretStore.unlock(file, PASSPHRASE)).rejects.toThrow(/is damaged or is not a RAIC secrets file \(kdf\.N/);
  });

  it('reports a truncated or foreign file clearly', async () => {
    const store = await EncryptedFileSecretStore.create(file, PASSPHRASE);
    await store.set(REF, SECRET);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, Math.floor(text.length / 2)));
    await expect(EncryptedFileSecretStore.unlock(file, PASSPHRASE)).rejects.toThrow(`The secrets file ${file} is truncated or is not a RAIC secrets file (not valid JSON)`);
    await writeFile(file, '');
    await expect(EncryptedFileSecretStore.unlock(file, PASSPHRASE)).rejects.toThrow(DamagedSecretsFileError);
    await writeFile(file, JSON.stringify({ hello: 'world' }));
    await expect(EncryptedFileSecretStore.unlock(file, PASSPHRASE)).rejects.toThrow(/is damaged or is not a RAIC secrets file/);
    await writeFile(file, JSON.stringify({ format: 'raic-secrets', version: 7 }));
    await expect(EncryptedFileSecretStore.unlock(file, PASSPHRASE)).rejects.toThrow(/format version 7.*update RAIC/);
    await expect(EncryptedFileSecretStore.unlock(path.join(dir, 'missing.enc'), PASSPHRASE)).rejects.toThrow(/does not exist/);
  });

  it('refuses empty, short and repetitive passphrases without creating a file', async () => {
    await expect(EncryptedFileSecretStore.create(file, '')).rejects.toThrow(/passphrase for the secrets file is empty/);
    await expect(EncryptedFileSecretStore.create(file, '   ')).rejects.toThrow(/is empty/);
    await expect(EncryptedFileSecretStore.create(file, 'hunter2')).rejects.toThrow(/too short \(7 characters\); use at least 12/);
    await expect(EncryptedFileSecretStore.create(file, 'aaaaaaaaaaaaaaaa')).rejects.toThrow(/too few different characters/);
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses to create over an existing secrets file', async () => {
    await EncryptedFileSecretStore.create(file, PASSPHRASE);
    await expect(EncryptedFileSecretStore.create(file, 'another long passphrase')).rejects.toThrow(/already exists; unlock it/);
    await expect(EncryptedFileSecretStore.unlock(file, PASSPHRASE)).resolves.toBeInstanceOf(EncryptedFileSecretStore);
  });

  it('changes the passphrase: new salt, the old one no longer opens the file, later changes use the new key', async () => {
    const store = await EncryptedFileSecretStore.create(file, PASSPHRASE);
    await store.set(REF, SECRET);
    const saltBefore = (await readJson()).kdf.salt;
    await expect(store.changePassphrase('short')).rejects.toThrow(/too short/);
    await store.changePassphrase('a completely different passphrase');
    await store.set('account-2/password', 'after-the-change');
    expect((await readJson()).kdf.salt).not.toBe(saltBefore);
    await expect(EncryptedFileSecretStore.unlock(file, PASSPHRASE)).rejects.toThrow(WrongPassphraseError);
    const reopened = await EncryptedFileSecretStore.unlock(file, 'a completely different passphrase');
    expect(await reopened.get(REF)).toBe(SECRET);
    expect(await reopened.get('account-2/password')).toBe('after-the-change');
  });

  it('keeps every one of many concurrent changes', async () => {
    const store = await EncryptedFileSecretStore.create(file, PASSPHRASE);
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.set(`account-${i}/password`, `value-${i}`)));
    await store.delete('account-3/password');
    const reopened = await EncryptedFileSecretStore.unlock(file, PASSPHRASE);
    for (let i = 0; i < 8; i += 1) expect(await reopened.get(`account-${i}/password`)).toBe(i === 3 ? undefined : `value-${i}`);
  });

  it('validates refs and values before touching the file', async () => {
    const store = await EncryptedFileSecretStore.create(file, PASSPHRASE);
    const before = await readFile(file);
    for (const ref of ['', 'no-slash', 'a/b/c', '../etc/passwd', 'acc/', '/field', 'acc count/field', 'acc/9field', 'acc/field\n']) {
      await expect(store.set(ref, SECRET)).rejects.toThrow(SecretStoreError);
      await expect(store.get(ref)).rejects.toThrow(/Invalid secret reference/);
    }
    await expect(store.set(REF, 42 as unknown as string)).rejects.toThrow(/must be a string/);
    // Arguments swapped by mistake: the "ref" is a secret, and the error must not repeat it.
    await expect(store.set(SECRET, REF)).rejects.toThrow(expect.objectContaining({ message: expect.not.stringContaining(SECRET) }));
    expect((await readFile(file)).equals(before)).toBe(true);
  });
});
