/**
 * The failure domain of an rclone account, from its non-secret settings:
 * the remote type plus the login its options reveal (a user name, a host, a
 * drive id). For the consumer clouds the login lives in the OAuth token, a
 * secret that is never read here, so every account of one such type counts
 * as one login: pessimistic for someone with two Google accounts, as for S3
 * keys. Types RAIC also speaks natively (sftp, webdav, s3, a local folder)
 * land in the same domain as a native account at the same place.
 */
import { parseOptionLines, RCLONE_RISK_BY_TYPE, type OptionLines } from '../engine/backends/rclone/provider';

/** What the caller turns into a domain: a disk (the folder), or a login at a provider. */
export type RcloneDomainSource = { kind: 'folder'; path: string } | { kind: 'login'; provider: string; where: string; user: string; name: string };

/** Options that name who signs in (first one present wins). */
const USER_OPTIONS = ['user', 'username', 'account', 'drive_id'];
/** Options that name where (first one present wins). */
const WHERE_OPTIONS = ['host', 'url', 'endpoint', 'region', 'hostname', 'api_url'];

function hostOf(value: string): string {
  try {
    return new URL(value).host || value;
  } catch {
    return value;
  }
}

function firstOf(options: OptionLines, keys: readonly string[]): string {
  for (const key of keys) if (options[key]) return options[key]!;
  return '';
}

export function rcloneDomainSource(settings: Readonly<Record<string, unknown>>): RcloneDomainSource {
  const type = typeof settings.remoteType === 'string' ? settings.remoteType : '';
  const root = typeof settings.root === 'string' ? settings.root : '';
  let options: OptionLines = {};
  try {
    options = parseOptionLines(typeof settings.options === 'string' ? settings.options : '');
  } catch {
    // Saved options were checked when saved; unreadable ones reveal no login.
  }
  switch (type) {
    case 'local':
      return { kind: 'folder', path: root };
    case 'sftp': {
      const host = `${options.host ?? ''}:${options.port ?? '22'}`;
      const user = options.user ?? '';
      return { kind: 'login', provider: 'sftp', where: host, user, name: `the SFTP login "${user}" at ${options.host ?? ''}` };
    }
    case 'webdav': {
      const user = options.user ?? '';
      return { kind: 'login', provider: 'webdav', where: hostOf(options.url ?? ''), user, name: `the WebDAV login "${user}" at ${hostOf(options.url ?? '')}` };
    }
    case 's3': {
      const where = hostOf(options.endpoint ?? options.provider ?? '');
      return { kind: 'login', provider: 's3', where, user: '', name: `the S3 login${where ? ` at ${where}` : ''}` };
    }
    default: {
      const user = firstOf(options, USER_OPTIONS);
      const where = hostOf(firstOf(options, WHERE_OPTIONS));
      const said = user ? ` "${user}"` : '';
      const known = (RCLONE_RISK_BY_TYPE as Record<string, { kindName: string } | undefined>)[type];
      const label = known ? known.kindName.replace(/ \(rclone\)$/, '') : type;
      return { kind: 'login', provider: `rclone-${type}`, where, user, name: `the ${label} login${said}${where ? ` at ${where}` : ''} (through rclone)` };
    }
  }
}
