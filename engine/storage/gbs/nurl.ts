/**
 * NURLs: `pb://<spki-hash>@<host>:<port>/<swissnum>#v=1`. The `v=1` fragment
 * is what tells a Tahoe-LAFS client the location speaks GBS (HTTP) rather than
 * Foolscap; the user part is the pinned SPKI hash (spec: "Summary").
 */

export interface Nurl {
  spkiHash: string;
  host: string;
  port: number;
  swissnum: string;
}

export class NurlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NurlError';
  }
}

function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export function formatNurl(nurl: Nurl): string {
  return `pb://${nurl.spkiHash}@${hostForUrl(nurl.host)}:${nurl.port}/${nurl.swissnum}#v=1`;
}

const NURL_PATTERN = /^pb:\/\/([A-Za-z0-9_-]{43})@(\[[0-9A-Fa-f:.]+\]|[^:/@[\]#]+):(\d{1,5})\/([A-Za-z0-9_-]+)#v=1$/;

export function parseNurl(text: string): Nurl {
  const match = NURL_PATTERN.exec(text.trim());
  if (!match) {
    // The text is not quoted back: a NURL carries its swissnum, which is a credential.
    throw new NurlError('not a GBS NURL (expected pb://<43-character SPKI hash>@<host>:<port>/<swissnum>#v=1)');
  }
  const [, spkiHash, rawHost, portText, swissnum] = match as unknown as [string, string, string, string, string];
  const port = Number(portText);
  if (port < 1 || port > 65535) throw new NurlError(`NURL port out of range: ${port}`);
  const host = rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost;
  return { spkiHash, host, port, swissnum };
}
