/**
 * src/types (squid-substrate-typegen: scripts/typegen.ts from typegen.json and chain-types'
 * versions.jsonl) and src/model (squid-typeorm-codegen: scripts/codegen.ts from schema.graphql)
 * are generated, never edited. These tests regenerate both into scratch directories and require
 * the checked-in copies to be identical byte for byte, then check the bindings against the runtime,
 * and that db/migrations creates exactly the schema of the models (lib/model).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleFiles } from '@bazari/chain-types/testing/stale-files';
import { Runtime } from '@subsquid/substrate-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as squid from '../src/types/index.ts';
import { requireBuild } from './support/build.ts';
import { startTestPostgres } from './support/postgres.ts';
import { runCommand } from './support/squid.ts';

const squidDir = fileURLToPath(new URL('..', import.meta.url));
const repoDir = join(squidDir, '..');
const binDir = join(repoDir, 'node_modules/.bin');

function run(args: string[], cwd: string): void {
  const result = spawnSync(process.execPath, ['--import', 'tsx', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}` },
  });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
}

describe('generated code is up to date', () => {
  let scratch: string;
  const cleanup: string[] = [];

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'bazari-squid-generated-'));
  });

  afterAll(() => {
    for (const dir of [scratch, ...cleanup]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('src/types matches a fresh squid typegen byte for byte', () => {
    const freshDir = join(scratch, 'types');
    run([join(squidDir, 'scripts/typegen.ts'), freshDir], squidDir);
    expect(staleFiles(freshDir, join(squidDir, 'src/types'), 'src/types'), 'run npm run generate').toEqual([]);
  });

  it('src/model matches a fresh squid codegen byte for byte', () => {
    // codegen.ts writes src/model next to its own scripts/ folder, from the schema.graphql in its
    // working directory: run a copy of it in a scratch squid folder (inside squid/, so that tsx
    // and typeorm resolve as for the squid itself).
    const project = mkdtempSync(join(squidDir, '.codegen-'));
    cleanup.push(project);
    mkdirSync(join(project, 'scripts'), { recursive: true });
    cpSync(join(squidDir, 'scripts/codegen.ts'), join(project, 'scripts/codegen.ts'));
    cpSync(join(squidDir, 'schema.graphql'), join(project, 'schema.graphql'), { dereference: true });
    run([join(project, 'scripts/codegen.ts')], project);
    expect(
      staleFiles(join(project, 'src/model'), join(squidDir, 'src/model'), 'src/model'),
      'run npm run generate',
    ).toEqual([]);
  });
});

describe('bindings', () => {
  const versions = readFileSync(join(repoDir, 'chain-types/generated/versions.jsonl'), 'utf8');
  const [record] = versions.split('\n').filter(Boolean);

  it('every event, call, constant and storage item matches the runtime', () => {
    const { specName, specVersion, metadata } = JSON.parse(record);
    const block = { _runtime: new Runtime({ specName, specVersion, implName: '-', implVersion: 0 }, metadata) };
    const version = `v${specVersion}`;
    const checked: string[] = [];
    const kinds = [
      ['events', squid.events, 'matches'],
      ['calls', squid.calls, 'matches'],
      ['constants', squid.constants, 'is'],
      ['storage', squid.storage, 'is'],
    ] as const;
    for (const [kind, pallets, check] of kinds) {
      for (const [pallet, items] of Object.entries(pallets)) {
        for (const [name, item] of Object.entries(items as Record<string, Record<string, unknown>>)) {
          const binding = item[version] as Record<typeof check, (block: unknown) => boolean>;
          expect(binding[check](block), `${kind} ${pallet}.${name}`).toBe(true);
          checked.push(`${kind} ${pallet}.${name}`);
        }
      }
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        'events commerce.orderCreated',
        'events dispute.disputeOpened',
        'calls commerce.createOrder',
        'constants commerce.maxItemsPerOrder',
        'storage escrow.escrows',
      ]),
    );
  });
});

describe('db/migrations', () => {
  it('create exactly the tables and indexes of the models: squid-typeorm-migration generate finds nothing', async () => {
    requireBuild();
    const postgres = await startTestPostgres();
    try {
      await runCommand(join(binDir, 'squid-typeorm-migration'), ['apply'], { env: postgres.env });
      const generated = await runCommand(join(binDir, 'squid-typeorm-migration'), ['generate'], {
        env: postgres.env,
      }).then(
        (output) => ({ ok: true, output }),
        (error: Error) => ({ ok: false, output: error.message }),
      );
      // `generate` fails, writing nothing, when there is no difference.
      expect(generated.output).toContain('No changes in database schema were found');
      expect(generated.ok).toBe(false);
    } finally {
      await postgres.close();
    }
  });
});
