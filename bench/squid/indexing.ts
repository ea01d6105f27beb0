/** Part 1: the processor (its own process) indexing the cached chain from genesis to its head. */
import { MIB } from '../devnet/memory.ts';
import type { Child } from './child.ts';
import { DevnetProcess } from './devnet.ts';
import type { CachedChain } from './manifest.ts';
import { fmt, opts, sleep, step } from './options.ts';
import type { BenchPostgres } from './postgres.ts';
import { applyMigrations, cpuSeconds, indexedHeight, startProcessor } from './squid.ts';
import { table, tick } from './table.ts';

export interface IndexingResult {
  readonly seconds: number;
  readonly firstBatchSeconds: number;
  readonly peakRss: number;
  readonly cpu: number;
  readonly chainEvents: number;
  readonly orders: number;
}

/** Table 1: the processor from genesis to the head of the cached chain. */
async function index(pg: BenchPostgres, chain: CachedChain): Promise<IndexingResult> {
  const devnet = await DevnetProcess.start({ dataDir: chain.chainDir });
  let processor: Child | undefined;
  try {
    const head = await rpcHead(devnet.httpUrl);
    if (head !== chain.manifest.head) {
      throw new Error(
        `the cached chain's head is ${head}, its manifest says ${chain.manifest.head}: remove ${chain.dir}`,
      );
    }
    const endpoint = opts.rpc === 'http' ? devnet.httpUrl : devnet.wsUrl;
    step(`indexing blocks 0..${head} (${fmt(chain.manifest.indexedEvents)} events) over ${opts.rpc}`);
    const started = performance.now();
    processor = startProcessor(pg.env('bench'), endpoint);
    let firstBatch = Number.NaN;
    let lastLog = started;
    for (;;) {
      if (!processor.running) throw new Error(`the processor exited:\n${processor.output()}`);
      const height = await indexedHeight(pg, 'bench');
      if (height >= 0 && Number.isNaN(firstBatch)) firstBatch = performance.now();
      if (height >= head) break;
      if (performance.now() - lastLog > 15_000) {
        lastLog = performance.now();
        step(`  indexed up to block ${height} after ${fmt((lastLog - started) / 1000)} s`);
      }
      await sleep(100);
    }
    const seconds = (performance.now() - started) / 1000;
    const peakRss = processor.peakRss();
    const cpu = cpuSeconds(processor.pid);
    await processor.stop();
    const [{ count: chainEvents }] = await pg.query<{ count: string }>('bench', 'SELECT count(*) FROM chain_event');
    const [{ count: orders }] = await pg.query<{ count: string }>('bench', 'SELECT count(*) FROM "order"');
    return {
      seconds,
      firstBatchSeconds: (firstBatch - started) / 1000,
      peakRss,
      cpu,
      chainEvents: Number(chainEvents),
      orders: Number(orders),
    };
  } finally {
    await processor?.stop();
    await devnet.stop();
  }
}

async function rpcHead(url: string): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'chain_getHeader', params: [] }),
  });
  const body = (await response.json()) as { result: { number: string } };
  return Number.parseInt(body.result.number, 16);
}

/** Migrates a `bench` database, indexes the chain into it and reports table 1. */
export async function indexingPart(
  pg: BenchPostgres,
  chain: CachedChain,
): Promise<{ indexing: IndexingResult; lines: string[] }> {
  const lines: string[] = [];
  const m = chain.manifest;
  await pg.createDatabase('bench');
  applyMigrations(pg.env('bench'));
  const indexing = await index(pg, chain);
  const eventsOk = indexing.chainEvents === m.indexedEvents;
  const ordersOk = indexing.orders === m.orders;
  lines.push(
    '',
    `### 1. Indexing from genesis (processor: \`node --import tsx lib/main.js\`, RPC over ${opts.rpc}, its own process)`,
    '',
    table(
      ['metric', 'value'],
      [
        [
          'chain (cached in .data/bench-squid)',
          `${fmt(m.head)} blocks, ${fmt(m.signedExtrinsics)} signed extrinsics (utility.batchAll of up to ${m.options.callsPerExtrinsic} calls, ${m.options.extrinsicsPerBlock} a block for orders)${chain.generated ? `, generated in ${fmt(m.seconds)} s` : ''}`,
        ],
        [
          'pallet events on chain (Commerce, Escrow, Rewards, Assets)',
          `${fmt(m.indexedEvents)} (${fmt(m.orders)} orders, ${fmt(m.shipped)} shipped, ${fmt(m.completed)} confirmed, ${fmt(m.cancelled)} cancelled)`,
        ],
        [
          'indexed: ChainEvent rows / Order rows',
          `${fmt(indexing.chainEvents)} ${tick(eventsOk)} / ${fmt(indexing.orders)} ${tick(ordersOk)}`,
        ],
        [
          'wall time, processor start to head indexed',
          `${fmt(indexing.seconds, 1)} s (first batch stored after ${fmt(indexing.firstBatchSeconds, 1)} s)`,
        ],
        ['blocks/s', fmt(m.head / indexing.seconds, 1)],
        ['events/s', fmt(m.indexedEvents / indexing.seconds)],
        ['processor CPU time (user + system)', `${fmt(indexing.cpu, 1)} s`],
        ['processor peak RSS (VmHWM)', `${fmt(indexing.peakRss / MIB)} MiB`],
      ],
    ),
  );
  if (!eventsOk || !ordersOk) {
    lines.push(
      '',
      `❌ the database does not match the chain: ${indexing.chainEvents} ChainEvent rows for ${m.indexedEvents} events, ${indexing.orders} orders for ${m.orders}.`,
    );
  }
  return { indexing, lines };
}
