import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { inject } from 'vitest';
import { SQUID_DIR } from './paths.ts';

/** Runs `tsc -p squid` (writes squid/lib). */
export function buildSquid(): { ok: boolean; output: string } {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', SQUID_DIR, '--pretty', 'false'], { encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** Throws unless the globalSetup's build of squid/lib succeeded (call it in a beforeAll). */
export function requireBuild(): void {
  const error = inject('squidBuildError');
  if (error !== undefined) throw new Error(`tsc -p squid failed, so squid/lib is not usable:\n${error}`);
}
