/**
 * The content worker against the real stack: a devnet, an embedded Postgres with the squid's
 * migrations, the processor and the worker as child processes, and a real IPFS node (Helia) with its
 * gateway and Pinning Service API in this process.
 *
 * Listings point at: a valid document with images, bytes that are not JSON, a document over 1 MiB,
 * one failing the schema, one whose text carries `<script>`, and a CID no node has; a store profile,
 * a review, a valid signed receipt and a tampered one. Every content row ends in its status, every
 * chain-referenced CID is pinned (Failed for the missing one), the processor's tables still match
 * the chain, and the worker never stops. Then the IPFS node goes away for a while: content
 * referenced meanwhile is not counted as failing, and ends Ok once the node is back.
 */
import '@bazari/chain-types/augment';
import { join } from 'node:path';
import {
  addBytes,
  addJson,
  jsonCid,
  LISTING_SCHEMA,
  RECEIPT_SCHEMA,
  REVIEW_SCHEMA,
  STORE_PROFILE_SCHEMA,
  signReceipt,
  type UnsignedReceipt,
} from '@bazari/ipfs/content';
import { type Gateway, startGateway } from '@bazari/ipfs/gateway';
import { createIpfsNode, type IpfsNode } from '@bazari/ipfs/node';
import { PinningService } from '@bazari/ipfs/pinning';
import { bearerTokenAuth } from '@bazari/ipfs/pinning/auth';
import type { ApiPromise } from '@polkadot/api';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgClientConfig } from '../src/db/config.ts';
import { BZR, connect, type DevAccounts, devAccounts, expectOutcome, theEvent } from './scenario/chain.ts';
import {
  dumpProcessorTables,
  ManagedProcess,
  requireBuild,
  SQUID_DIR,
  type Squid,
  startSquid,
  startTestDevnet,
  type TableDump,
  tempDir,
  waitFor,
  waitForIndexedHeight,
} from './support/index.ts';

const ENCRYPTION_KEY = `0x${'07'.repeat(32)}`;
const FAKE_EXTRINSIC = `0x${'ab'.repeat(32)}`;

describe('content worker', () => {
  const dir = tempDir('bazari-squid-content-');
  let devnet: Awaited<ReturnType<typeof startTestDevnet>>;
  let api: ApiPromise;
  let accounts: DevAccounts;
  let ipfs: IpfsNode;
  let pinning: PinningService;
  let gateway: Gateway | undefined;
  let gatewayPort = 0;
  let squid: Squid;
  let db: pg.Pool;
  let worker: ManagedProcess;
  /** A second worker, running beside the first during the main scenario (SKIP LOCKED + leases). */
  let secondWorker: ManagedProcess;
  /** The processor's tables before any worker ran. */
  let before: TableDump;

  const cids = {} as Record<
    | 'store'
    | 'valid'
    | 'image1'
    | 'image2'
    | 'notJson'
    | 'oversized'
    | 'schema'
    | 'script'
    | 'missing'
    | 'review'
    | 'receipt'
    | 'tampered'
    | 'shipping'
    | 'tracking',
    string
  >;
  let storeId = 0;
  const listingIds: Record<string, string> = {};
  let validReceipt: Record<string, unknown>;

  async function openGateway(): Promise<void> {
    gateway = await startGateway({
      helia: ipfs.helia,
      port: gatewayPort,
      host: '127.0.0.1',
      pinning,
      fetchTimeoutMs: 500,
    });
    gatewayPort = gateway.port;
  }

  async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await db.query<T>(sql, params)).rows;
  }

  async function content(table: string, id: string): Promise<Record<string, unknown> | undefined> {
    return (await query(`SELECT * FROM ${table} WHERE id = $1`, [id]))[0];
  }

  async function createListing(cid: string): Promise<string> {
    const outcome = await expectOutcome(api, api.tx.commerce.createListing(storeId, 5n * BZR, 10, cid), accounts.alice);
    return String(theEvent(outcome, 'Commerce.ListingCreated').listingId);
  }

  /** An order of bob's from alice's store, shipped and delivered; its id. */
  async function completedOrder(listingId: string): Promise<string> {
    const outcome = await expectOutcome(
      api,
      api.tx.commerce.createOrder(storeId, [{ listingId, quantity: 1 }], cids.shipping),
      accounts.bob,
    );
    const orderId = String(theEvent(outcome, 'Commerce.OrderPaid').orderId);
    await expectOutcome(api, api.tx.commerce.markShipped(orderId, cids.tracking), accounts.alice);
    await expectOutcome(api, api.tx.commerce.confirmDelivery(orderId), accounts.bob);
    return orderId;
  }

  beforeAll(async () => {
    requireBuild();
    devnet = await startTestDevnet({ persistent: false });
    api = await connect(devnet.wsUrl);
    accounts = devAccounts();

    ipfs = await createIpfsNode({ dataDir: join(dir.path, 'ipfs'), listen: ['/ip4/127.0.0.1/tcp/0/ws'] });
    pinning = new PinningService({ helia: ipfs.helia, authenticate: bearerTokenAuth, pinTimeoutMs: 1500 });
    await pinning.start();
    await openGateway();

    const helia = ipfs.helia;
    const png = (seed: number) => Uint8Array.from({ length: 2048 }, (_, i) => (i * 31 + seed) % 256);
    cids.image1 = (await addBytes(helia, png(1))).toString();
    cids.image2 = (await addBytes(helia, png(2))).toString();
    const listing = {
      $schema: LISTING_SCHEMA,
      title: 'Handmade ceramic mug',
      description: 'Stoneware, 350 ml.\nDishwasher safe.',
      category: 'home/kitchen',
      attributes: { Color: 'Blue', Capacity: '350 ml' },
      images: [cids.image1, cids.image2],
      tags: ['ceramic', 'handmade'],
    };
    cids.valid = (await addJson(helia, listing)).toString();
    cids.notJson = (await addBytes(helia, new TextEncoder().encode('this is <b>not</b> JSON {'))).toString();
    cids.oversized = (
      await addBytes(
        helia,
        new TextEncoder().encode(JSON.stringify({ ...listing, description: 'x'.repeat(1_200_000) })),
      )
    ).toString();
    cids.schema = (await addJson(helia, { ...listing, title: '', price: 3 })).toString();
    cids.script = (
      await addJson(helia, {
        ...listing,
        title: '<script>alert(1)</script>',
        description: '<img src=x onerror="alert(2)"><script>alert(3)</script>',
        images: [],
      })
    ).toString();
    cids.missing = (await jsonCid({ ...listing, title: 'Nobody has this one' })).toString();
    cids.store = (
      await addJson(helia, {
        $schema: STORE_PROFILE_SCHEMA,
        name: 'Loja da Ana',
        tagline: 'Ceramics from Porto',
        description: 'Small batches.',
        location: 'Porto, PT',
        categories: ['home/kitchen'],
        links: [{ label: 'Site', url: 'https://example.org' }],
        languages: ['pt', 'en'],
      })
    ).toString();
    cids.shipping = (await addBytes(helia, new TextEncoder().encode('{"sealed":"shipping address"}'))).toString();
    cids.tracking = (await addBytes(helia, new TextEncoder().encode('{"carrier":"CTT","code":"RR123"}'))).toString();

    // The chain: alice's store and a listing per case.
    const store = await expectOutcome(
      api,
      api.tx.commerce.createStore('Loja da Ana', cids.store, ENCRYPTION_KEY),
      accounts.alice,
    );
    storeId = Number(theEvent(store, 'Commerce.StoreCreated').storeId);
    for (const name of ['valid', 'notJson', 'oversized', 'schema', 'script', 'missing'] as const) {
      listingIds[name] = await createListing(cids[name]);
    }

    // Two completed orders: one with a review and a valid receipt, one with a tampered receipt.
    const orders = [await completedOrder(listingIds.valid), await completedOrder(listingIds.valid)];
    const platformFee = (5n * BZR * BigInt((await api.query.commerce.platformFee()).toNumber())) / 1_000_000n;
    const unsigned = (orderId: string): UnsignedReceipt => ({
      $schema: RECEIPT_SCHEMA,
      genesisHash: api.genesisHash.toHex(),
      orderId,
      storeId: String(storeId),
      buyer: accounts.bob.address,
      seller: accounts.alice.address,
      asset: 'BZR',
      items: [{ listingId: listingIds.valid, title: 'Handmade ceramic mug', quantity: 1, unitPrice: String(5n * BZR) }],
      amounts: {
        total: String(5n * BZR),
        platformFee: String(platformFee),
        sellerAmount: String(5n * BZR - platformFee),
      },
      steps: [{ step: 'completed', blockNumber: 1, extrinsicHash: FAKE_EXTRINSIC }],
      issuedAt: '2026-11-22T06:55:00.000Z',
      signer: accounts.bob.address,
    });
    validReceipt = signReceipt(unsigned(orders[0]), accounts.bob) as unknown as Record<string, unknown>;
    cids.receipt = (await addJson(helia, validReceipt)).toString();
    const tampered = { ...signReceipt(unsigned(orders[1]), accounts.bob), issuedAt: '2026-11-23T06:55:00.000Z' };
    cids.tampered = (await addJson(helia, tampered)).toString();
    cids.review = (
      await addJson(helia, {
        $schema: REVIEW_SCHEMA,
        orderId: orders[0],
        storeId: String(storeId),
        author: accounts.bob.address,
        rating: 5,
        title: 'Lovely <em>mug</em>',
        body: 'Arrived well packed. <script>alert("review")</script>',
      })
    ).toString();
    await expectOutcome(api, api.tx.commerce.mintReceipt(orders[0], cids.receipt), accounts.bob);
    await expectOutcome(api, api.tx.commerce.mintReceipt(orders[1], cids.tampered), accounts.bob);
    await expectOutcome(api, api.tx.commerce.rateSeller(orders[0], 5, cids.review), accounts.bob);

    // Postgres, the migrations and the processor, which indexes all of it before any worker runs.
    squid = await startSquid({ rpcEndpoint: devnet.wsUrl });
    db = new pg.Pool({ ...pgClientConfig(squid.connection), max: 2 });
    db.on('error', () => {});
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    await waitForIndexedHeight(squid.connection, head, { context: () => squid.processor.output() });
    before = await dumpProcessorTables(squid.connection, { contentStatus: false });
    worker = startWorker('content-worker');
    secondWorker = startWorker('content-worker-2');
  });

  function startWorker(name: string): ManagedProcess {
    return new ManagedProcess({
      name,
      command: process.execPath,
      args: ['--import', 'tsx', 'lib/content/worker.js'],
      cwd: SQUID_DIR,
      env: {
        ...squid.postgres.env,
        IPFS_URL: `http://127.0.0.1:${gatewayPort}`,
        CONTENT_MAX_ATTEMPTS: '3',
        CONTENT_RETRY_BASE_MS: '200',
        CONTENT_RETRY_MAX_MS: '1000',
        CONTENT_FETCH_TIMEOUT_MS: '5000',
        CONTENT_IDLE_MS: '200',
        PIN_MAX_ATTEMPTS: '2',
        PIN_FAILED_RETRY_MS: '0',
        PIN_DISCOVERY_MS: '200',
      },
    }).start();
  }

  afterAll(async () => {
    await secondWorker?.stop();
    await worker?.stop();
    await db?.end().catch(() => {});
    await squid?.close();
    await gateway?.close();
    await pinning?.stop();
    await ipfs?.stop();
    await api?.disconnect();
    await devnet?.close();
    dir.remove();
  });

  function diagnostics(): string {
    return `worker:\n${worker.output(40)}\nsecond worker:\n${secondWorker.output(20)}\nprocessor:\n${squid.processor.output(20)}`;
  }

  it('records every document as Ok, Invalid or Unavailable, stores text verbatim and pins what the chain references', async () => {
    const settled = async (table: string, id: string) => {
      const row = await content(table, id);
      return row && row.status !== 'Pending' ? row : undefined;
    };
    const wait = (table: string, id: string) =>
      waitFor(`${table} ${id} to settle`, () => settled(table, id), { context: diagnostics });

    const valid = await wait('listing_content', cids.valid);
    expect(valid).toMatchObject({
      status: 'Ok',
      error: null,
      title: 'Handmade ceramic mug',
      description: 'Stoneware, 350 ml.\nDishwasher safe.',
      category: 'home/kitchen',
      attributes: { Color: 'Blue', Capacity: '350 ml' },
      image_cids: [cids.image1, cids.image2],
      tags: ['ceramic', 'handmade'],
    });

    const notJson = await wait('listing_content', cids.notJson);
    expect(notJson).toMatchObject({ status: 'Invalid', title: null });
    expect(notJson.error).toMatch(/not UTF-8 JSON/);

    const oversized = await wait('listing_content', cids.oversized);
    expect(oversized).toMatchObject({ status: 'Invalid', title: null });
    expect(oversized.error).toMatch(/size limit/);

    const schema = await wait('listing_content', cids.schema);
    expect(schema).toMatchObject({ status: 'Invalid', title: null, attempts: 1 });
    expect(schema.error).toMatch(/invalid listing/);
    expect(schema.error).toMatch(/title/);
    expect(schema.error).toMatch(/price/);

    const script = await wait('listing_content', cids.script);
    expect(script).toMatchObject({
      status: 'Ok',
      title: '<script>alert(1)</script>',
      description: '<img src=x onerror="alert(2)"><script>alert(3)</script>',
    });

    const missing = await wait('listing_content', cids.missing);
    expect(missing).toMatchObject({ status: 'Unavailable', attempts: 3, next_attempt_at: null, title: null });
    expect(missing.error).toMatch(/not found/);

    expect(await wait('store_profile_content', cids.store)).toMatchObject({
      status: 'Ok',
      name: 'Loja da Ana',
      tagline: 'Ceramics from Porto',
      location: 'Porto, PT',
      categories: ['home/kitchen'],
      links: [{ label: 'Site', url: 'https://example.org' }],
      languages: ['pt', 'en'],
      logo_cid: null,
    });
    expect(await wait('review_content', cids.review)).toMatchObject({
      status: 'Ok',
      title: 'Lovely <em>mug</em>',
      body: 'Arrived well packed. <script>alert("review")</script>',
      image_cids: [],
    });
    expect(await wait('receipt_content', cids.receipt)).toMatchObject({
      status: 'Ok',
      signature_valid: true,
      signer: accounts.bob.address,
      document: validReceipt,
    });
    expect(await wait('receipt_content', cids.tampered)).toMatchObject({
      status: 'Ok',
      signature_valid: false,
      signer: accounts.bob.address,
    });

    // Pins: every CID the chain references, and the valid listings' images.
    const expected: Record<string, [source: string, status: string]> = {
      [cids.store]: ['store', 'Pinned'],
      [cids.valid]: ['listing', 'Pinned'],
      [cids.notJson]: ['listing', 'Pinned'],
      [cids.oversized]: ['listing', 'Pinned'],
      [cids.schema]: ['listing', 'Pinned'],
      [cids.script]: ['listing', 'Pinned'],
      [cids.missing]: ['listing', 'Failed'],
      [cids.image1]: ['listing-image', 'Pinned'],
      [cids.image2]: ['listing-image', 'Pinned'],
      [cids.receipt]: ['receipt', 'Pinned'],
      [cids.tampered]: ['receipt', 'Pinned'],
      [cids.review]: ['review', 'Pinned'],
      [cids.shipping]: ['order-shipping', 'Pinned'],
      [cids.tracking]: ['order-tracking', 'Pinned'],
    };
    const pins = await waitFor(
      'every pin to settle',
      async () => {
        const rows = await query<{
          id: string;
          source: string;
          status: string;
          attempts: number;
          error: string | null;
        }>('SELECT id, source, status, attempts, error FROM content_pin');
        const done = rows.filter((row) => row.status === 'Pinned' || row.status === 'Failed');
        return done.length === Object.keys(expected).length && rows.length === done.length ? rows : undefined;
      },
      { context: diagnostics },
    );
    expect(Object.fromEntries(pins.map((pin) => [pin.id, [pin.source, pin.status]]))).toEqual(expected);
    expect(pins.find((pin) => pin.id === cids.missing)).toMatchObject({ attempts: 2 });
    for (const pin of pins.filter((p) => p.status === 'Pinned')) {
      const record = (await pinning.all()).find((r) => r.pin.cid === pin.id && r.status === 'pinned');
      expect(record, pin.id).toBeDefined();
    }

    // The processor's tables are still the chain's.
    const listings = await query<{
      id: string;
      metadata_cid: string;
      content_id: string;
      price: string;
      stock: string;
    }>('SELECT id, metadata_cid, content_id, price::text, stock::text FROM listing ORDER BY id::numeric');
    expect(listings).toHaveLength(Object.keys(listingIds).length);
    for (const row of listings) {
      const onChain = (await api.query.commerce.listings(row.id)).unwrap();
      expect(row.metadata_cid).toBe(onChain.metadataCid.toUtf8());
      expect(row.content_id).toBe(row.metadata_cid);
      expect(row.price).toBe(onChain.price.toString());
      expect(row.stock).toBe(onChain.stock.toString());
    }
    const [storeRow] = await query<{ metadata_cid: string; profile_id: string; name: string }>(
      'SELECT metadata_cid, profile_id, name FROM store WHERE id = $1',
      [String(storeId)],
    );
    expect(storeRow).toEqual({ metadata_cid: cids.store, profile_id: cids.store, name: 'Loja da Ana' });
    expect(await dumpProcessorTables(squid.connection, { contentStatus: false })).toEqual(before);
    expect(worker.running).toBe(true);
    expect(secondWorker.running).toBe(true);
    expect(squid.processor.running).toBe(true);
    await secondWorker.stop();
  });

  it('waits out an IPFS node outage without counting attempts, then fetches and pins', async () => {
    await gateway?.close();
    gateway = undefined;
    const later = { $schema: LISTING_SCHEMA, title: 'Fetched after the outage', description: '', category: 'misc' };
    const cid = (await addJson(ipfs.helia, later)).toString();
    const noticed = worker.waitForLine(/ipfs gateway: .*unreachable/, { timeoutMs: 60_000 });
    await createListing(cid);

    // The worker notices the node is gone (its log says so), tries again later, and leaves the row
    // Pending with no attempt counted: an outage is not the content's fault.
    await noticed;
    await worker.waitForLine(/ipfs gateway: .*unreachable/, { timeoutMs: 60_000 });
    expect(await content('listing_content', cid)).toMatchObject({ status: 'Pending', attempts: 0 });

    await openGateway();
    const row = await waitFor(
      'the listing after the outage',
      async () => {
        const found = await content('listing_content', cid);
        return found?.status === 'Ok' ? found : undefined;
      },
      { context: diagnostics },
    );
    expect(row).toMatchObject({ title: 'Fetched after the outage', attempts: 1 });
    await waitFor(
      'its pin',
      async () => {
        const [pin] = await query<{ status: string }>('SELECT status FROM content_pin WHERE id = $1', [cid]);
        return pin?.status === 'Pinned' ? true : undefined;
      },
      { context: diagnostics },
    );
    expect(worker.running).toBe(true);
  });

  it('survives a Postgres restart and carries on', async () => {
    const failed = worker.waitForLine(/cycle failed/, { timeoutMs: 60_000 });
    await squid.postgres.server.stop();
    await failed;
    const recovered = worker.waitForLine(/postgres: reachable again/, { timeoutMs: 60_000 });
    await squid.postgres.server.start();
    await recovered;
    // The processor has its own recovery (tested elsewhere); restart it if it gave up.
    if (!squid.processor.running) squid.processor.start();

    const later = { $schema: LISTING_SCHEMA, title: 'After the restart', description: '', category: 'misc' };
    const cid = (await addJson(ipfs.helia, later)).toString();
    await createListing(cid);
    const row = await waitFor(
      'the listing after the restart',
      async () => {
        const found = await content('listing_content', cid);
        return found?.status === 'Ok' ? found : undefined;
      },
      { context: diagnostics },
    );
    expect(row).toMatchObject({ title: 'After the restart', attempts: 1 });
    expect(worker.running).toBe(true);
  });
});
