/**
 * Issue 20, item 2: the recommended 5-of-7 on seven accounts had set happy
 * to 7, so one account offline blocked every upload. An option's happy is one
 * below the accounts a file reaches, so an upload still succeeds with one
 * account away.
 */
import { expect, it } from 'vitest';
import { evaluateEncoding, proposedHappy } from './chart';
import type { AccountRisk } from './types';

const SEVEN: AccountRisk[] = Array.from({ length: 7 }, (_, i) => ({ id: `a${i}`, name: `Account ${i}`, kind: 'cloud', lossProbability: 0.01, availability: 0.999 }));

it('5-of-7 on seven (or more) accounts asks uploads to reach 6 accounts, not 7', () => {
  expect(proposedHappy(5, 7, 7)).toBe(6);
  expect(proposedHappy(5, 7, 9)).toBe(6);
  expect(evaluateEncoding(SEVEN, {}, 5, 7)).toMatchObject({ needed: 5, happy: 6, total: 7, acceptable: true });
  // Only when every share is needed is there no room below n.
  expect(proposedHappy(7, 7, 7)).toBe(7);
});
