/** The server's identity (certificate, SPKI hash, swissnum, NURL) and the client's pinning of it. */
import { X509Certificate } from 'node:crypto';
import { stat, writeFile } from 'node:fs/promises';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StorageServer } from '../types';
import { tahoeAnnouncement, serversYaml } from './announcement';
import { createTlsIdentity, spkiHashOf } from './certificate';
import { GbsStorageServer } from './client';
import { formatNurl, NurlError, parseNurl } from './nurl';
import { CertificatePinError } from './pinned-agent';
import { serveStorageOverGbs } from './server';
import { loadOrCreateServerIdentity } from './server-identity';
import { makeTempRoot } from './test-fixtures';

let temp: Awaited<ReturnType<typeof makeTempRoot>>;
beforeEach(async () => {
  temp = await makeTempRoot('identity');
});
afterEach(() => temp.cleanup());

/** A storage server that only counts how often it is asked anything. */
function countingStorage(): StorageServer & { calls: number } {
  const storage = {
    serverId: 'counting',
    nickname: 'counting',
    calls: 0,
    async getVersion() {
      storage.calls++;
      return { maximumImmutableShareSize: 1000, availableSpace: 1000 };
    },
    async allocateBuckets(): Promise<never> {
      throw new Error('not used');
    },
    async getBuckets() {
      storage.calls++;
      return new Map();
    },
    async adviseCorruptShare() {},
  };
  return storage;
}

describe('the self-signed certificate', () => {
  it('is a valid, self-signed X.509 v3 certificate that does not expire, with an ECDSA P-256 key', () => {
    const identity = createTlsIdentity('test-node');
    const certificate = new X509Certificate(identity.certificatePem);
    expect(certificate.subject).toBe('CN=test-node');
    expect(certificate.issuer).toBe('CN=test-node');
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(new Date(certificate.validTo).getUTCFullYear()).toBe(9999);
    expect(new Date(certificate.validFrom).getTime()).toBeLessThan(Date.now());
    // The SPKI hash: unpadded base64url of 32 bytes is 43 characters.
    expect(spkiHashOf(certificate)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createTlsIdentity().certificatePem).not.toBe(identity.certificatePem);
  });
});

describe('NURLs', () => {
  it('format and parse, with IPv6 hosts in brackets', () => {
    const nurl = { spkiHash: 'a'.repeat(43), host: 'example.com', port: 443, swissnum: 'g3m5abc' };
    expect(formatNurl(nurl)).toBe(`pb://${'a'.repeat(43)}@example.com:443/g3m5abc#v=1`);
    expect(parseNurl(formatNurl(nurl))).toEqual(nurl);
    const v6 = { ...nurl, host: '::1' };
    expect(formatNurl(v6)).toContain('@[::1]:443/');
    expect(parseNurl(formatNurl(v6))).toEqual(v6);
    for (const bad of ['pb://short@host:1/s#v=1', `pb://${'a'.repeat(43)}@host:1/s`, `pb://${'a'.repeat(43)}@host/s#v=1`, `https://${'a'.repeat(43)}@host:1/s#v=1`, `pb://${'a'.repeat(43)}@host:99999/s#v=1`]) {
      expect(() => parseNurl(bad), bad).toThrow(NurlError);
    }
  });
});

describe('the server identity folder', () => {
  it('keeps key, certificate and swissnum private, and gives the same NURL after a restart', async () => {
    const stateDir = join(temp.root, 'state');
    const first = await serveStorageOverGbs({ storage: countingStorage(), stateDir });
    const port = first.port;
    await first.close();
    const second = await serveStorageOverGbs({ storage: countingStorage(), stateDir, port });
    try {
      expect(second.nurl).toBe(first.nurl);
      for (const file of ['private-key.pem', 'certificate.pem', 'swissnum']) expect((await stat(join(stateDir, file))).mode & 0o777).toBe(0o600);
      const identity = await loadOrCreateServerIdentity(stateDir);
      expect(identity.swissnum).toMatch(/^[a-z2-7]{32}$/);
      expect(parseNurl(second.nurl)).toMatchObject({ spkiHash: identity.spkiHash, swissnum: identity.swissnum, host: '127.0.0.1', port });
      const client = new GbsStorageServer({ nurl: first.nurl });
      expect((await client.getVersion()).availableSpace).toBe(1000);
      client.close();
    } finally {
      await second.close();
    }
  });

  it('advertises the host it is told to', async () => {
    const served = await serveStorageOverGbs({ storage: countingStorage(), stateDir: join(temp.root, 's'), advertisedHost: 'storage.example.net' });
    try {
      expect(parseNurl(served.nurl).host).toBe('storage.example.net');
    } finally {
      await served.close();
    }
  });
});

describe('certificate pinning', () => {
  it('refuses a server with another key at the NURL address, before sending it anything', async () => {
    const original = await serveStorageOverGbs({ storage: countingStorage(), stateDir: join(temp.root, 'original') });
    const port = original.port;
    const nurl = original.nurl;
    await original.close();
    // Another server (another key, same swissnum even) takes over the address.
    const impostorStorage = countingStorage();
    const impostorState = join(temp.root, 'impostor');
    const swissnum = parseNurl(nurl).swissnum;
    await loadOrCreateServerIdentity(impostorState);
    await writeFile(join(impostorState, 'swissnum'), `${swissnum}\n`);
    const impostor = await serveStorageOverGbs({ storage: impostorStorage, stateDir: impostorState, port });
    try {
      expect(impostor.nurl).not.toBe(nurl);
      const client = new GbsStorageServer({ nurl });
      await expect(client.getVersion()).rejects.toBeInstanceOf(CertificatePinError);
      await expect(client.getBuckets(new Uint8Array(16))).rejects.toThrow(/is not the one its NURL names/);
      client.close();
      expect(impostorStorage.calls).toBe(0);
      // With the impostor's own NURL everything works: the check is the key, nothing else.
      const honest = new GbsStorageServer({ nurl: impostor.nurl });
      await honest.getVersion();
      honest.close();
      expect(impostorStorage.calls).toBe(1);
    } finally {
      await impostor.close();
    }
  });

  it('gives up on a silent server after the timeout', async () => {
    const silent = createTcpServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const client = new GbsStorageServer({ nurl: `pb://${'a'.repeat(43)}@127.0.0.1:${port}/swiss#v=1`, timeoutMs: 300 });
    const started = Date.now();
    await expect(client.getVersion()).rejects.toThrow(/within 300 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
    client.close();
    silent.close();
  });
});

describe('the Tahoe-LAFS announcement', () => {
  it('names the NURL, a stable tub id in a parseable fURL, and a v0- server id', async () => {
    const identity = await loadOrCreateServerIdentity(join(temp.root, 'ann'));
    const nurl = formatNurl({ spkiHash: identity.spkiHash, host: 'nas.local', port: 8098, swissnum: identity.swissnum });
    const announcement = tahoeAnnouncement(nurl, identity.certificate, 'My "cloud"');
    expect(announcement.serverId).toMatch(/^v0-[a-z2-7]{52}$/);
    // Tahoe-LAFS reads the tub id with pb://(\w+)@ and base32-decodes it: 20 bytes, 32 characters.
    expect(announcement.furl).toMatch(new RegExp(`^pb://[a-z2-7]{32}@tcp:nas\\.local:8098/${identity.swissnum}$`));
    expect(tahoeAnnouncement(nurl, identity.certificate, 'x').furl).toBe(announcement.furl);
    const yaml = serversYaml(announcement);
    expect(parseYaml(yaml)).toEqual({
      storage: {
        [announcement.serverId]: {
          ann: {
            nickname: 'My "cloud"',
            'anonymous-storage-FURL': announcement.furl,
            'anonymous-storage-NURLs': [nurl],
            'permutation-seed-base32': announcement.permutationSeedBase32,
          },
        },
      },
    });
  });
});
