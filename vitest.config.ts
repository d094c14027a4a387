import { defineConfig } from 'vitest/config';

// Workspace packages export their TypeScript sources under the "source" condition,
// so tests (and `npm start`, via `node --conditions=source`) need no build step.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'e2e/**/*.test.ts'],
    globalSetup: ['packages/server/test/support/global-setup.ts'],
    pool: 'forks',
    // One module graph per worker, not per file: the app's graph (JSON-LD, fonts, PDF, crypto)
    // is evaluated once per worker instead of ~170 times. Test files share no module state
    // they depend on (no vi.mock/stubEnv; every app and database is created per file).
    isolate: false,
    // Vitest's default is one worker fewer than the cores: one on a 2-core CI machine. Files wait on
    // PostgreSQL, Chromium and child processes much of the time, so two run side by side.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
