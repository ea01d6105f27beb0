import { defineProject } from 'vitest/config';

/**
 * The squid's tests run real processes (devnet, embedded Postgres, processor, GraphQL server):
 * globalSetup compiles the squid once per run (`tsc -p squid`, see test/support/global-setup.ts),
 * and test files run one at a time, since the machine has two shared cores.
 */
export default defineProject({
  test: {
    name: 'squid',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
