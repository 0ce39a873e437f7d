import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.loa/**'],
    globalSetup: ['./test/global-setup.ts'],
    setupFiles: ['./test/no-network.ts'],
    pool: 'forks',
    // Most test time is spent waiting on PostgreSQL, chromium and simulators, so two files at
    // once keep a 2-core machine busy where vitest's default (cores − 1) runs one at a time.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    testTimeout: 30_000,
    // expect.poll waits for something asynchronous (a NOTIFY, a page's answer) and ends as soon as it
    // holds; vitest's default of 1 s made it a timed assertion on a machine busy with other files.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
