// Local runner config for the reliability suite until the root config includes reliability/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['reliability/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
