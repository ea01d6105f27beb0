/**
 * The squid's platform, end to end with real processes: `npm run squid` (src/run.ts, run here as
 * `node --import tsx src/run.ts`, which is what the npm script runs) with DATA_DIR in a temporary
 * directory, following a devnet in a child process. Its embedded Postgres comes up, the migrations
 * apply, the GraphQL server answers `squidStatus` and follows the chain as blocks are built; Postgres
 * killed under the running processor is restarted and the processor recovers, losing nothing (its
 * tables equal those of a separate, uninterrupted run over the same chain); SIGTERM stops every
 * child, Postgres last, and leaves no process behind.
 *
 * The devnet builds a block for each transaction (instant mode), so the chain stands still between
 * the test's transactions and two databases can be compared at the same head.
 */
import '@bazari/chain-types/augment';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDevKeyring, expectOutcome } from '@bazari/devnet/testing';
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/db/postgres.ts';
import {
  type DevnetChild,
  dumpProcessorTables,
  gql,
  ManagedProcess,
  requireBuild,
  SQUID_DIR,
  type Squid,
  spawnDevnet,
  startSquid,
  tempDir,
  waitFor,
  waitForIndexedHeight,
} from './support/index.ts';

const STORE_CID = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi';
const LISTING_CID = 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG';
const BZR = 10n ** 12n;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Signs and submits; resolves with the block number once it is in a block, rejects on failure. */
async function send(api: ApiPromise, tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<number> {
  return (await expectOutcome(api, tx, signer)).blockNumber;
}

describe('npm run squid', () => {
  let devnet: DevnetChild;
  let api: ApiPromise;
  let alice: KeyringPair;
  let bob: KeyringPair;
  let data: ReturnType<typeof tempDir>;
  let orchestrator: ManagedProcess;
  let url: string;
  let pgPort: number;
  let reference: Squid | undefined;
  let storeId: number;
  let listingId: number;

  const connection = () => ({
    host: '127.0.0.1',
    port: pgPort,
    database: 'squid',
    user: 'postgres',
    password: 'postgres',
  });
  const postmasterPid = () => Number(readFileSync(join(data.path, 'postgres/postmaster.pid'), 'utf8').split('\n')[0]);

  beforeAll(async () => {
    requireBuild();
    devnet = await spawnDevnet();
    api = await ApiPromise.create({ provider: new WsProvider(devnet.wsUrl), noInitWarn: true });
    const keyring = createDevKeyring();
    [alice, bob] = ['Alice', 'Bob'].map(
      (name) => keyring.getPairs().find((pair) => pair.meta.name === name) as KeyringPair,
    );
    data = tempDir('bazari-squid-run-');
    const gqlPort = await freePort();
    pgPort = await freePort();
    url = `http://127.0.0.1:${gqlPort}/graphql`;
    orchestrator = new ManagedProcess({
      name: 'npm run squid',
      command: process.execPath,
      args: ['--import', 'tsx', 'src/run.ts'],
      cwd: SQUID_DIR,
      env: {
        DATA_DIR: data.path,
        GQL_PORT: String(gqlPort),
        EMBEDDED_PG_PORT: String(pgPort),
        RPC_ENDPOINT: devnet.wsUrl,
        // No IPFS node here: the content worker (if built) retries in the background.
        IPFS_URL: 'http://127.0.0.1:9',
        DB_URL: undefined,
        DB_HOST: undefined,
        DB_PORT: undefined,
        DB_NAME: undefined,
        DB_USER: undefined,
        DB_PASS: undefined,
      },
    }).start();
  });

  afterAll(async () => {
    await reference?.close();
    await orchestrator?.stop(20_000);
    await api?.disconnect();
    await devnet?.close();
    // A failed test must not leave the embedded Postgres running.
    if (data && existsSync(join(data.path, 'postgres/postmaster.pid'))) {
      const pid = postmasterPid();
      if (alive(pid)) process.kill(pid, 'SIGINT');
      await waitFor('Postgres to exit', () => (alive(pid) ? undefined : true), { timeoutMs: 30_000 });
    }
    data?.remove();
  });

  it('starts Postgres, applies the migrations and serves squidStatus, which follows the chain', async () => {
    const context = () => orchestrator.output(80);
    // Start-up includes a build when src/ is newer than lib/ (and initdb): generous on a busy machine.
    await waitForIndexedHeight(url, 0, { context, timeoutMs: 240_000 });
    expect(orchestrator.output(2000)).toMatch(/embedded Postgres on 127\.0\.0\.1:/);

    const created = await send(api, api.tx.commerce.createStore('Loja da Ana', STORE_CID, new Uint8Array(32)), alice);
    expect(await waitForIndexedHeight(url, created, { context })).toBeGreaterThanOrEqual(created);
    const { stores } = await gql<{ stores: { id: string; owner: { id: string } }[] }>(
      url,
      '{ stores(limit: 10) { id owner { id } } }',
    );
    expect(stores).toHaveLength(1);
    storeId = Number(stores[0].id);

    const listed = await send(api, api.tx.commerce.createListing(storeId, 5n * BZR, 10, LISTING_CID), alice);
    expect(listed).toBeGreaterThan(created);
    expect(await waitForIndexedHeight(url, listed, { context })).toBeGreaterThanOrEqual(listed);
    const { listings } = await gql<{ listings: { id: string }[] }>(url, '{ listings(limit: 10) { id } }');
    expect(listings).toHaveLength(1);
    listingId = Number(listings[0].id);
  }, 360_000);

  it('Postgres killed under the running processor: restarted, and nothing is lost', async () => {
    const context = () => orchestrator.output(80);
    const before = postmasterPid();
    // A fast shutdown from outside, as an operator's `pg_ctl stop -m fast` or a crash would do.
    process.kill(before, 'SIGINT');
    await waitFor('Postgres to exit', () => (alive(before) ? undefined : true), { timeoutMs: 30_000, context });

    // The chain moves on while the database is down.
    const heights: number[] = [];
    heights.push(await send(api, api.tx.commerce.createListing(storeId, 7n * BZR, 3, LISTING_CID), alice));
    heights.push(await send(api, api.tx.commerce.createOrder(storeId, [{ listingId, quantity: 2 }], null), bob));
    const head = heights[heights.length - 1];

    await orchestrator.waitForLine(/Postgres restarted/, { timeoutMs: 60_000, seen: true });
    await waitForIndexedHeight(connection(), head, { context, timeoutMs: 120_000 });
    expect(postmasterPid()).not.toBe(before);

    // An uninterrupted run over the same chain, from genesis, in a database of its own.
    reference = await startSquid({ rpcEndpoint: devnet.wsUrl });
    const referenceSquid = reference;
    await waitForIndexedHeight(referenceSquid.connection, head, { context: () => referenceSquid.processor.output() });

    const interrupted = await dumpProcessorTables(connection(), { contentStatus: false });
    const uninterrupted = await dumpProcessorTables(referenceSquid.connection, { contentStatus: false });
    expect(interrupted.order?.length).toBe(1);
    expect(interrupted.listing?.length).toBe(2);
    expect(interrupted).toEqual(uninterrupted);
    await referenceSquid.close();
    reference = undefined;
  }, 300_000);

  it('SIGTERM stops every child, then Postgres, and leaves nothing running', async () => {
    const postgresPid = postmasterPid();
    const { pids } = JSON.parse(readFileSync(join(data.path, 'run.pids.json'), 'utf8')) as { pids: number[] };
    expect(pids.length).toBeGreaterThanOrEqual(2);
    for (const pid of [postgresPid, ...pids]) expect(alive(pid)).toBe(true);

    const lines: string[] = [];
    const off = orchestrator.onLine((line) => lines.push(line));
    const exit = await orchestrator.stop(30_000);
    off();
    expect(exit).toEqual({ code: 0, signal: null });
    for (const pid of [postgresPid, ...pids]) expect(alive(pid), `pid ${pid}`).toBe(false);

    const shutdown = lines.filter((line) => line.startsWith('squid '));
    expect(shutdown.map((line) => line.replace(/^squid\s+\| /, ''))).toEqual([
      'SIGTERM: stopping',
      'stopping Postgres',
      'stopped',
    ]);
  });
});
