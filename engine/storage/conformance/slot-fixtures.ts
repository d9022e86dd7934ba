/** Builders for mutable-slot calls, shared by the mutable-slot and corruption-advice groups. */
import type { SlotSecrets, TestAndWriteVectors } from '../types';
import { secretsFor } from './fixtures';

export const slotSecrets: SlotSecrets = { writeEnabler: new Uint8Array(32).fill(7), ...secretsFor(20) };

export const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text));

export const text = (data: Uint8Array | undefined): string => Buffer.from(data ?? []).toString();

/** Test-and-write vectors per share number; missing fields are empty. */
export const vectors = (entries: [number, Partial<TestAndWriteVectors>][]): Map<number, TestAndWriteVectors> =>
  new Map(entries.map(([n, v]) => [n, { testVector: [], writeVector: [], ...v }]));
