/**
 * Generates the bench chain (cached by ./chain-cache.ts under `.data/bench-squid/<key>/chain`): a devnet (own process,
 * instant blocks, finality lag 0) on which, through `utility.batchAll` of many pallet calls per signed
 * extrinsic, from pre-funded accounts and pre-signed offline:
 *
 * 1. //Alice funds the sellers and buyers (batches of transfers);
 * 2. each seller opens a store and lists `listingsPerStore` items with a large stock;
 * 3. every buyer places its share of `orders` orders (one `batchAll` of `create_order` per buyer and round,
 *    a store and listing drawn by a seeded generator: OrderCreated, Escrow.Locked, OrderPaid each);
 * 4. buyers cancel 3 % of the orders;
 * 5. day after day (`days` days, with `dev_timeTravel`, so that sellers' daily sales have several days),
 *    sellers ship 15 % of the orders (AutoReleaseScheduled, OrderShipped) and buyers confirm two thirds of
 *    those a few blocks later (Escrow.Released, OrderCompleted, CashbackMinted, Assets.Issued).
 *
 * Every block is then decoded (System.Events with the runtime model): no extrinsic may have failed, and the
 * events the squid indexes are counted into the manifest, which the bench checks the database against.
 */
import '@bazari/chain-types/augment';
import { seededRandom } from '@bazari/devnet/testing';
import type { IKeyringPair } from '@polkadot/types/types';
import { u8aToHex } from '@polkadot/util';
import { WsRpcClient } from '../devnet/rpc.ts';
import { devAccount, OfflineSigner } from '../devnet/signing.ts';
import { chunks, type DecodedRecord, EventReader, submitAll } from './blocks.ts';
import { DevnetProcess } from './devnet.ts';
import { type ChainManifest, GENERATOR_VERSION, type GenerateOptions, listingCid } from './manifest.ts';

const BZR = 1_000_000_000_000n;
const DAY_MS = 86_400_000;
/** Calls per `utility.batchAll` of the other phases (well under the block's weight limit and `batched_calls_limit`). */
const CALLS_PER_BATCH = 500;
/** Extrinsics per block of the other phases. */
const EXTRINSICS_PER_BLOCK = 20;
/** Pallets whose every event the squid indexes (plus System.ExtrinsicFailed, of which there must be none). */
const INDEXED_PALLETS = new Set(['Commerce', 'Escrow', 'Rewards', 'Dispute', 'Assets']);
const ENCRYPTION_KEY = new Uint8Array(32).fill(7);
const STORE_CID = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi';

/** A progress line of the generation on stderr. */
export function log(message: string): void {
  console.error(`[bench:squid] ${message}`);
}

const hex = (bytes: unknown) => u8aToHex(bytes as Uint8Array);

/** Generates the chain for `options` into `chainDir` (a fresh devnet data directory); returns its manifest. */
export async function generate(options: GenerateOptions, chainDir: string): Promise<ChainManifest> {
  const started = performance.now();
  log(
    `generating the chain (${options.orders} orders, ${options.buyers} buyers, ${options.sellers} sellers) in ${chainDir}`,
  );
  const devnet = await DevnetProcess.start({ dataDir: chainDir, finalityLag: 0 });
  const client = await WsRpcClient.connect(devnet.wsUrl);
  await client.call('dev_setBlockBuildMode', ['Manual']);
  const signer = await OfflineSigner.connect(devnet.wsUrl);
  const { api } = signer;
  const reader = await EventReader.create();
  const nonces = new Map<string, number>();
  const sign = (tx: Parameters<OfflineSigner['sign']>[0], account: IKeyringPair) => {
    const nonce = nonces.get(account.address) ?? 0;
    nonces.set(account.address, nonce + 1);
    return signer.sign(tx, account, nonce);
  };
  /** Every failure found in the blocks of a phase, as `Pallet.Error` or the record. */
  const checkPhase = async (name: string, hashes: string[], onRecord?: (record: DecodedRecord) => void) => {
    const failures: string[] = [];
    await reader.read(client, hashes, (records) => {
      for (const record of records) {
        const { event } = record;
        if (
          (event.__kind === 'System' && event.value.__kind === 'ExtrinsicFailed') ||
          (event.__kind === 'Utility' && event.value.__kind === 'BatchInterrupted')
        ) {
          failures.push(JSON.stringify(event.value, (_, value) => (typeof value === 'bigint' ? String(value) : value)));
        }
        onRecord?.(record);
      }
    });
    if (failures.length > 0)
      throw new Error(`${name}: ${failures.length} failed extrinsic(s), the first: ${failures[0]}`);
    log(`${name}: ${hashes.length} blocks (${((performance.now() - started) / 1000).toFixed(0)} s so far)`);
  };

  try {
    const alice = devAccount('//Alice');
    nonces.set(alice.address, await client.call<number>('system_accountNextIndex', [alice.address]));
    const sellers = Array.from({ length: options.sellers }, (_, index) =>
      devAccount(`//bench-squid//seller//${index}`),
    );
    const buyers = Array.from({ length: options.buyers }, (_, index) => devAccount(`//bench-squid//buyer//${index}`));

    // 1. Funding.
    const funding = chunks([...sellers, ...buyers], 100).map((group) =>
      sign(
        api.tx.utility.batchAll(
          group.map((account) => api.tx.balances.transferKeepAlive(account.address, 1_000_000n * BZR)),
        ),
        alice,
      ),
    );
    await checkPhase('funding', await submitAll(client, funding, EXTRINSICS_PER_BLOCK));

    // 2. Stores, then listings.
    const storeOf = new Map<string, number>();
    const stores = sellers.map((seller, index) =>
      sign(api.tx.commerce.createStore(`Bench store ${index}`, STORE_CID, ENCRYPTION_KEY), seller),
    );
    await checkPhase('stores', await submitAll(client, stores, EXTRINSICS_PER_BLOCK), ({ event }) => {
      if (event.__kind === 'Commerce' && event.value.__kind === 'StoreCreated') {
        storeOf.set(hex(event.value.owner), Number(event.value.store_id));
      }
    });
    const storeIds = sellers.map((seller) => storeOf.get(u8aToHex(seller.publicKey)) as number);
    const listings = sellers.map((seller, index) =>
      sign(
        api.tx.utility.batchAll(
          Array.from({ length: options.listingsPerStore }, (_, listing) =>
            api.tx.commerce.createListing(
              storeIds[index],
              BZR + BigInt(listing % 40) * (BZR / 4n),
              // Under 2^31: the squid stores stock as a GraphQL Int (int4), though the chain's is a u32.
              2_000_000_000,
              listingCid(storeIds[index], listing),
            ),
          ),
        ),
        seller,
      ),
    );
    const listingsOfStore = new Map<number, bigint[]>();
    await checkPhase('listings', await submitAll(client, listings, EXTRINSICS_PER_BLOCK), ({ event }) => {
      if (event.__kind === 'Commerce' && event.value.__kind === 'ListingCreated') {
        const store = Number(event.value.store_id);
        listingsOfStore.set(store, [...(listingsOfStore.get(store) ?? []), event.value.listing_id as bigint]);
      }
    });

    // 3. Orders: each buyer its share, `callsPerExtrinsic` per extrinsic, round-robin over the buyers.
    const draw = seededRandom(42);
    const orderTxs: string[] = [];
    const orderCalls = new Map<string, ReturnType<typeof api.tx.commerce.createOrder>>();
    const perBuyer = Math.ceil(options.orders / buyers.length);
    let placed = 0;
    for (let round = 0; placed < options.orders; round++) {
      for (const buyer of buyers) {
        const count = Math.min(
          options.callsPerExtrinsic,
          perBuyer - round * options.callsPerExtrinsic,
          options.orders - placed,
        );
        if (count <= 0) continue;
        const calls = Array.from({ length: count }, () => {
          const store = storeIds[Math.floor(draw() * storeIds.length)];
          const storeListings = listingsOfStore.get(store) as bigint[];
          const first = Math.floor(draw() * storeListings.length);
          const quantity = 1 + Math.floor(draw() * 3);
          const second = draw() < 0.3 && storeListings.length > 1;
          // The same call objects are reused: building 100,000 of them through @polkadot/api costs seconds.
          const key = `${store}/${first}/${quantity}/${second}`;
          let call = orderCalls.get(key);
          if (!call) {
            const items = [{ listing_id: storeListings[first], quantity }];
            if (second) items.push({ listing_id: storeListings[(first + 1) % storeListings.length], quantity: 1 });
            call = api.tx.commerce.createOrder(store, items, null);
            orderCalls.set(key, call);
          }
          return call;
        });
        orderTxs.push(sign(api.tx.utility.batchAll(calls), buyer));
        placed += count;
      }
    }
    log(`orders: ${orderTxs.length} extrinsics signed`);
    const orders: { id: bigint; buyer: string; seller: string }[] = [];
    await checkPhase('orders', await submitAll(client, orderTxs, options.extrinsicsPerBlock), ({ event }) => {
      if (event.__kind === 'Commerce' && event.value.__kind === 'OrderCreated') {
        orders.push({
          id: event.value.order_id as bigint,
          buyer: hex(event.value.buyer),
          seller: hex(event.value.seller),
        });
      }
    });
    if (orders.length !== options.orders) throw new Error(`expected ${options.orders} orders, found ${orders.length}`);

    // 4. Cancellations (by buyers).
    const bucket = (id: bigint) => Number(id % 100n);
    const cancelled = orders.filter((order) => bucket(order.id) >= 97);
    const shipped = orders.filter((order) => bucket(order.id) < 15);
    const completed = shipped.filter((order) => bucket(order.id) < 10);
    const byAccount = (list: typeof orders, key: 'buyer' | 'seller', accounts: IKeyringPair[]) =>
      accounts.map(
        (account) =>
          [
            account,
            list.filter((order) => order[key] === u8aToHex(account.publicKey)).map((order) => order.id),
          ] as const,
      );
    const batchesOf = (
      groups: ReturnType<typeof byAccount>,
      call: (id: bigint) => Parameters<typeof api.tx.utility.batchAll>[0][number],
    ) =>
      groups.flatMap(([account, ids]) =>
        chunks(ids, CALLS_PER_BATCH).map((part) => sign(api.tx.utility.batchAll(part.map(call)), account)),
      );
    await checkPhase(
      'cancellations',
      await submitAll(
        client,
        batchesOf(byAccount(cancelled, 'buyer', buyers), (id) => api.tx.commerce.cancelOrder(id)),
        EXTRINSICS_PER_BLOCK,
      ),
    );

    // 5. Shipments and confirmations, one day after another (each shipped order is confirmed a few blocks
    // later, long before its escrow would auto-release).
    const firstDay = Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS;
    const dayOf = (order: { id: bigint }) => Number(order.id % BigInt(options.days));
    for (let day = 0; day < options.days; day++) {
      await client.call('dev_timeTravel', [firstDay + day * DAY_MS + 12 * 3_600_000]);
      const toShip = shipped.filter((order) => dayOf(order) === day);
      const ships = batchesOf(byAccount(toShip, 'seller', sellers), (id) => api.tx.commerce.markShipped(id, null));
      await checkPhase(`shipments, day ${day + 1}`, await submitAll(client, ships, EXTRINSICS_PER_BLOCK));
      const toConfirm = completed.filter((order) => dayOf(order) === day);
      const confirms = batchesOf(byAccount(toConfirm, 'buyer', buyers), (id) => api.tx.commerce.confirmDelivery(id));
      await checkPhase(`confirmations, day ${day + 1}`, await submitAll(client, confirms, 150));
    }

    // Count what the squid will index, over every block.
    const headHash = await client.call<string>('chain_getFinalizedHead');
    const head = Number.parseInt((await client.call<{ number: string }>('chain_getHeader', [headHash])).number, 16);
    const hashes: string[] = [];
    for (const numbers of chunks(
      Array.from({ length: head }, (_, index) => index + 1),
      500,
    )) {
      hashes.push(
        ...(await client.batch<string>(numbers.map((number) => ({ method: 'chain_getBlockHash', params: [number] })))),
      );
    }
    const events: Record<string, number> = {};
    let indexedEvents = 0;
    await reader.read(client, hashes, (records) => {
      for (const { event } of records) {
        if (
          INDEXED_PALLETS.has(event.__kind) ||
          (event.__kind === 'System' && event.value.__kind === 'ExtrinsicFailed')
        ) {
          const name = `${event.__kind}.${event.value.__kind}`;
          events[name] = (events[name] ?? 0) + 1;
          indexedEvents++;
        }
      }
    });
    const signedExtrinsics = [...nonces.values()].reduce((sum, nonce) => sum + nonce, 0);
    log(`generated ${head} blocks, ${indexedEvents} indexed events: ${JSON.stringify(events)}`);
    return {
      version: GENERATOR_VERSION,
      options,
      head,
      headHash,
      events,
      indexedEvents,
      signedExtrinsics,
      orders: orders.length,
      shipped: shipped.length,
      completed: completed.length,
      cancelled: cancelled.length,
      sellers: sellers.map((account) => account.address),
      buyers: buyers.map((account) => account.address),
      storeIds,
      listingIds: [...listingsOfStore.values()].flat().map(String),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await Promise.allSettled([client.close(), signer.disconnect()]);
    await devnet.stop();
  }
}
