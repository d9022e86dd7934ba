import { expect, it } from 'vitest';
import { formatRecoveryWords } from './recovery';

it('numbers the words three to a line and warns to keep them safe', () => {
  const words = Array.from({ length: 18 }, (_, i) => `word${i + 1}`);
  const text = formatRecoveryWords('f002789e', words);
  const lines = text.split('\n');
  expect(lines[0]).toBe('Recovery key f002789e:');
  expect(lines[2]).toBe('   1. word1     2. word2     3. word3');
  expect(lines[7]).toBe('  16. word16   17. word17   18. word18');
  expect(text).toMatch(/keep them somewhere safe/);
});
