/**
 * The CDDL of every CBOR message of the storage protocol, as
 * docs/specifications/http-storage-node-protocol.rst in Tahoe-LAFS gives it
 * (single quotes are byte strings, double quotes and bare words text), keyed
 * by endpoint and direction. The tests check RAIC's messages, both ways,
 * against these with validate.ts. Bodies that are not CBOR (share data in
 * and out, and the empty answers) are listed as such so every endpoint is
 * accounted for.
 */
import type { RouteKind } from '../paths';

const SHARE_SET = `
  response = #6.258([0*256 uint])
`;

export const CDDL = {
  versionResponse: `
    response = {'http://allmydata.org/tahoe/protocols/storage/v1' => {
        'maximum-immutable-share-size' => uint
        'maximum-mutable-share-size' => uint
        'available-space' => uint
        }
     'application-version' => bstr
    }
  `,
  allocateRequest: `
    request = {
      share-numbers: #6.258([0*256 uint])
      allocated-size: uint
    }
  `,
  allocateResponse: `
    response = {
      already-have: #6.258([0*256 uint])
      allocated: #6.258([0*256 uint])
    }
  `,
  writeProgressResponse: `
    response = {
      required: [0* {begin: uint, end: uint}]
    }
  `,
  corruptRequest: `
    request = {
      reason: tstr .size (1..32765)
    }
  `,
  shareListResponse: SHARE_SET,
  readTestWriteRequest: `
    request = {
      "test-write-vectors": {
        0*256 share_number : {
          "test": [0*30 {"offset": uint, "size": uint, "specimen": bstr}]
          "write": [* {"offset": uint, "data": bstr}]
          "new-length": uint / null
        }
      }
      "read-vector": [0*30 {"offset": uint, "size": uint}]
    }
    share_number = uint
  `,
  readTestWriteResponse: `
    response = {
      "success": bool,
      "data": {0*256 share_number: [0* bstr]}
    }
    share_number = uint
  `,
} as const;

export type Body = { cddl: string } | 'share-data' | 'empty' | 'none';

export interface EndpointBodies {
  method: string;
  request: Body;
  /** Success statuses and what each carries. */
  responses: Record<number, Body>;
}

/** Every endpoint of the protocol: request body, and the body of each success status. */
export const ENDPOINTS: Record<RouteKind, EndpointBodies[]> = {
  version: [{ method: 'GET', request: 'none', responses: { 200: { cddl: CDDL.versionResponse } } }],
  lease: [{ method: 'PUT', request: 'none', responses: { 204: 'empty' } }],
  'immutable-bucket': [{ method: 'POST', request: { cddl: CDDL.allocateRequest }, responses: { 200: { cddl: CDDL.allocateResponse } } }],
  'immutable-share': [
    // Tahoe-LAFS's client decodes the write progress on 201 too (an empty "required").
    { method: 'PATCH', request: 'share-data', responses: { 200: { cddl: CDDL.writeProgressResponse }, 201: { cddl: CDDL.writeProgressResponse } } },
    { method: 'GET', request: 'none', responses: { 200: 'share-data', 206: 'share-data', 204: 'empty' } },
  ],
  'immutable-abort': [{ method: 'PUT', request: 'none', responses: { 200: 'empty' } }],
  'immutable-corrupt': [{ method: 'POST', request: { cddl: CDDL.corruptRequest }, responses: { 200: 'empty' } }],
  'immutable-shares': [{ method: 'GET', request: 'none', responses: { 200: { cddl: CDDL.shareListResponse } } }],
  'mutable-read-test-write': [{ method: 'POST', request: { cddl: CDDL.readTestWriteRequest }, responses: { 200: { cddl: CDDL.readTestWriteResponse } } }],
  'mutable-shares': [{ method: 'GET', request: 'none', responses: { 200: { cddl: CDDL.shareListResponse } } }],
  'mutable-share': [{ method: 'GET', request: 'none', responses: { 200: 'share-data', 206: 'share-data', 204: 'empty' } }],
  'mutable-corrupt': [{ method: 'POST', request: { cddl: CDDL.corruptRequest }, responses: { 200: 'empty' } }],
};
