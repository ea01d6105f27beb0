/**
 * vitest globalSetup of the squid project: compiles the squid once per test run (`tsc -p squid`,
 * into squid/lib, which the processor, the GraphQL server and the migrations load). A failed build
 * does not stop the run: tests that need lib/ call `requireBuild()` (./build.ts), which fails with
 * the compiler's output, while tests of the sources alone still run.
 */
import type { TestProject } from 'vitest/node';
import { buildSquid } from './build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** undefined when `tsc -p squid` succeeded, else its output. */
    squidBuildError: string | undefined;
  }
}

export default function setup(project: TestProject): void {
  const result = buildSquid();
  project.provide('squidBuildError', result.ok ? undefined : result.output);
}
