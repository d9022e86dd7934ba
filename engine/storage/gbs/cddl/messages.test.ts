/**
 * The protocol's messages against the specification's CDDL: known answers
 * hand-encoded from the spec's examples (RAIC writes exactly these bytes and
 * reads them back), what Tahoe-LAFS's own server writes (RAIC's client reads
 * it), and proof that the validator refuses the three defects Tahoe-LAFS's
 * client tripped over: a tag-259 map, a float where a uint belongs, and a key
 * the schema does not have.
 */
import { describe, expect, it } from 'vitest';
import { TAHOE_MAX_MUTABLE_SHARE_SIZE } from '../../types';
import { encodeCbor } from '../cbor/encode';
import { decodeCbor } from '../cbor/decode';
import { MessageShapeError } from '../message-checks';
import { allocateMessage, corruptMessage, readAllocateMessage, readReadTestWriteMessage, readTestWriteMessage } from '../request-messages';
import {
  allocateResultMessage,
  readAllocateResult,
  readReadTestWriteResult,
  readRequiredRanges,
  readVersionMessage,
  readTestWriteResultMessage,
  requiredRangesMessage,
  shareListMessage,
  versionMessage,
} from '../response-messages';
import { CDDL } from './protocol-schemas';
import { cddlChecker } from './validate';

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const textHex = (text: string): string => Buffer.from(text, 'latin1').toString('hex');
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function expectValid(schema: string, bytes: Uint8Array): void {
  expect(cddlChecker(schema)(bytes)).toBeUndefined();
}

function expectInvalid(schema: string, bytes: Uint8Array, why: RegExp): void {
  expect(cddlChecker(schema)(bytes)).toMatch(why);
}

// {"share-numbers": #6.258([1, 7]), "allocated-size": 48}, the spec's allocation example.
const ALLOCATE_REQUEST = hex(`a2 6d ${textHex('share-numbers')} d90102 82 01 07 6e ${textHex('allocated-size')} 1830`);
// {"already-have": #6.258([1]), "allocated": #6.258([7])}
const ALLOCATE_RESPONSE = hex(`a2 6c ${textHex('already-have')} d90102 81 01 69 ${textHex('allocated')} d90102 81 07`);
// {"required": [{"begin": 16, "end": 48}]}
const WRITE_PROGRESS = hex(`a1 68 ${textHex('required')} 81 a2 65 ${textHex('begin')} 10 63 ${textHex('end')} 1830`);
// {"success": true, "data": {0: [h'666f6f']}}
const READ_TEST_WRITE_RESPONSE = hex(`a2 67 ${textHex('success')} f5 64 ${textHex('data')} a1 00 81 43 666f6f`);
// The spec's mutable example: share 3, test {0, 1, ''}, write {0, 'xxxxxxxxxx'}, new-length 10, no reads.
const READ_TEST_WRITE_REQUEST = hex(
  `a2 72 ${textHex('test-write-vectors')} a1 03 a3` +
    ` 64 ${textHex('test')} 81 a3 66 ${textHex('offset')} 00 64 ${textHex('size')} 01 68 ${textHex('specimen')} 40` +
    ` 65 ${textHex('write')} 81 a2 66 ${textHex('offset')} 00 64 ${textHex('data')} 4a ${textHex('xxxxxxxxxx')}` +
    ` 6a ${textHex('new-length')} 0a` +
    ` 6b ${textHex('read-vector')} 80`,
);
const V1 = 'http://allmydata.org/tahoe/protocols/storage/v1';
/** What Tahoe-LAFS's server sends: 4 GiB free, and its 69,105 TB mutable limit (a 64-bit uint past 2^53). */
const TAHOE_VERSION = hex(
  `a2 582f ${textHex(V1)} a3` +
    ` 581c ${textHex('maximum-immutable-share-size')} 1b 0000000100000000` +
    ` 581a ${textHex('maximum-mutable-share-size')} 1b 00f582a1a1341000` +
    ` 4f ${textHex('available-space')} 1b 0000000100000000` +
    ` 53 ${textHex('application-version')} 51 ${textHex('tahoe-lafs/1.20.0')}`,
);

describe('known answers, hand-encoded from the specification', () => {
  it('allocation: RAIC writes the bytes, reads them back, and they match the CDDL', () => {
    expectValid(CDDL.allocateRequest, ALLOCATE_REQUEST);
    expect(toHex(encodeCbor(allocateMessage({ shareNumbers: [1, 7], allocatedSize: 48 })))).toBe(toHex(ALLOCATE_REQUEST));
    expect(readAllocateMessage(decodeCbor(ALLOCATE_REQUEST))).toEqual({ shareNumbers: [1, 7], allocatedSize: 48 });
    expectValid(CDDL.allocateResponse, ALLOCATE_RESPONSE);
    expect(toHex(encodeCbor(allocateResultMessage([1], [7])))).toBe(toHex(ALLOCATE_RESPONSE));
    expect(readAllocateResult(decodeCbor(ALLOCATE_RESPONSE))).toEqual({ alreadyHave: [1], allocated: [7] });
  });

  it('write progress, share lists and read-test-write', () => {
    expectValid(CDDL.writeProgressResponse, WRITE_PROGRESS);
    expect(toHex(encodeCbor(requiredRangesMessage([{ begin: 16, end: 48 }])))).toBe(toHex(WRITE_PROGRESS));
    expect(readRequiredRanges(decodeCbor(WRITE_PROGRESS))).toEqual([{ begin: 16, end: 48 }]);
    expect(toHex(encodeCbor(shareListMessage([1, 5])))).toBe('d9010282' + '0105');
    expectValid(CDDL.shareListResponse, hex('d90102820105'));

    expectValid(CDDL.readTestWriteRequest, READ_TEST_WRITE_REQUEST);
    const request = {
      testAndWriteVectors: new Map([[3, { testVector: [{ offset: 0, size: 1, specimen: new Uint8Array(0) }], writeVector: [{ offset: 0, data: Buffer.from('xxxxxxxxxx') }], newLength: 10 }]]),
      readVector: [],
    };
    expect(toHex(encodeCbor(readTestWriteMessage(request)))).toBe(toHex(READ_TEST_WRITE_REQUEST));
    const decoded = readReadTestWriteMessage(decodeCbor(READ_TEST_WRITE_REQUEST));
    expect(decoded.testAndWriteVectors.get(3)!.newLength).toBe(10);
    expect(Buffer.from(decoded.testAndWriteVectors.get(3)!.writeVector[0]!.data).toString()).toBe('xxxxxxxxxx');

    expectValid(CDDL.readTestWriteResponse, READ_TEST_WRITE_RESPONSE);
    expect(toHex(encodeCbor(readTestWriteResultMessage(true, new Map([[0, [Buffer.from('foo')]]]))))).toBe(toHex(READ_TEST_WRITE_RESPONSE));
    expect(readReadTestWriteResult(decodeCbor(READ_TEST_WRITE_RESPONSE)).data.get(0)!.map((b) => Buffer.from(b).toString())).toEqual(['foo']);
    expectValid(CDDL.corruptRequest, encodeCbor(corruptMessage('expected hash abcd, got hash efgh')));
  });

  it('version: RAIC writes what Tahoe-LAFS writes, and reads a 64-bit uint past 2^53', () => {
    expectValid(CDDL.versionResponse, TAHOE_VERSION);
    const ours = versionMessage({ maximumImmutableShareSize: 2 ** 32, availableSpace: 2 ** 32, maximumMutableShareSize: TAHOE_MAX_MUTABLE_SHARE_SIZE }, 'tahoe-lafs/1.20.0');
    expect(toHex(encodeCbor(ours))).toBe(toHex(TAHOE_VERSION));
    const read = readVersionMessage(decodeCbor(TAHOE_VERSION));
    expect(read).toMatchObject({ maximumImmutableShareSize: 2 ** 32, availableSpace: 2 ** 32, maximumMutableShareSize: Infinity, applicationVersion: 'tahoe-lafs/1.20.0' });
    // Unlimited is the largest uint, never a float.
    const unlimited = encodeCbor(versionMessage({ maximumImmutableShareSize: Infinity, availableSpace: Infinity, maximumMutableShareSize: Infinity }, 'x'));
    expectValid(CDDL.versionResponse, unlimited);
    expect(toHex(unlimited)).toContain('1bffffffffffffffff');
    expect(readVersionMessage(decodeCbor(unlimited)).availableSpace).toBe(Infinity);
  });
});

describe('the validator and the readers refuse what Tahoe-LAFS refuses', () => {
  it('a map in tag 259 (what cbor-x writes for a JS Map by default)', () => {
    const tagged = hex(`d90103 ${toHex(ALLOCATE_RESPONSE)}`);
    expectInvalid(CDDL.allocateResponse, tagged, /expected a map, found tag 259/);
    expect(() => decodeCbor(tagged)).toThrow(/tag 259/);
  });

  it('a float where the CDDL says uint, even a whole one', () => {
    // "allocated-size": 48.0 as float64, and 2^53 - 1 as float64 (what RAIC's version message used to carry).
    const floatSize = hex(`a2 6d ${textHex('share-numbers')} d90102 82 01 07 6e ${textHex('allocated-size')} fb 4048000000000000`);
    expectInvalid(CDDL.allocateRequest, floatSize, /expected uint, found the float 48/);
    expect(() => readAllocateMessage(decodeCbor(floatSize))).toThrow(MessageShapeError);
    const floatVersion = hex(toHex(TAHOE_VERSION).replace('1b0000000100000000', 'fb433fffffffffffff'));
    expectInvalid(CDDL.versionResponse, floatVersion, /expected uint, found the float/);
    expect(() => readVersionMessage(decodeCbor(floatVersion))).toThrow(/float/);
  });

  it('an open map: a key the schema lacks', () => {
    const extraKey = hex(`a3 ${toHex(ALLOCATE_RESPONSE).slice(2)} 65 ${textHex('extra')} f5`);
    expectInvalid(CDDL.allocateResponse, extraKey, /the key the text "extra" is not in the schema/);
    expect(() => readAllocateResult(decodeCbor(extraKey))).toThrow(/unexpected key/);
    // In the version message too: Tahoe-LAFS's client refuses the flags its Foolscap version message has.
    const flagged = hex(toHex(TAHOE_VERSION).replace(`a3581c`, `a4 5820 ${textHex('tolerates-immutable-read-overrun')} f5 581c`.replace(/\s/g, '')));
    expectInvalid(CDDL.versionResponse, flagged, /not in the schema/);
  });

  it('text where bytes belong, a missing key, a set without its tag, a set too big', () => {
    const textVersion = hex(toHex(TAHOE_VERSION).replace(`53${textHex('application-version')}51`, `53${textHex('application-version')}71`));
    expectInvalid(CDDL.versionResponse, textVersion, /expected bstr, found the text/);
    expectInvalid(CDDL.allocateResponse, hex(`a1 6c ${textHex('already-have')} d90102 80`), /lacks allocated/);
    expectInvalid(CDDL.shareListResponse, hex('820105'), /expected tag 258/);
    expectInvalid(CDDL.shareListResponse, encodeCbor(new Set(Array.from({ length: 257 }, (_, i) => i))), /too many|at least|expected/);
    expectInvalid(CDDL.corruptRequest, encodeCbor(new Map([['reason', '']])), /outside 1..32765/);
    expectInvalid(CDDL.readTestWriteRequest, encodeCbor(new Map<string, unknown>([['test-write-vectors', new Map([['0', new Map()]])], ['read-vector', []]])), /not in the schema/);
  });

  it('the encoder refuses floats, undefined and plain objects instead of guessing', () => {
    expect(() => encodeCbor(1.5)).toThrow(/no floats/);
    expect(() => encodeCbor(new Map([['a', undefined]]))).toThrow(/undefined/);
    expect(() => encodeCbor({ a: 1 })).toThrow(/plain object/);
    expect(toHex(encodeCbor(2 ** 40))).toBe('1b0000010000000000');
    expect(toHex(encodeCbor(Number.MAX_SAFE_INTEGER))).toBe('1b001fffffffffffff');
    expect(toHex(encodeCbor(-1))).toBe('20');
  });

  it('the decoder reads indefinite lengths and refuses repeated keys, repeated set elements, other tags and truncation', () => {
    expect(decodeCbor(hex('bf 6161 01 5f 41 61 41 62 ff 9f 01 ff ff'))).toEqual(new Map<unknown, unknown>([['a', 1], [Uint8Array.from([0x61, 0x62]), [1]]]));
    expect(() => decodeCbor(hex('a2 01 f5 01 f4'))).toThrow(/repeats a key/);
    expect(() => decodeCbor(hex('a2 41 00 f5 41 00 f4'))).toThrow(/repeats a key/);
    expect(() => decodeCbor(hex('d90102 82 01 01'))).toThrow(/repeats an element/);
    expect(() => decodeCbor(hex('c1 1a 00000000'))).toThrow(/tag 1 is not used/);
    expect(() => decodeCbor(hex('82 01'))).toThrow(/announces 2 entries or bytes but only 1 bytes follow/);
    expect(() => decodeCbor(hex('01 02'))).toThrow(/follow the CBOR item/);
    expect(decodeCbor(hex('1b 0020000000000000'))).toBe(2n ** 53n);
    // Tahoe-LAFS's server sends 2^64 as a bignum (tag 2) when it cannot measure free space: read as unlimited.
    const bignumSpace = hex(toHex(TAHOE_VERSION).replace(`4f${textHex('available-space')}1b0000000100000000`, `4f${textHex('available-space')}c2 49 010000000000000000`.replace(/\s/g, '')));
    expect(readVersionMessage(decodeCbor(bignumSpace)).availableSpace).toBe(Infinity);
  });
});
