/** Part 3: index lag, the processor following a devnet that produces a block every BENCH_BLOCK_MS. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@bazari/squid/db';
import { MIB } from '../devnet/memory.ts';
import type { Child } from './child.ts';
import { DevnetProcess } from './devnet.ts';
import { measureLag } from './lag.ts';
import { fmt, ms, opts, step } from './options.ts';
import type { BenchPostgres } from './postgres.ts';
import { applyMigrations, startGraphqlServer, startProcessor } from './squid.ts';
import { percentile, table, tick } from './table.ts';

const LAG_ACCEPT_MS = 6_000;
const LAG_AIM_MS = 1_000;

/** Table 3: index lag on a fresh devnet in interval mode. */
async function lag(pg: BenchPostgres) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-squid-lag-'));
  await pg.createDatabase('lag');
  applyMigrations(pg.env('lag'));
  const devnet = await DevnetProcess.start({ dataDir: dir, blockTime: opts.blockMs, finalityLag: opts.finalityLag });
  const processor = startProcessor(pg.env('lag'), devnet.wsUrl);
  let server: Child | undefined;
  try {
    const port = await freePort();
    server = await startGraphqlServer(pg.env('lag'), port);
    step(
      `index lag: ${opts.lagBlocks} blocks of ${opts.blockMs} ms, finality lag ${opts.finalityLag}, GraphQL polled every ${opts.pollMs} ms`,
    );
    const result = await measureLag(devnet.wsUrl, `http://127.0.0.1:${port}/graphql`, {
      blocks: opts.lagBlocks,
      pollMs: opts.pollMs,
      ordersPerBlock: 3,
      buyers: 10,
    });
    if (!processor.running) throw new Error(`the processor exited:\n${processor.output()}`);
    return { ...result, processorRss: processor.peakRss() };
  } finally {
    await server?.stop();
    await processor.stop();
    await devnet.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Measures the index lag on a `lag` database and reports table 3. */
export async function lagPart(pg: BenchPostgres): Promise<string[]> {
  const result = await lag(pg);
  const p50 = percentile(result.lags, 50);
  const p99 = percentile(result.lags, 99);
  const headPoll = process.env.RPC_HEAD_POLL_MS ? `=${process.env.RPC_HEAD_POLL_MS}` : ' unset: squid default';
  return [
    '',
    `### 3. Index lag (block import on the devnet → its events visible through GraphQL), ${result.lags.length} blocks`,
    '',
    table(
      ['metric', 'value', 'acceptance (6 s)', 'aim (1 s)'],
      [
        ['p50', ms(p50), tick(p50 <= LAG_ACCEPT_MS), tick(p50 <= LAG_AIM_MS)],
        ['p99', ms(p99), tick(p99 <= LAG_ACCEPT_MS), tick(p99 <= LAG_AIM_MS)],
        ['min / max', `${ms(Math.min(...result.lags))} / ${ms(Math.max(...result.lags))}`, '', ''],
      ],
    ),
    '',
    `Devnet: a block every ${opts.blockMs} ms (--block-time), finality lag ${opts.finalityLag} (so the processor indexes hot, unfinalized blocks), one utility.batchAll of 3 create_order per block (9 indexed events). Processor over ws: it follows chain_subscribeNewHeads (RPC_HEAD_POLL_MS${headPoll}, paces only HTTP polling); GraphQL polled every ${opts.pollMs} ms (chainEvents, blockNumber_gt). ${result.blocksWithoutEvents} block(s) without events skipped. Processor peak RSS ${fmt(result.processorRss / MIB)} MiB.`,
  ];
}
