import { expect, it } from 'vitest';
import { cellText } from './EncodingHeatMap';

it('writes a figure in a chart cell only as far as it fits, so neighbours never run together', () => {
  expect(cellText('10.8', 46)).toBe('10.8');
  expect(cellText('10.8', 30)).toBe('10');
  expect(cellText('11+', 30)).toBe('11+');
  expect(cellText('1234', 30)).toBeUndefined();
});
