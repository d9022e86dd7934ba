/**
 * What a Tahoe-LAFS client needs to use a RAIC GBS server: a static server
 * entry for its `private/servers.yaml` (Tahoe-LAFS docs/configuration.rst,
 * "Static Server Definitions"). A Tahoe-LAFS client speaks GBS to a server
 * whose announcement lists `anonymous-storage-NURLs`; its code still parses
 * `anonymous-storage-FURL` to get the server's tub id, from which it derives
 * lease and write-enabler secrets, so that key must be present and stable.
 */
import type { X509Certificate } from 'node:crypto';
import { createHash } from 'node:crypto';
import { base32Encode } from '../../chk/base32';
import { foolscapTubIdOf } from './certificate';
import { parseNurl } from './nurl';

export interface TahoeAnnouncement {
  /** The servers.yaml key: "v0-" and 52 base32 characters, like a Tahoe-LAFS node's public-key id. */
  serverId: string;
  nickname: string;
  nurl: string;
  /** Never dialed (RAIC speaks no Foolscap); it carries the stable tub id Tahoe-LAFS derives secrets from. */
  furl: string;
  permutationSeedBase32: string;
}

export function tahoeAnnouncement(nurl: string, certificate: X509Certificate, nickname: string): TahoeAnnouncement {
  const parsed = parseNurl(nurl);
  const spki = certificate.publicKey.export({ type: 'spki', format: 'der' });
  const keyDigest = base32Encode(new Uint8Array(createHash('sha256').update(spki).digest()));
  const host = parsed.host.includes(':') ? `[${parsed.host}]` : parsed.host;
  return {
    serverId: `v0-${keyDigest}`,
    nickname,
    nurl,
    furl: `pb://${base32Encode(foolscapTubIdOf(certificate))}@tcp:${host}:${parsed.port}/${parsed.swissnum}`,
    permutationSeedBase32: keyDigest,
  };
}

/** JSON strings are valid YAML scalars, and safe for any nickname. */
function yamlString(text: string): string {
  return JSON.stringify(text);
}

/** The entry, as a complete servers.yaml (merge its "storage:" item into an existing file). */
export function serversYaml(announcement: TahoeAnnouncement): string {
  return [
    'storage:',
    `  ${announcement.serverId}:`,
    '    ann:',
    `      nickname: ${yamlString(announcement.nickname)}`,
    `      anonymous-storage-FURL: ${yamlString(announcement.furl)}`,
    '      anonymous-storage-NURLs:',
    `        - ${yamlString(announcement.nurl)}`,
    `      permutation-seed-base32: ${yamlString(announcement.permutationSeedBase32)}`,
    '',
  ].join('\n');
}
