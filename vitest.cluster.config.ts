import { defineConfig } from 'vitest/config';

// `npm run test:cluster`: the multi-process cluster test (packages/server/test/cluster/*.cluster-test.ts),
// apart from `npm test` (whose pattern, *.test.ts, does not match it) as it takes minutes and both CPUs.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['packages/server/test/cluster/**/*.cluster-test.ts'],
    globalSetup: ['packages/server/test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 1_500_000,
    hookTimeout: 300_000,
    reporters: ['default'],
  },
});
