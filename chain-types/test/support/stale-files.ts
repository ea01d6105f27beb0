/**
 * Comparing a fresh generation with its checked-in copy, for the tests that require generated code to be
 * up to date (exported as `@bazari/chain-types/testing/stale-files`; Node only).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file below `dir`, as a path relative to it, sorted. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => statSync(join(dir, file)).isFile())
    .sort();
}

/**
 * The differences between a fresh generation and the checked-in directory, as readable lines
 * (`missing: <label>/<file>`, `not generated: …`, `outdated: …`); none when they are identical byte for byte.
 */
export function staleFiles(freshDir: string, checkedInDir: string, label: string): string[] {
  const fresh = new Set(listFiles(freshDir));
  const checkedIn = new Set(listFiles(checkedInDir));
  return [
    ...[...fresh].filter((file) => !checkedIn.has(file)).map((file) => `missing: ${label}/${file}`),
    ...[...checkedIn].filter((file) => !fresh.has(file)).map((file) => `not generated: ${label}/${file}`),
    ...[...fresh]
      .filter((file) => checkedIn.has(file))
      .filter((file) => !readFileSync(join(freshDir, file)).equals(readFileSync(join(checkedInDir, file))))
      .map((file) => `outdated: ${label}/${file}`),
  ];
}
