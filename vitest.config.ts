import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['chain-types', 'devnet', 'ipfs', 'squid', 'stack'],
    reporters: ['default', './test-summary-reporter.ts'],
  },
});
