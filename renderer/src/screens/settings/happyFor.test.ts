import { expect, it } from 'vitest';
import { happyFor } from './encodingDraft';

it('keeps the user\'s happy only up to the suggestion, so picking 5-of-7 on seven accounts never asks for all 7', () => {
  const fiveOfSeven = { needed: 5, total: 7, happy: 6 };
  expect(happyFor(fiveOfSeven, 7, 7)).toBe(6);
  expect(happyFor(fiveOfSeven, 5, 7)).toBe(5);
  expect(happyFor(fiveOfSeven, 4, 7)).toBe(6);
  expect(happyFor(fiveOfSeven, undefined, 7)).toBe(6);
});
