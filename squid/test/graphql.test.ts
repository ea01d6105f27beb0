/**
 * The public GraphQL API on the real stack: a devnet, an embedded Postgres with the migrations
 * (the initial model and the search migration), the processor and squid-graphql-server started as
 * the `serve` script starts it (subscriptions on, poll 1 s, 10 root fields, 10,000 response nodes,
 * 64 KB requests, 5 s SQL statements).
 *
 * Stores, listings, an order and a dispute are created on the devnet through @polkadot/api; the
 * processor indexes them (with a Pending `listing_content` row per metadata CID) and the test then
 * fills the content rows as the content worker does once it fetched and validated the metadata
 * (status Ok, title, description, category, image CIDs): the worker is not part of this test.
 *
 * Then: `searchListings` (typos, ranking, filters, pagination), `disputePhase` against the chain's
 * deadlines, `squidStatus`, the public-endpoint limits (each abusive request rejected while the
 * server keeps answering), and a subscription over graphql-ws receiving an update.
 */
import '@bazari/chain-types/augment';
import { createHash } from 'node:crypto';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { createClient } from 'graphql-ws';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BZR, ENCRYPTION_KEY, events, fields, ok, submit, sudo } from '../../devnet/test/pallets/fixtures.ts';
import { pgClientConfig } from '../src/db/config.ts';
import {
  gql,
  gqlResponse,
  requireBuild,
  type Squid,
  startSquid,
  startTestDevnet,
  waitFor,
  waitForIndexedHeight,
} from './support/index.ts';

/** A CIDv1 (raw codec, sha2-256, base32) of `text`, as an IPFS node would name it. */
function rawCid(text: string): string {
  const bytes = Buffer.concat([Buffer.from([0x01, 0x55, 0x12, 0x20]), createHash('sha256').update(text).digest()]);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let bits = 0;
  let value = 0;
  let out = 'b';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

interface ListingSeed {
  readonly key: string;
  readonly store: 'electronics' | 'home';
  readonly price: bigint;
  readonly stock: number;
  /** null: the content worker has not fetched it yet (the row stays Pending). */
  readonly content: { title: string; description: string; category: string; images: string[] } | null;
}

const SEEDS: readonly ListingSeed[] = [
  {
    key: 'iphone15',
    store: 'electronics',
    price: 900n * BZR,
    stock: 5,
    content: {
      title: 'Apple iPhone 15 Pro 128GB',
      description: 'Unlocked smartphone in great condition, with its box',
      category: 'electronics/phones',
      images: [rawCid('iphone15-front'), rawCid('iphone15-back')],
    },
  },
  {
    key: 'case',
    store: 'electronics',
    price: 30n * BZR,
    stock: 50,
    content: {
      title: 'Leather case',
      description: 'Fits the iPhone 15 Pro perfectly',
      category: 'electronics/accessories',
      images: [rawCid('case')],
    },
  },
  {
    key: 'iphone13',
    store: 'electronics',
    price: 400n * BZR,
    stock: 2,
    content: {
      title: 'iPhone 13 mini refurbished',
      description: 'Battery at 90 percent',
      category: 'electronics/phones',
      images: [],
    },
  },
  {
    key: 'galaxy',
    store: 'home',
    price: 700n * BZR,
    stock: 1,
    content: {
      title: 'Samsung Galaxy S24',
      description: 'Android phone, 256GB',
      category: 'Electronics/Phones',
      images: [rawCid('galaxy')],
    },
  },
  {
    key: 'chair',
    store: 'home',
    price: 120n * BZR,
    stock: 4,
    content: {
      title: 'Oak chair',
      description: 'Handmade wooden chair',
      category: 'furniture/chairs',
      images: [rawCid('chair')],
    },
  },
  { key: 'pending', store: 'home', price: 500n * BZR, stock: 3, content: null },
];

interface SearchItem {
  id: string;
  score: number;
  title: string | null;
  category: string | null;
  coverImageCid: string | null;
  price: string;
  stock: string;
  status: string;
  storeId: string;
  storeName: string;
  sellerId: string;
}

interface SearchPage {
  totalCount: number;
  items: SearchItem[];
}

const SEARCH = `
  query ($query: String!, $category: String, $minPrice: BigInt, $maxPrice: BigInt, $storeId: String, $limit: Int, $offset: Int) {
    searchListings(query: $query, category: $category, minPrice: $minPrice, maxPrice: $maxPrice, storeId: $storeId, limit: $limit, offset: $offset) {
      totalCount
      items { id score title category coverImageCid price stock status storeId storeName sellerId }
    }
  }`;

const BLOCK_TIME_MS = 400;

let devnet: Awaited<ReturnType<typeof startTestDevnet>>;
let squid: Squid;
let api: ApiPromise;
let url: string;
let alice: KeyringPair;
let bob: KeyringPair;
let charlie: KeyringPair;
let ferdie: KeyringPair;
const listingIds = new Map<string, string>();
const storeIds = { electronics: '', home: '' };
let disputeId: string;

const id = (key: string): string => {
  const value = listingIds.get(key);
  if (!value) throw new Error(`no listing ${key}`);
  return value;
};

async function search(variables: Record<string, unknown>): Promise<SearchPage> {
  return (await gql<{ searchListings: SearchPage }>(url, SEARCH, variables)).searchListings;
}

async function head(): Promise<number> {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

async function createListing(seed: ListingSeed, owner: KeyringPair, storeId: string, cid: string): Promise<string> {
  const outcome = await ok(submit(api, api.tx.commerce.createListing(storeId, seed.price, seed.stock, cid), owner));
  return String(fields(events(outcome, 'commerce.ListingCreated')[0]).listingId);
}

/** Fills the listing_content rows as the content worker does after fetching valid metadata. */
async function fillContent(rows: { cid: string; content: NonNullable<ListingSeed['content']> }[]): Promise<void> {
  const client = new pg.Client(pgClientConfig(squid.connection));
  client.on('error', () => {});
  await client.connect();
  try {
    for (const { cid, content } of rows) {
      const result = await client.query(
        `UPDATE listing_content
         SET status = 'Ok', attempts = attempts + 1, fetched_at = now(), size = $2,
             title = $3, description = $4, category = $5, image_cids = $6
         WHERE id = $1`,
        [cid, JSON.stringify(content).length, content.title, content.description, content.category, content.images],
      );
      expect(result.rowCount, `listing_content ${cid} inserted by the processor`).toBe(1);
    }
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  requireBuild();
  // Interval blocks (the processor follows a chain that keeps moving): a transaction waits for the next block.
  devnet = await startTestDevnet({ buildMode: 'interval', blockTime: BLOCK_TIME_MS });
  squid = await startSquid({ rpcEndpoint: devnet.wsUrl, graphql: true });
  url = squid.graphql?.url ?? '';
  const provider = new WsProvider(devnet.wsUrl, false);
  await provider.connect();
  api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  [alice, bob, charlie, ferdie] = ['Alice', 'Bob', 'Charlie', 'Ferdie'].map((name) => keyring.addFromUri(`//${name}`));

  // Two stores: Bob's electronics, Ferdie's home store.
  for (const [key, owner, name] of [
    ['electronics', bob, 'Bob Electronics'],
    ['home', ferdie, 'Casa da Ferdie'],
  ] as const) {
    const outcome = await ok(
      submit(api, api.tx.commerce.createStore(name, rawCid(`store ${name}`), ENCRYPTION_KEY), owner),
    );
    storeIds[key] = String(fields(events(outcome, 'commerce.StoreCreated')[0]).storeId);
  }
  const cids = new Map<string, string>();
  for (const seed of SEEDS) {
    const cid = rawCid(JSON.stringify({ listing: seed.key, ...seed.content }));
    cids.set(seed.key, cid);
    const owner = seed.store === 'electronics' ? bob : ferdie;
    listingIds.set(seed.key, await createListing(seed, owner, storeIds[seed.store], cid));
  }

  // A dispute: Charlie buys the chair from Ferdie and disputes the order, before five jurors.
  const jurors = [0, 1, 2, 3, 4].map((index) => keyring.addFromUri(`//GraphqlJuror${index}`));
  await ok(
    sudo(
      api,
      alice,
      api.tx.utility.batch(jurors.map((juror) => api.tx.balances.forceSetBalance(juror.address, 1_000n * BZR))),
    ),
  );
  for (const juror of jurors) await ok(submit(api, api.tx.dispute.registerJuror(200n * BZR), juror));
  const ordered = await ok(
    submit(
      api,
      api.tx.commerce.createOrder(storeIds.home, [{ listingId: id('chair'), quantity: 1 }], rawCid('address')),
      charlie,
    ),
  );
  const orderId = fields(events(ordered, 'commerce.OrderPaid')[0]).orderId;
  const opened = await ok(submit(api, api.tx.dispute.openDispute(orderId as number, rawCid('evidence')), charlie));
  disputeId = String(fields(events(opened, 'dispute.DisputeOpened')[0]).disputeId);

  await waitForIndexedHeight(url, await head(), { context: () => squid.processor.output() });
  await fillContent(
    SEEDS.flatMap((seed) => (seed.content ? [{ cid: cids.get(seed.key) ?? '', content: seed.content }] : [])),
  );
}, 180_000);

afterAll(async () => {
  await api?.disconnect();
  await squid?.close();
  await devnet?.close();
});

describe('searchListings', () => {
  it('finds a listing by a misspelt word', async () => {
    const page = await search({ query: 'iphnoe' });
    const ids = page.items.map((item) => item.id);
    expect(ids).toContain(id('iphone15'));
    expect(ids).toContain(id('iphone13'));
    expect(page.items[0].title).toMatch(/iPhone/);
    expect(ids).not.toContain(id('chair'));
    const iphone = page.items.find((item) => item.id === id('iphone15'));
    expect(iphone).toMatchObject({
      title: 'Apple iPhone 15 Pro 128GB',
      category: 'electronics/phones',
      coverImageCid: SEEDS[0].content?.images[0],
      price: String(900n * BZR),
      stock: '5',
      status: 'Active',
      storeId: storeIds.electronics,
      storeName: 'Bob Electronics',
      sellerId: bob.address,
    });
    expect(iphone?.score).toBeGreaterThan(0);
  });

  it('ranks title matches above a description match', async () => {
    const page = await search({ query: 'iphone' });
    const ids = page.items.map((item) => item.id);
    expect(ids).toContain(id('case'));
    expect(ids.indexOf(id('iphone15'))).toBeLessThan(ids.indexOf(id('case')));
    expect(ids.indexOf(id('iphone13'))).toBeLessThan(ids.indexOf(id('case')));
    const scores = page.items.map((item) => item.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // Full-text search on the description alone.
    expect((await search({ query: 'handmade' })).items.map((item) => item.id)).toEqual([id('chair')]);
  });

  it('filters by category prefix, price range and store', async () => {
    const ids = async (variables: Record<string, unknown>) =>
      (await search({ query: '', limit: 100, ...variables })).items.map((item) => item.id).sort();
    const sorted = (...keys: string[]) => keys.map(id).sort();
    // The pending listing (content not fetched) is never a result.
    expect(await ids({})).toEqual(sorted('iphone15', 'case', 'iphone13', 'galaxy', 'chair'));
    expect(await ids({ category: 'electronics' })).toEqual(sorted('iphone15', 'case', 'iphone13', 'galaxy'));
    expect(await ids({ category: 'Electronics/Phones/' })).toEqual(sorted('iphone15', 'iphone13', 'galaxy'));
    expect(await ids({ category: 'elec' })).toEqual([]);
    // LIKE wildcards in the category are plain characters.
    expect(await ids({ category: '%' })).toEqual([]);
    expect(await ids({ category: 'electronics/_hones' })).toEqual([]);
    expect(await ids({ minPrice: String(120n * BZR), maxPrice: String(700n * BZR) })).toEqual(
      sorted('iphone13', 'galaxy', 'chair'),
    );
    expect(await ids({ storeId: storeIds.electronics })).toEqual(sorted('iphone15', 'case', 'iphone13'));
    expect(await ids({ query: 'phone', storeId: storeIds.home })).toEqual(sorted('galaxy'));
    expect(await ids({ query: 'iphnoe', category: 'electronics/phones', maxPrice: String(500n * BZR) })).toEqual(
      sorted('iphone13'),
    );
  });

  it('paginates', async () => {
    const pages: SearchPage[] = [];
    for (const offset of [0, 2, 4]) pages.push(await search({ query: '', category: 'electronics', limit: 2, offset }));
    expect(pages.map((page) => page.totalCount)).toEqual([4, 4, 4]);
    expect(pages.map((page) => page.items.length)).toEqual([2, 2, 0]);
    const all = (await search({ query: '', category: 'electronics', limit: 100 })).items.map((item) => item.id);
    expect(pages.flatMap((page) => page.items.map((item) => item.id))).toEqual(all);
    // The limit is capped at 100, not rejected.
    expect((await search({ query: 'iphone', limit: 100_000 })).items.length).toBeGreaterThan(0);
  });
});

describe('disputePhase', () => {
  const QUERY = `query ($id: String!) {
    disputePhase(disputeId: $id) { disputeId phase round height endsAt blocksLeft evidenceEnd commitEnd revealEnd appealEnd }
  }`;
  interface Phase {
    disputeId: string;
    phase: string;
    round: number;
    height: number;
    endsAt: number | null;
    blocksLeft: number;
    evidenceEnd: number;
    commitEnd: number;
    revealEnd: number;
    appealEnd: number;
  }
  const phase = async (disputeIdArg: string) =>
    (await gql<{ disputePhase: Phase | null }>(url, QUERY, { id: disputeIdArg })).disputePhase;

  it('derives the phase of an open dispute from its deadlines and the indexed height', async () => {
    const onChain = (await api.query.dispute.disputes(BigInt(disputeId))).unwrap();
    const deadlines = {
      evidenceEnd: onChain.evidenceEnd.toNumber(),
      commitEnd: onChain.commitEnd.toNumber(),
      revealEnd: onChain.revealEnd.toNumber(),
      appealEnd: onChain.appealEnd.toNumber(),
    };
    // The pallet's rule (each phase ends at its deadline, exclusive) at the block after `height`.
    const expected = (height: number) => {
      const next = height + 1;
      const ends: [string, number][] = [
        ['Evidence', deadlines.evidenceEnd],
        ['Commit', deadlines.commitEnd],
        ['Reveal', deadlines.revealEnd],
        ['Appeal', deadlines.appealEnd],
      ];
      const current = ends.find(([, end]) => next < end);
      return current
        ? { phase: current[0], endsAt: current[1], blocksLeft: current[1] - next }
        : { phase: 'AwaitingExecution', endsAt: null, blocksLeft: 0 };
    };
    // The chain moves on by itself: sample the phase until the ruling awaits execution; every sample
    // must agree with the rule at its own height, and the phases must follow each other in order.
    const samples: { sample: Phase | null; chainHead: number }[] = [];
    await waitFor(
      'the dispute to await execution',
      async () => {
        const sample = await phase(disputeId);
        samples.push({ sample, chainHead: await head() });
        return sample?.phase === 'AwaitingExecution' ? true : undefined;
      },
      { timeoutMs: 90_000, intervalMs: BLOCK_TIME_MS / 4 },
    );
    let last = -1;
    const seen: string[] = [];
    for (const { sample, chainHead } of samples) {
      expect(sample).toMatchObject({ disputeId, round: 0, ...deadlines, ...expected(sample?.height ?? -1) });
      expect(sample?.height).toBeLessThanOrEqual(chainHead);
      expect(sample?.height).toBeGreaterThanOrEqual(last);
      last = sample?.height ?? -1;
      if (seen.at(-1) !== sample?.phase) seen.push(sample?.phase ?? '');
    }
    const order = ['Evidence', 'Commit', 'Reveal', 'Appeal', 'AwaitingExecution'];
    expect(seen).toEqual(order.slice(order.indexOf(seen[0])));
    expect(seen).toEqual(expect.arrayContaining(['Commit', 'Reveal', 'Appeal', 'AwaitingExecution']));
    expect(await phase('999999')).toBeNull();
  });
});

describe('squidStatus', () => {
  it('reports the indexed height', async () => {
    const before = await head();
    await waitForIndexedHeight(url, before);
    const { squidStatus } = await gql<{ squidStatus: { height: number } }>(url, '{ squidStatus { height } }');
    expect(squidStatus.height).toBeGreaterThanOrEqual(before);
    expect(squidStatus.height).toBeLessThanOrEqual(await head());
  });
});

async function stillServesSearch(): Promise<void> {
  const page = await search({ query: 'iphnoe' });
  expect(page.items.map((item) => item.id)).toContain(id('iphone15'));
}

describe('public-endpoint limits', () => {
  const stillServes = async () => {
    const page = await search({ query: 'iphnoe' });
    expect(page.items.map((item) => item.id)).toContain(id('iphone15'));
    const { listings } = await gql<{ listings: { id: string }[] }>(
      url,
      '{ listings(orderBy: id_ASC, limit: 2) { id } }',
    );
    expect(listings).toHaveLength(2);
  };

  it('rejects a query with too many root fields', async () => {
    const fieldsList = Array.from({ length: 11 }, (_, index) => `f${index}: squidStatus { height }`).join(' ');
    const response = await gqlResponse(url, `{ ${fieldsList} }`);
    expect(response.data).toBeUndefined();
    expect(response.errors?.[0].message).toMatch(/only 10 root fields allowed/);
    await stillServes();
  });

  it('rejects a nested query whose response could exceed the size limit', async () => {
    const response = await gqlResponse(url, '{ stores(limit: 1000) { id listings(limit: 1000) { id store { id } } } }');
    expect(response.data?.stores ?? null).toBeNull();
    expect(response.errors?.[0].message).toMatch(/response might exceed the size limit/);
    const unbounded = await gqlResponse(url, '{ accounts { id ordersAsBuyer { id items { id } } } }');
    expect(unbounded.errors?.[0].message).toMatch(/response might exceed the size limit/);
    await stillServes();
  });

  it('answers 413 to a request body over the size limit', async () => {
    const body = JSON.stringify({ query: '{ squidStatus { height } }', variables: { padding: 'x'.repeat(65 * 1024) } });
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(413);
    await response.arrayBuffer();
    await stillServes();
  });
});

describe('subscriptions', () => {
  it('push updates over graphql-ws', async () => {
    const log: string[] = [];
    const client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      on: {
        connected: () => log.push('connected'),
        closed: (event) => log.push(`closed ${(event as { code?: number }).code ?? ''}`),
        error: (error) => log.push(`error ${String(error)}`),
      },
    });
    const updates: { id: string; stock: string }[][] = [];
    let failure: unknown;
    const unsubscribe = client.subscribe<{ listings: { id: string; stock: string }[] }>(
      {
        query: `subscription ($store: String!) {
          listings(where: { store: { id_eq: $store } }, orderBy: id_ASC, limit: 50) { id stock }
        }`,
        variables: { store: storeIds.home },
      },
      {
        next: (message) => {
          if (message.errors) log.push(`errors ${JSON.stringify(message.errors)}`);
          if (message.data) updates.push(message.data.listings);
        },
        error: (error) => {
          failure = error;
        },
        complete: () => {},
      },
    );
    try {
      const first = await waitFor(
        'the first subscription result',
        async () => {
          if (failure) throw new Error(`subscription failed: ${JSON.stringify(failure)}`);
          return updates[0];
        },
        { context: () => log.join('\n') },
      );
      expect(first.map((listing) => listing.id)).toContain(id('galaxy'));
      const seed: ListingSeed = { key: 'lamp', store: 'home', price: 40n * BZR, stock: 7, content: null };
      const lamp = await createListing(seed, ferdie, storeIds.home, rawCid('lamp'));
      const update = await waitFor(
        'an update with the new listing',
        async () => {
          if (failure) throw new Error(`subscription failed: ${JSON.stringify(failure)}`);
          return updates.find((listings) => listings.some((listing) => listing.id === lamp));
        },
        { context: () => log.join('\n') },
      );
      expect(update.find((listing) => listing.id === lamp)).toEqual({ id: lamp, stock: '7' });
    } finally {
      unsubscribe();
      await client.dispose();
    }
  });

  it('rejects a subscription whose response could exceed the size limit', async () => {
    const client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
    });
    try {
      const result = await new Promise<{ errors?: readonly { message: string }[] }>((resolve, reject) => {
        client.subscribe(
          { query: 'subscription { listings { id store { id listings { id } } } }' },
          { next: (message) => resolve(message), error: reject, complete: () => {} },
        );
      });
      expect(result.errors?.[0].message).toMatch(/response might exceed the size limit/);
    } finally {
      await client.dispose();
    }
    await stillServesSearch();
  });
});
