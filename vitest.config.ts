import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The web page's imports of the package's browser-safe entries, from source (as web/vite.config.ts does).
  resolve: {
    alias: {
      'tokenfold/conversation': fileURLToPath(new URL('./src/conversation/index.ts', import.meta.url)),
      'tokenfold/protocol': fileURLToPath(new URL('./src/protocol/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Whether a PostgreSQL is there for the PostgreSQL tests: checked once, reported in one line.
    globalSetup: ['test/support/postgres-global-setup.ts'],
    pool: 'forks',
    // One file at a time: servers, browsers and timing figures must not compete for the 2 cores.
    fileParallelism: false,
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
