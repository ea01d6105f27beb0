/** Part 2: the GraphQL server (the squid's serve command) under autocannon load on the indexed database. */

import { freePort } from '@bazari/squid/db';
import { MIB } from '../devnet/memory.ts';
import type { IndexingResult } from './indexing.ts';
import { fillListingContent, WORDS } from './listing-content.ts';
import { type GraphqlQuery, graphql, type LoadResult, loadQuery } from './load.ts';
import type { CachedChain } from './manifest.ts';
import { fmt, ms, opts, step } from './options.ts';
import type { BenchPostgres } from './postgres.ts';
import { serveArgs, startGraphqlServer } from './squid.ts';
import { table, tick } from './table.ts';

const TARGETS_MS = { byId: 5, list: 10, filter: 8, aggregate: 15 } as const;

interface LoadRow {
  readonly query: GraphqlQuery;
  readonly target?: number;
  readonly result?: LoadResult;
  /** The same query over one connection (no queueing), for reference. */
  readonly single?: LoadResult;
  readonly missing?: string;
}

/** Table 2: autocannon against five queries. */
async function load(
  pg: BenchPostgres,
  chain: CachedChain,
): Promise<{ rows: LoadRow[]; serverRss: number; flags: string }> {
  const filled = await fillListingContent(pg, chain);
  step(`listing content filled for ${filled} listings (as the content worker would)`);
  const orderIds = (await pg.query<{ id: string }>('bench', 'SELECT id FROM "order" ORDER BY random() LIMIT 5000')).map(
    (row) => row.id,
  );
  const { buyers, sellers } = chain.manifest;
  const port = await freePort();
  const server = await startGraphqlServer(pg.env('bench'), port, {}, opts.serve);
  const url = `http://127.0.0.1:${port}/graphql`;
  const pick = <T>(list: readonly T[], n: number) => list[n % list.length];
  const nonEmpty = (field: string) => (data: Record<string, unknown>) => {
    const value = data[field] as unknown[] | null;
    if (!value || (Array.isArray(value) && value.length === 0)) throw new Error(`${field}: empty answer`);
    return Array.isArray(value) ? `${value.length} rows` : 'found';
  };
  const hasSearch = await graphql(url, '{ __type(name: "Query") { fields { name } } }').then((data) =>
    ((data.__type as { fields: { name: string }[] }).fields ?? []).some((field) => field.name === 'searchListings'),
  );
  const searchWords = [...WORDS.noun, ...WORDS.adjective, 'headphnes', 'wallett', 'ceramik'];
  const queries: LoadRow[] = [
    {
      target: TARGETS_MS.byId,
      query: {
        name: 'order by id (`orderById`)',
        query:
          'query($id: String!) { orderById(id: $id) { id status total createdAtBlock buyer { id } seller { id } store { id } } }',
        variables: (n) => ({ id: pick(orderIds, n) }),
        check: nonEmpty('orderById'),
      },
    },
    {
      target: TARGETS_MS.list,
      query: {
        name: "a buyer's orders, newest first, 20 a page",
        query:
          'query($buyer: String!) { orders(where: { buyer: { id_eq: $buyer } }, orderBy: createdAtBlock_DESC, limit: 20) { id status total createdAtBlock } }',
        variables: (n) => ({ buyer: pick(buyers, n) }),
        check: nonEmpty('orders'),
      },
    },
    {
      target: TARGETS_MS.filter,
      query: {
        name: "a seller's Completed orders, newest first, 20 a page",
        query:
          'query($seller: String!) { orders(where: { seller: { id_eq: $seller }, status_eq: Completed }, orderBy: createdAtBlock_DESC, limit: 20) { id status total completedAtBlock } }',
        variables: (n) => ({ seller: pick(sellers, n) }),
        check: nonEmpty('orders'),
      },
    },
    hasSearch
      ? {
          query: {
            name: 'listing search (`searchListings`, full text + trigram, 20 a page)',
            query:
              'query($q: String!) { searchListings(query: $q, limit: 20) { totalCount items { id title price score } } }',
            variables: (n) => ({ q: pick(searchWords, n) }),
            check: (data) => {
              const page = data.searchListings as { totalCount: number };
              if (!page || page.totalCount === 0) throw new Error('searchListings: nothing found');
              return `${page.totalCount} matches`;
            },
          },
        }
      : {
          query: { name: 'listing search', query: '', variables: () => ({}), check: () => '' },
          missing: 'the server has no `searchListings` query',
        },
    {
      target: TARGETS_MS.aggregate,
      query: {
        name: "a seller's sales per day (`sellerDailySales`)",
        query:
          'query($seller: String!) { sellerDailySales(where: { seller: { id_eq: $seller } }, orderBy: day_ASC, limit: 100) { day orders gross platformFees net } }',
        variables: (n) => ({ seller: pick(sellers, n) }),
        check: nonEmpty('sellerDailySales'),
      },
    },
  ];
  const rows: LoadRow[] = [];
  try {
    for (const row of queries) {
      if (row.missing) {
        rows.push(row);
        continue;
      }
      step(`load: ${row.query.name}, ${opts.connections} connections, ${opts.duration} s`);
      const single = await loadQuery(url, row.query, { connections: 1, seconds: Math.min(5, opts.duration) });
      const result = await loadQuery(url, row.query, { connections: opts.connections, seconds: opts.duration });
      step(`  1 connection: p50 ${ms(single.p50)}, p99 ${ms(single.p99)}, ${fmt(single.requestsPerSecond)} req/s`);
      step(
        `  p50 ${ms(result.p50)}, p99 ${ms(result.p99)}, ${fmt(result.requestsPerSecond)} req/s, ${result.errors} errors (${result.sample})`,
      );
      rows.push({ ...row, result, single });
    }
    return { rows, serverRss: server.peakRss(), flags: serveArgs({ ...process.env }, opts.serve).args.join(' ') };
  } finally {
    await server.stop();
  }
}

/** Runs the five queries under load and reports table 2. */
export async function graphqlLoadPart(
  pg: BenchPostgres,
  chain: CachedChain,
  indexing: IndexingResult,
): Promise<string[]> {
  const m = chain.manifest;
  const { rows, serverRss, flags } = await load(pg, chain);
  return [
    '',
    `### 2. GraphQL under load (autocannon, ${opts.connections} connections, ${opts.duration} s per query; ${fmt(indexing.orders)} orders, ${fmt(m.buyers.length)} buyers, ${fmt(m.sellers.length)} sellers, ${fmt(m.storeIds.length * m.options.listingsPerStore)} listings)`,
    '',
    table(
      ['query', 'p50', 'p99', 'requests/s', 'errors', 'seed target (p99)', 'ok', '1 connection: p50 / p99, requests/s'],
      rows.map(({ query, target, result, single, missing }) =>
        result
          ? [
              query.name,
              ms(result.p50),
              ms(result.p99),
              fmt(result.requestsPerSecond),
              fmt(result.errors),
              target === undefined ? '—' : `${target} ms`,
              target === undefined ? '' : tick(result.p99 <= target && result.errors === 0),
              single ? `${ms(single.p50)} / ${ms(single.p99)}, ${fmt(single.requestsPerSecond)}` : '',
            ]
          : [query.name, '—', '—', '—', '—', '—', `not run: ${missing}`, ''],
      ),
    ),
    '',
    `Server (the squid's \`${opts.serve}\` command): \`squid-graphql-server ${flags}\`; its peak RSS ${fmt(serverRss / MIB)} MiB. autocannon runs in the bench process on the same cores.`,
  ];
}
