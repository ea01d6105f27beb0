import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['chain-types', 'devnet', 'ipfs'],
    reporters: ['default', './test-summary-reporter.ts'],
  },
});
