import { defineConfig } from 'vitest/config';

/** Timing-accuracy tests, one file at a time, with nothing else of ours running. */
export default defineConfig({
  test: {
    include: ['test/**/*.timing.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 20_000,
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    reporters: ['default'],
  },
});
