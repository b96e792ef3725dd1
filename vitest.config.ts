import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Timing-accuracy tests (*.timing.test.ts) run alone afterwards (vitest.timing.config.ts):
    // a "within 1 ms" check must not share the 2 cores with other test files.
    exclude: [...configDefaults.exclude, 'test/**/*.timing.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    reporters: ['default'],
  },
});
