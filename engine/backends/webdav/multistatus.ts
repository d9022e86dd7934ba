/** Reading WebDAV PROPFIND answers (RFC 4918 multistatus) into plain entries. */
import { XMLParser } from 'fast-xml-parser';

export interface DavEntry {
  /** Decoded path of the resource, from its href. */
  path: string;
  isCollection: boolean;
  size?: number;
  modified?: Date;
  quotaAvailableBytes?: number;
  quotaUsedBytes?: number;
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => name === 'response' || name === 'propstat',
});

type Props = Record<string, unknown>;

function numberOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const parsed = Number(value.trim());
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** Parses a 207 body; hrefs are resolved against the request URL and percent-decoded. */
export function parseMultistatus(xml: string, requestUrl: string): DavEntry[] {
  const document = parser.parse(xml) as { multistatus?: { response?: Array<{ href?: string; propstat?: Array<{ prop?: Props; status?: string }> }> } };
  const entries: DavEntry[] = [];
  for (const response of document.multistatus?.response ?? []) {
    if (typeof response.href !== 'string') continue;
    // Only the properties the server found (status 200); others come back as 404 propstats.
    const props: Props = {};
    for (const propstat of response.propstat ?? []) {
      if (propstat.status && !/\s2\d\d\s/.test(` ${propstat.status} `)) continue;
      Object.assign(props, propstat.prop ?? {});
    }
    const pathname = new URL(response.href.trim(), requestUrl).pathname;
    const path = pathname.split('/').map(decodeURIComponent).join('/');
    const resourceType = props.resourcetype;
    const isCollection = typeof resourceType === 'object' && resourceType !== null && 'collection' in resourceType;
    const modified = typeof props.getlastmodified === 'string' ? new Date(props.getlastmodified) : undefined;
    entries.push({
      path,
      isCollection,
      size: numberOf(props.getcontentlength),
      modified: modified && !Number.isNaN(modified.getTime()) ? modified : undefined,
      quotaAvailableBytes: numberOf(props['quota-available-bytes']),
      quotaUsedBytes: numberOf(props['quota-used-bytes']),
    });
  }
  return entries;
}

export const PROPFIND_ENTRY_BODY = `<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/><D:getcontentlength/><D:getlastmodified/></D:prop></D:propfind>`;

export const PROPFIND_QUOTA_BODY = `<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/><D:quota-available-bytes/><D:quota-used-bytes/></D:prop></D:propfind>`;
