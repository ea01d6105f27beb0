import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'stack', testTimeout: 420_000, hookTimeout: 60_000 },
});
