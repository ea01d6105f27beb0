import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Metadata, TypeRegistry } from '@polkadot/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeVersion } from '../src/version.ts';
import { staleFiles } from './support/stale-files.ts';

/**
 * Everything in generated/ is produced by `npm run generate` (scripts/generate.ts) from src/.
 * These tests regenerate it into a scratch directory and require the checked-in
 * copy to be identical, then check that each artifact works for the client it is made for.
 */
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const generatedDir = join(packageDir, 'generated');
const require = createRequire(import.meta.url);

function readGenerated(file: string): string {
  return readFileSync(join(generatedDir, file), 'utf8');
}

function decodeMetadata(file: string) {
  const registry = new TypeRegistry();
  const metadata = new Metadata(registry, readGenerated(file) as `0x${string}`);
  registry.setMetadata(metadata);
  return { registry, metadata };
}

describe('generated/ is up to date', () => {
  let freshDir: string;

  beforeAll(() => {
    freshDir = mkdtempSync(join(tmpdir(), 'bazari-generated-'));
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(packageDir, 'scripts/generate.ts'), freshDir], {
      cwd: packageDir,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`scripts/generate.ts failed:\n${result.stdout}\n${result.stderr}`);
  });

  afterAll(() => {
    if (freshDir) rmSync(freshDir, { recursive: true, force: true });
  });

  it('matches a fresh generation byte for byte', () => {
    const stale = staleFiles(freshDir, generatedDir, 'generated');
    expect(stale, 'generated/ is stale: run npm run generate').toEqual([]);
  });
});

describe('metadata', () => {
  it('V14 and V15 decode with @polkadot/types', () => {
    expect(decodeMetadata('metadata-v14.scale.hex').metadata.version).toBe(14);
    expect(decodeMetadata('metadata-v15.scale.hex').metadata.version).toBe(15);
  });

  it.each(['metadata-v14.scale.hex', 'metadata-v15.scale.hex'])('%s resolves Commerce.InvalidCid', (file) => {
    const { registry, metadata } = decodeMetadata(file);
    const commerce = metadata.asLatest.pallets.find((pallet) => pallet.name.eq('Commerce'));
    if (!commerce?.errors.isSome) throw new Error('no Commerce errors in the metadata');
    const variants = metadata.asLatest.lookup.getSiType(commerce.errors.unwrap().type).def.asVariant.variants;
    const invalidCid = variants.find((variant) => variant.name.eq('InvalidCid'));
    if (!invalidCid) throw new Error('no Commerce.InvalidCid');

    const error = registry.findMetaError(new Uint8Array([commerce.index.toNumber(), invalidCid.index.toNumber()]));
    expect(error.section).toBe('commerce');
    expect(error.method).toBe('InvalidCid');
    expect(error.docs.length).toBeGreaterThan(0);
  });

  it('V15 lists the runtime APIs clients call', () => {
    const { metadata } = decodeMetadata('metadata-v15.scale.hex');
    const apis = metadata.asV15.apis.map((api) => api.name.toString());
    expect(apis).toEqual(
      expect.arrayContaining([
        'Core',
        'Metadata',
        'TaggedTransactionQueue',
        'AccountNonceApi',
        'TransactionPaymentApi',
      ]),
    );
  });
});

describe('versions.jsonl, read by the squid typegen', () => {
  const [record, ...others] = readGenerated('versions.jsonl').split('\n').filter(Boolean);

  it('versions.jsonl holds one spec version record, with the V14 metadata', () => {
    expect(others).toEqual([]);
    expect(JSON.parse(record)).toEqual({
      specName: runtimeVersion.spec_name,
      specVersion: runtimeVersion.spec_version,
      blockNumber: 0,
      blockHash: `0x${'00'.repeat(32)}`,
      metadata: readGenerated('metadata-v14.scale.hex'),
    });
  });
});

describe('typed clients: a consumer project compiled with tsc', () => {
  /**
   * A dApp's use of the @polkadot/api augmentation, compiled with the repository's settings (the
   * squid's bindings are checked in squid/test/generated.test.ts). `// error TSxxxx` marks a line
   * that must fail with that code: without the augmentation `api.tx.commerce.createOrder('x')`
   * would be accepted.
   */
  const usage = `
import '@bazari/chain-types/augment';
import type { ApiPromise } from '@polkadot/api';
import type { Option, u32, u128 } from '@polkadot/types-codec';
import type { PalletEscrowEscrow } from '@polkadot/types/lookup';

export async function typed(api: ApiPromise): Promise<void> {
  const tx = api.tx.commerce.createOrder(1, [{ listingId: 1, quantity: 2 }], null);
  const hash: string = tx.hash.toHex();
  const escrow: Option<PalletEscrowEscrow> = await api.query.escrow.escrows(1);
  const amount: bigint | undefined = escrow.isSome ? escrow.unwrap().amount.toBigInt() : undefined;
  const all = await api.query.escrow.escrows.entries();
  const maxItems: u32 = api.consts.commerce.maxItemsPerOrder;
  const invalidCid: boolean = api.errors.commerce.InvalidCid.is({ index: 10, error: 0 } as never);
  for (const { event } of await api.query.system.events()) {
    if (api.events.commerce.OrderCreated.is(event)) {
      const total: u128 = event.data.total;
      void total;
    }
  }
  const nonce: u32 = await api.call.accountNonceApi.accountNonce('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
  void [hash, amount, all, maxItems, invalidCid, nonce];
}

export async function mistyped(api: ApiPromise): Promise<void> {
  api.tx.commerce.createOrder('x'); // error TS2554
  api.tx.commerce.createOrder(1, [{ listingId: 1, quantity: 2 }], null, 4); // error TS2554
  api.tx.commerce.creatOrder(1, [], null); // error TS2551
  await api.query.escrow.escrows(); // error TS2554
  const maxItems: string = api.consts.commerce.maxItemsPerOrder; // error TS2322
  api.errors.commerce.NoSuchError; // error TS2339
  for (const { event } of await api.query.system.events()) {
    if (api.events.commerce.OrderCreated.is(event)) {
      const total: string = event.data.total; // error TS2322
      void total;
    }
  }
  void maxItems;
}
`;
  let projectDir: string;

  beforeAll(() => {
    // Inside the package, so that '@bazari/chain-types' and @polkadot/api resolve as for a workspace.
    projectDir = mkdtempSync(join(packageDir, '.typecheck-'));
    writeFileSync(join(projectDir, 'usage.ts'), usage);
    writeFileSync(
      join(projectDir, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../tsconfig.base.json',
        compilerOptions: { skipLibCheck: true },
        files: ['usage.ts'],
      }),
    );
  });

  afterAll(() => {
    if (projectDir) rmSync(projectDir, { recursive: true, force: true });
  });

  it('types api.tx/query/consts/errors/events/call, and rejects misuse', () => {
    const result = spawnSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', projectDir, '--noEmit', '--pretty', 'false'],
      { encoding: 'utf8' },
    );
    const reported = [...result.stdout.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/gm)].map(
      ([, file, line, code, message]) => ({ file: relative(projectDir, file), line: Number(line), code, message }),
    );
    const expected = usage
      .split('\n')
      .flatMap((text, index) => {
        const marker = /\/\/ error (TS\d+)$/.exec(text);
        // tsc counts lines from 1; the template literal starts with a newline.
        return marker ? [{ file: 'usage.ts', line: index + 1, code: marker[1] }] : [];
      })
      .sort((a, b) => a.line - b.line);
    expect(
      reported.map(({ file, line, code }) => ({ file, line, code })).sort((a, b) => a.line - b.line),
      result.stdout + result.stderr,
    ).toEqual(expected);
  });
});
