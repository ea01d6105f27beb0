/**
 * Resilience of the processor, against real processes:
 *
 * - kill -9 during a sync: a devnet chain of a few thousand blocks with thousands of pallet events
 *   (test/scenario/generate.ts: utility.batch of many calls per block) is indexed from genesis by a
 *   processor SIGKILLed at random points (seeded: RESILIENCE_SEED=<n> replays a run) and restarted each
 *   time until it reaches the head; its database must equal that of an uninterrupted run into a second
 *   database of the same Postgres server.
 * - a fork: the processor follows the head of a devnet whose finality lags 10 blocks (hot blocks); the
 *   head is moved back with `dev_setHead` to an unfinalized block and a different, longer branch is built
 *   (other calls); once the chain is final and the squid has caught up, its database must equal a fresh
 *   run over the canonical chain only.
 */
import type { ApiPromise } from '@polkadot/api';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbConnection, dbEnv, pgClientConfig } from '../src/db/config.ts';
import { connect, newBlocks } from './scenario/chain.ts';
import { generateActivity, seededRandom } from './scenario/generate.ts';
import {
  applyMigrations,
  dumpProcessorTables,
  indexedHeight,
  type ManagedProcess,
  requireBuild,
  spawnProcessor,
  startTestDevnet,
  startTestPostgres,
  type TestPostgres,
  waitForIndexedHeight,
} from './support/index.ts';

const SEED = Number(process.env.RESILIENCE_SEED ?? Math.floor(Math.random() * 2 ** 31));
const MIN_KILLS = 5;

type TestDevnet = Awaited<ReturnType<typeof startTestDevnet>>;

let postgres: TestPostgres | undefined;
const processors: ManagedProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];

/** A new database in the embedded server, with the migrations applied; its connection and `DB_*` env. */
async function newDatabase(name: string): Promise<{ connection: DbConnection; env: Record<string, string> }> {
  if (!postgres) throw new Error('no postgres');
  const client = new pg.Client(pgClientConfig(postgres.connection));
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const base = postgres.connection;
  const connection: DbConnection =
    'url' in base
      ? (() => {
          const url = new URL(base.url);
          url.pathname = `/${name}`;
          return { url: url.toString() };
        })()
      : { ...base, database: name };
  const env = dbEnv(connection);
  await applyMigrations(env);
  return { connection, env };
}

/**
 * A processor into `env`'s database. Tests pass the devnet's HTTP endpoint (head polling): over WebSocket the
 * processor 8.5.1 stops short of the head after a burst of blocks until another block arrives.
 */
function processor(env: Record<string, string>, rpcEndpoint: string): ManagedProcess {
  const child = spawnProcessor({ db: env, rpcEndpoint, env: { RPC_HEAD_POLL_MS: '100' } });
  processors.push(child);
  return child;
}

async function devnetWithApi(
  options: Parameters<typeof startTestDevnet>[0],
): Promise<{ devnet: TestDevnet; api: ApiPromise }> {
  const devnet = await startTestDevnet(options);
  cleanups.push(() => devnet.close());
  const api = await connect(devnet.wsUrl);
  cleanups.unshift(() => api.disconnect());
  return { devnet, api };
}

beforeAll(async () => {
  requireBuild();
  console.info(`resilience: RESILIENCE_SEED=${SEED}`);
  postgres = await startTestPostgres();
}, 120_000);

afterAll(async () => {
  for (const child of processors) await child.kill();
  for (const cleanup of cleanups) await cleanup().catch(() => {});
  await postgres?.close();
});

describe('kill -9 during a sync from genesis', () => {
  it(`ends with the database of an uninterrupted run (RESILIENCE_SEED=${SEED})`, async () => {
    const { devnet, api } = await devnetWithApi({ persistent: false });
    const chain = await generateActivity(api, { eventBlocks: 40, emptyBlocksBetween: 50, seed: SEED });
    expect(chain.head).toBeGreaterThan(2000);
    expect(chain.palletEvents).toBeGreaterThan(3000);
    const [killed, reference] = [await newDatabase('killed'), await newDatabase('uninterrupted')];

    const uninterrupted = processor(reference.env, devnet.httpUrl);
    await uninterrupted.waitForLine(/processing blocks from/, { timeoutMs: 60_000, seen: true });
    const syncStart = Date.now();
    await waitForIndexedHeight(reference.connection, chain.head, {
      timeoutMs: 180_000,
      context: () => uninterrupted.output(),
    });
    const syncMs = Date.now() - syncStart;
    await uninterrupted.stop();

    // Random points (seeded): each kill falls at a random fraction of the time the rest of the sync would
    // take at the uninterrupted run's pace, so that every kill lands before the head.
    const random = seededRandom(SEED);
    const interrupted = processor(killed.env, devnet.httpUrl);
    const kills: { height: number; afterMs: number }[] = [];
    for (let kill = 0; kill < MIN_KILLS; kill++) {
      if (kill > 0) interrupted.start();
      await interrupted.waitForLine(/processing blocks from/, { timeoutMs: 60_000, seen: false });
      const done = Math.max(0, await indexedHeight(killed.connection)) / chain.head;
      const afterMs = Math.floor((0.1 + 0.5 * random()) * (1 - done) * syncMs);
      await new Promise((resolve) => setTimeout(resolve, afterMs));
      await interrupted.kill('SIGKILL');
      kills.push({ height: await indexedHeight(killed.connection), afterMs });
    }
    interrupted.start();
    await waitForIndexedHeight(killed.connection, chain.head, {
      timeoutMs: 180_000,
      context: () => interrupted.output(),
    });
    await interrupted.stop();

    const heights = kills.map(({ height }) => height);
    console.info(
      `resilience: uninterrupted sync ${syncMs} ms; killed at ${kills.map(({ height, afterMs }) => `#${height} (+${afterMs} ms)`).join(', ')} of #${chain.head}`,
    );
    // Every kill fell during the sync, and the sync moved on between kills.
    expect(heights.every((height) => height < chain.head)).toBe(true);
    expect(new Set(heights.filter((height) => height >= 0)).size).toBeGreaterThanOrEqual(2);
    expect(interrupted.starts).toBe(MIN_KILLS + 1);
    expect(await dumpProcessorTables(killed.connection)).toEqual(await dumpProcessorTables(reference.connection));
  }, 240_000);
});

describe('a fork with dev_setHead while the processor follows the head', () => {
  it(`ends with the database of a run over the canonical chain only (RESILIENCE_SEED=${SEED})`, async () => {
    const FINALITY_LAG = 10;
    const { devnet, api } = await devnetWithApi({ persistent: false, finalityLag: FINALITY_LAG });
    const following = await newDatabase('fork_following');
    const follower = processor(following.env, devnet.httpUrl);
    const context = () => follower.output();

    const common = await generateActivity(api, { eventBlocks: 8, callsPerBatch: 6, seed: SEED + 1, variant: 'common' });
    const old = await generateActivity(api, {
      eventBlocks: 4,
      callsPerBatch: 6,
      seed: SEED + 2,
      variant: 'old branch',
    });
    // The old branch is indexed as hot blocks: none of it is final yet.
    await waitForIndexedHeight(following.connection, old.head, { timeoutMs: 90_000, context });
    const finalized = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
    expect(finalized).toBeLessThan(common.head);
    const oldHash = (await api.rpc.chain.getBlockHash(old.head)).toHex();

    await api.rpc('dev_setHead' as never, common.head as never);
    const branch = await generateActivity(api, {
      eventBlocks: 6,
      callsPerBatch: 5,
      seed: SEED + 3,
      variant: 'new branch',
    });
    expect(branch.head).toBeGreaterThan(old.head);
    expect((await api.rpc.chain.getBlockHash(old.head)).toHex()).not.toBe(oldHash);
    await waitForIndexedHeight(following.connection, branch.head, { timeoutMs: 90_000, context });

    // Finalize everything, let the follower catch up, then index the canonical chain afresh.
    const finalHead = (await api.rpc.chain.getHeader(await newBlocks(api, FINALITY_LAG + 2))).number.toNumber();
    await waitForIndexedHeight(following.connection, finalHead, { timeoutMs: 90_000, context });
    const fresh = await newDatabase('fork_fresh');
    const canonical = processor(fresh.env, devnet.httpUrl);
    await waitForIndexedHeight(fresh.connection, finalHead, { timeoutMs: 90_000, context: () => canonical.output() });
    await Promise.all([follower.stop(), canonical.stop()]);

    const [followed, reference] = [
      await dumpProcessorTables(following.connection),
      await dumpProcessorTables(fresh.connection),
    ];
    // The old branch's store is gone, the new branch's is there.
    const names = (reference.store ?? []).map((row) => row.name);
    expect(names).toContain(`Bulk new branch ${SEED + 3}`);
    expect(names).not.toContain(`Bulk old branch ${SEED + 2}`);
    expect(followed).toEqual(reference);
  }, 240_000);
});
