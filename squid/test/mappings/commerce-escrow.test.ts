/**
 * The Commerce and Escrow mappings against a real devnet, Postgres, processor and GraphQL server: a full
 * order lifecycle (stores, listings, orders shipped and confirmed, receipts, ratings, both cancel paths,
 * an auto-release, a dispute ruled 50/50) and direct escrows (release, refund, split by root, auto-release).
 * Every Store, Listing, Order and Escrow served over GraphQL must equal the chain's storage at the indexed
 * block, field by field; the derived figures (account volumes and ratings, daily sales, units sold,
 * timelines, payouts, receipts, reviews, parameters) must equal what the chain's own records imply.
 */
import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BZR,
  CID,
  connect,
  type DevAccounts,
  derivedAccounts,
  devAccounts,
  eventFields,
  expectOutcome,
  headNumber,
  type Json,
  newBlocks,
  nextBlockIs,
  type Outcome,
  readChainProjection,
  roundFloat,
  sudo,
  theEvent,
  timeTravel,
} from '../scenario/index.ts';
import { gql, requireBuild, type Squid, startSquid, startTestDevnet, waitForIndexedHeight } from '../support/index.ts';

const PLATFORM_FEE = 30_000; // 3%, set by root at the start
const DAY = 86_400_000;

/** `Permill * amount` as FRAME rounds it (nearest, halves down). */
function permillOf(parts: number, amount: bigint): bigint {
  const product = amount * BigInt(parts);
  const quotient = product / 1_000_000n;
  return (product % 1_000_000n) * 2n > 1_000_000n ? quotient + 1n : quotient;
}

type Row = { [key: string]: Json };
const id = (value: unknown) => (value as { id: string } | null)?.id ?? null;

interface Lifecycle {
  readonly head: number;
  readonly headHash: string;
  readonly orders: Record<'o1' | 'o2' | 'o3' | 'o4' | 'o5' | 'o6' | 'o7', string>;
  readonly escrows: Record<'release' | 'refund' | 'split' | 'auto', string>;
  readonly listings: Record<'l1' | 'l2' | 'l3' | 'l4' | 'l5', string>;
  /** Block hash of each order's completion (confirmation or auto-release). */
  readonly completedAt: Record<string, string>;
}

let devnet: Awaited<ReturnType<typeof startTestDevnet>>;
let squid: Squid;
let api: ApiPromise;
let url: string;
let life: Lifecycle;

async function runLifecycle(accounts: DevAccounts, halfway: () => void): Promise<Lifecycle> {
  const { alice, bob, charlie, dave, eve, ferdie } = accounts;
  const tx = api.tx;
  const ok = (extrinsic: Parameters<typeof expectOutcome>[1], signer: KeyringPair) =>
    expectOutcome(api, extrinsic, signer);
  const storeOf = (outcome: Outcome) => Number(theEvent(outcome, 'Commerce.StoreCreated').storeId);
  const listingOf = (outcome: Outcome) => String(theEvent(outcome, 'Commerce.ListingCreated').listingId);
  const escrowOf = (outcome: Outcome) => String(theEvent(outcome, 'Escrow.Locked').escrowId);
  const order = async (buyer: KeyringPair, store: number, items: [string, number][], shipping: string | null) => {
    const outcome = await ok(
      tx.commerce.createOrder(
        store,
        items.map(([listingId, quantity]) => ({ listingId, quantity })),
        shipping,
      ),
      buyer,
    );
    return String(theEvent(outcome, 'Commerce.OrderPaid').orderId);
  };

  await sudo(api, alice, tx.commerce.setPlatformFee(PLATFORM_FEE));
  const aliceStore = storeOf(
    await ok(tx.commerce.createStore('Loja da Alice', CID.v1, new Uint8Array(32).fill(1)), alice),
  );
  const daveStore = storeOf(await ok(tx.commerce.createStore('Dave', CID.v0, new Uint8Array(32).fill(2)), dave));
  await ok(tx.commerce.updateStore(daveStore, 'Dave & Filhos — ação', CID.v1Base58, new Uint8Array(32).fill(3)), dave);
  const ferdieStore = storeOf(await ok(tx.commerce.createStore('Pop-up', CID.v1Raw, new Uint8Array(32)), ferdie));
  await ok(tx.commerce.closeStore(ferdieStore), ferdie);

  // Listings in one batch (one processor batch sees them created and ordered), one updated, one removed.
  const created = await ok(
    tx.utility.batch([
      tx.commerce.createListing(aliceStore, 10n * BZR, 50, CID.v0),
      tx.commerce.createListing(aliceStore, 3n * BZR + 500_000n, 20, CID.v1),
      tx.commerce.createListing(aliceStore, 7n * BZR, 5, CID.v1Raw),
    ]),
    alice,
  );
  const [l1, l2, l3] = eventFields(created, 'Commerce.ListingCreated').map((event) => String(event.listingId));
  const l4 = listingOf(await ok(tx.commerce.createListing(daveStore, 25n * BZR, 10, CID.v1Base16), dave));
  const l5 = listingOf(await ok(tx.commerce.createListing(daveStore, 1n * BZR, 100, CID.v0), dave));
  await ok(tx.commerce.updateListing(l2, 4n * BZR, 30, CID.v1Base58), alice);
  await ok(tx.commerce.removeListing(l3), alice);

  const completedAt: Record<string, string> = {};
  // O1: Bob buys two listings of Alice: shipped, confirmed, receipt, five stars with a review.
  const o1 = await order(
    bob,
    aliceStore,
    [
      [l1, 2],
      [l2, 1],
    ],
    CID.v1Raw,
  );
  await ok(tx.commerce.markShipped(o1, CID.v1Base58), alice);
  completedAt[o1] = (await ok(tx.commerce.confirmDelivery(o1), bob)).blockHash;
  await ok(tx.commerce.mintReceipt(o1, CID.v1), alice);
  await ok(tx.commerce.rateSeller(o1, 5, CID.v0), bob);

  // O2: Charlie cancels while Paid (stock restored). O3: Dave cancels once shipped (stock not restored).
  const o2 = await order(charlie, aliceStore, [[l2, 3]], null);
  await ok(tx.commerce.cancelOrder(o2), charlie);
  const o3 = await order(eve, daveStore, [[l4, 1]], CID.v0);
  await ok(tx.commerce.markShipped(o3, null), dave);
  await ok(tx.commerce.cancelOrder(o3), dave);
  // Everything so far reaches the processor in one batch; what follows, block by block.
  halfway();

  // O7: Bob buys from Alice, who cancels it while Paid (stock restored), in blocks after O7's.
  const o7 = await order(
    bob,
    aliceStore,
    [
      [l2, 2],
      [l1, 1],
    ],
    null,
  );
  await ok(tx.commerce.cancelOrder(o7), alice);

  // O4: Bob buys from Dave a day later; shipped and left to auto-release (no extrinsic completes it).
  await timeTravel(api, Date.now() + DAY);
  const o4 = await order(
    bob,
    daveStore,
    [
      [l4, 2],
      [l5, 7],
    ],
    CID.v1,
  );
  const shipped = await ok(tx.commerce.markShipped(o4, CID.v1), dave);
  const autoReleaseAt = Number(theEvent(shipped, 'Commerce.OrderShipped').autoReleaseAt);

  // O5: Charlie buys from Dave, confirmed two days later, rated without a review.
  const o5 = await order(charlie, daveStore, [[l5, 1]], null);
  await ok(tx.commerce.markShipped(o5, null), dave);
  await timeTravel(api, Date.now() + 2 * DAY);
  completedAt[o5] = (await ok(tx.commerce.confirmDelivery(o5), charlie)).blockHash;
  await ok(tx.commerce.rateSeller(o5, 3, null), charlie);

  // O6: Eve buys from Dave and disputes while Paid; no juror votes, so the ruling is 50/50 (Resolved).
  const jurors = derivedAccounts('CommerceEscrowJuror', 5);
  await sudo(
    api,
    alice,
    tx.utility.batch(jurors.map((juror) => tx.balances.forceSetBalance(juror.address, 1_000n * BZR))),
  );
  for (const juror of jurors) await ok(tx.dispute.registerJuror(200n * BZR), juror);
  const o6 = await order(eve, daveStore, [[l5, 4]], CID.v0);
  const opened = await ok(tx.dispute.openDispute(o6, CID.v1), eve);
  const disputeId = String(theEvent(opened, 'Dispute.DisputeOpened').disputeId);
  const { appealEnd } = theEvent(opened, 'Dispute.JurorsSelected') as { appealEnd: number };
  await nextBlockIs(api, appealEnd);
  await ok(tx.dispute.executeRuling(disputeId), ferdie);

  // Direct escrows: released by the depositor, refunded by the beneficiary, split by root, auto-released.
  const release = escrowOf(await ok(tx.escrow.lock(charlie.address, 12n * BZR, null, null), bob));
  await ok(tx.escrow.release(release), bob);
  const refund = escrowOf(await ok(tx.escrow.lock(eve.address, 8n * BZR, null, null), charlie));
  await ok(tx.escrow.refund(refund), eve);
  const split = escrowOf(await ok(tx.escrow.lock(ferdie.address, 20n * BZR, null, null), eve));
  await sudo(
    api,
    alice,
    tx.escrow.splitRelease(split, [
      [ferdie.address, 600_000],
      [eve.address, 400_000],
    ]),
  );
  const auto = escrowOf(await ok(tx.escrow.lock(dave.address, 5n * BZR, null, 5), bob));

  // Past both auto-releases.
  const escrowDue = (await api.query.escrow.escrows(auto)).unwrap().autoReleaseAt.unwrap().toNumber();
  const last = Math.max(autoReleaseAt, escrowDue);
  if ((await headNumber(api)) < last) await newBlocks(api, last - (await headNumber(api)));
  const orderEscrow = (await api.query.commerce.orders(o4)).unwrap();
  if (!orderEscrow.status.isCompleted) throw new Error(`O4 is ${orderEscrow.status.type}, not auto-released`);
  completedAt[o4] = (await api.rpc.chain.getBlockHash(autoReleaseAt)).toHex();

  const head = await headNumber(api);
  return {
    head,
    headHash: (await api.rpc.chain.getBlockHash(head)).toHex(),
    orders: { o1, o2, o3, o4, o5, o6, o7 },
    escrows: { release, refund, split, auto },
    listings: { l1, l2, l3, l4, l5 },
    completedAt,
  };
}

/** Every Store, Listing, Order and Escrow over GraphQL, in the shape of readChainProjection. */
async function graphqlProjection(): Promise<Record<'stores' | 'listings' | 'orders' | 'escrows', Map<string, Row>>> {
  const data = await gql<Record<string, Row[]>>(
    url,
    `{
      stores(orderBy: id_ASC, limit: 1000) {
        id owner { id } name metadataCid encryptionKey status ratingSum ratingCount averageRating createdAtBlock
      }
      listings(orderBy: id_ASC, limit: 1000) {
        id store { id } seller { id } price stock metadataCid status createdAtBlock
      }
      orders(orderBy: id_ASC, limit: 1000) {
        id buyer { id } seller { id } store { id } total escrow { id } status shippingCid trackingCid
        createdAtBlock shippedAtBlock autoReleaseAt receipt { cid } rating
        items(limit: 100) { id listing { id } quantity unitPrice subtotal }
      }
      escrows(orderBy: id_ASC, limit: 1000) {
        id depositor { id } beneficiary { id } amount asset status autoReleaseAt order { id } createdAtBlock
      }
    }`,
  );
  const byId = (rows: Row[], map: (row: Row) => Row) => new Map(rows.map((row) => [String(row.id), map(row)]));
  return {
    stores: byId(data.stores, (s) => ({
      ...s,
      owner: id(s.owner),
      averageRating: roundFloat(s.averageRating as number | null),
    })),
    listings: byId(data.listings, (l) => ({ ...l, store: id(l.store), seller: id(l.seller) })),
    orders: byId(data.orders, ({ receipt, ...o }) => ({
      ...o,
      buyer: id(o.buyer),
      seller: id(o.seller),
      store: id(o.store),
      escrow: id(o.escrow),
      receiptCid: (receipt as { cid: string } | null)?.cid ?? null,
      items: (o.items as Row[])
        .map((item): Row => ({ ...item, listing: id(item.listing) }))
        .sort((a, b) => Number(String(a.id).split('-')[1]) - Number(String(b.id).split('-')[1])),
    })),
    escrows: byId(data.escrows, (e) => ({
      ...e,
      depositor: id(e.depositor),
      beneficiary: id(e.beneficiary),
      order: id(e.order),
    })),
  };
}

beforeAll(async () => {
  requireBuild();
  // Finality 3 blocks behind: with instant finality (lag 0) the processor's hot ingestion ignores new heads
  // that are already final and only picks them up later, so the last blocks would not be indexed promptly.
  devnet = await startTestDevnet({ persistent: false, finalityLag: 3 });
  squid = await startSquid({
    rpcEndpoint: devnet.wsUrl,
    graphql: true,
    processorEnv: { RPC_HEAD_POLL_MS: '100' },
    // Whole tables in one query: above the public endpoint's response size limit.
    graphqlEnv: { GQL_MAX_RESPONSE_NODES: '1000000', GQL_MAX_ROOT_FIELDS: '20' },
  });
  if (!squid.graphql) throw new Error('no GraphQL server');
  url = squid.graphql.url;
  api = await connect(devnet.wsUrl);
  // The processor starts once half of the lifecycle is on chain: it indexes that half in one batch (entities
  // created and changed within a batch), then follows the rest block by block (entities of earlier batches).
  await squid.processor.kill();
  life = await runLifecycle(devAccounts(), () => squid.processor.start());
  await waitForIndexedHeight(url, life.head, { context: () => squid.processor.output() });
}, 300_000);

afterAll(async () => {
  await api?.disconnect();
  await squid?.close();
  await devnet?.close();
});

describe('Commerce and Escrow mappings', () => {
  it('serve every Store, Listing, Order and Escrow exactly as the chain stores them', async () => {
    const chain = await readChainProjection(api, life.headHash);
    const served = await graphqlProjection();
    for (const kind of ['stores', 'listings', 'orders', 'escrows'] as const) {
      const expected = [...chain[kind].values()];
      expect(expected.length, kind).toBeGreaterThan(0);
      // Compare the fields the chain stores; the squid adds its own (timestamps, derived figures).
      const actual = expected.map((entity) => {
        const row = served[kind].get(String(entity.id));
        return row ? Object.fromEntries(Object.keys(entity).map((key) => [key, row[key] ?? null])) : null;
      });
      expect(actual, kind).toEqual(expected);
      expect([...served[kind].keys()].sort(), kind).toEqual([...chain[kind].keys()].sort());
    }
    const statuses = Object.fromEntries(
      Object.entries(life.orders).map(([name, orderId]) => [name, chain.orders.get(orderId)?.status]),
    );
    expect(statuses).toEqual({
      o1: 'Completed',
      o2: 'Cancelled',
      o3: 'Cancelled',
      o4: 'Completed',
      o5: 'Completed',
      o6: 'Resolved',
      o7: 'Cancelled',
    });
    expect(
      Object.fromEntries(
        Object.entries(life.escrows).map(([name, escrowId]) => [name, chain.escrows.get(escrowId)?.status]),
      ),
    ).toEqual({ release: 'Released', refund: 'Refunded', split: 'Split', auto: 'Released' });
  });

  it('derive account figures, units sold and daily sales from the orders', async () => {
    const chain = await readChainProjection(api, life.headHash);
    const orders = [...chain.orders.values()] as Row[];
    const { alice, bob, charlie, dave, eve, ferdie } = devAccounts();
    const fee = (total: bigint) => permillOf(PLATFORM_FEE, total);
    const resolvedToSeller = (o: Row) => BigInt(o.total as string) - BigInt(o.total as string) / 2n;

    const expected = (who: string) => {
      const bought = orders.filter((o) => o.buyer === who);
      const sold = orders.filter((o) => o.seller === who);
      const ratings = sold.filter((o) => o.rating !== null).map((o) => o.rating as number);
      const ratingSum = ratings.reduce((sum, stars) => sum + stars, 0);
      return {
        id: who,
        purchases: bought.length,
        purchasesVolume: bought
          .filter((o) => o.status === 'Completed')
          .reduce((sum, o) => sum + BigInt(o.total as string), 0n)
          .toString(),
        sales: sold.length,
        salesCompleted: sold.filter((o) => o.status === 'Completed' || o.status === 'Resolved').length,
        salesVolume: sold
          .reduce((sum, o) => {
            const total = BigInt(o.total as string);
            if (o.status === 'Completed') return sum + total - fee(total);
            if (o.status === 'Resolved') return sum + resolvedToSeller(o);
            return sum;
          }, 0n)
          .toString(),
        ratingSum,
        ratingCount: ratings.length,
        averageRating: ratings.length ? roundFloat(ratingSum / ratings.length) : null,
        reviewsWritten: bought.filter((o) => o.rating !== null).length,
      };
    };
    const people = [alice, bob, charlie, dave, eve, ferdie].map((pair) => pair.address);
    const { accounts } = await gql<{ accounts: Row[] }>(
      url,
      `query($ids: [String!]) { accounts(where: { id_in: $ids }, orderBy: id_ASC, limit: 100) {
        id purchases purchasesVolume sales salesCompleted salesVolume ratingSum ratingCount averageRating reviewsWritten
      } }`,
      { ids: people },
    );
    expect(accounts.map((a) => ({ ...a, averageRating: roundFloat(a.averageRating as number | null) }))).toEqual(
      [...people].sort().map(expected),
    );
    // The figures are not trivially zero: Alice and Dave sold, Bob and Charlie bought and rated.
    expect(expected(dave.address).salesCompleted).toBe(3);
    expect(expected(alice.address).ratingSum).toBe(5);

    // unitsSold: the quantities of the orders that include the listing, cancelled ones excepted.
    const unitsSold = new Map<string, number>();
    for (const o of orders) {
      if (o.status === 'Cancelled') continue;
      for (const item of o.items as Row[]) {
        unitsSold.set(String(item.listing), (unitsSold.get(String(item.listing)) ?? 0) + Number(item.quantity));
      }
    }
    const { listings } = await gql<{ listings: Row[] }>(
      url,
      '{ listings(orderBy: id_ASC, limit: 1000) { id unitsSold } }',
    );
    expect(listings).toEqual(listings.map((l) => ({ id: l.id, unitsSold: String(unitsSold.get(String(l.id)) ?? 0) })));
    expect(unitsSold.get(life.listings.l5)).toBe(7 + 1 + 4);

    // SellerDailySales: completed orders by the UTC day of their completion block.
    const days = new Map<string, { seller: string; day: string; orders: number; gross: bigint; fees: bigint }>();
    for (const [orderId, blockHash] of Object.entries(life.completedAt)) {
      const o = chain.orders.get(orderId) as Row;
      const now = (await (await api.at(blockHash)).query.timestamp.now()).toNumber();
      const day = new Date(now).toISOString().slice(0, 10);
      const key = `${o.seller}-${day}`;
      const entry = days.get(key) ?? { seller: String(o.seller), day, orders: 0, gross: 0n, fees: 0n };
      const total = BigInt(o.total as string);
      days.set(key, { ...entry, orders: entry.orders + 1, gross: entry.gross + total, fees: entry.fees + fee(total) });
    }
    // Alice's day, and Dave's day(s) two days later (O5 confirmed, then O4 auto-released).
    expect(days.size).toBeGreaterThanOrEqual(2);
    const { sellerDailySales } = await gql<{ sellerDailySales: Row[] }>(
      url,
      '{ sellerDailySales(orderBy: id_ASC, limit: 100) { id seller { id } day orders gross platformFees net } }',
    );
    expect(sellerDailySales).toEqual(
      [...days.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, d]) => ({
          id: key,
          seller: { id: d.seller },
          day: `${d.day}T00:00:00.000000Z`,
          orders: d.orders,
          gross: d.gross.toString(),
          platformFees: d.fees.toString(),
          net: (d.gross - d.fees).toString(),
        })),
    );
  });

  it('record each order status change in order, with its event', async () => {
    const { orderStatusChanges } = await gql<{ orderStatusChanges: Row[] }>(
      url,
      `{ orderStatusChanges(orderBy: id_ASC, limit: 1000) {
        id order { id } status blockNumber extrinsicHash event { id pallet name blockNumber extrinsicHash }
      } }`,
    );
    const timeline = (orderId: string) =>
      orderStatusChanges.filter((change) => id(change.order) === orderId).map((change) => change.status);
    const { o1, o2, o3, o4, o5, o6, o7 } = life.orders;
    expect(timeline(o1)).toEqual(['Paid', 'Shipped', 'Completed']);
    expect(timeline(o2)).toEqual(['Paid', 'Cancelled']);
    expect(timeline(o3)).toEqual(['Paid', 'Shipped', 'Cancelled']);
    expect(timeline(o4)).toEqual(['Paid', 'Shipped', 'Completed']);
    expect(timeline(o5)).toEqual(['Paid', 'Shipped', 'Completed']);
    expect(timeline(o6)).toEqual(['Paid', 'Disputed', 'Resolved']);
    expect(timeline(o7)).toEqual(['Paid', 'Cancelled']);
    for (const change of orderStatusChanges) {
      const event = change.event as Row;
      expect(event.id).toBe(change.id);
      expect(event.blockNumber).toBe(change.blockNumber);
      expect(event.extrinsicHash).toBe(change.extrinsicHash);
    }
    const eventOf = (orderId: string, status: string) =>
      (orderStatusChanges.find((c) => id(c.order) === orderId && c.status === status)?.event as Row | undefined) ?? {};
    expect(eventOf(o1, 'Paid')).toMatchObject({ pallet: 'Commerce', name: 'OrderPaid' });
    expect(eventOf(o6, 'Disputed')).toMatchObject({ pallet: 'Escrow', name: 'Frozen' });
    expect(eventOf(o6, 'Resolved')).toMatchObject({ pallet: 'Escrow', name: 'SplitReleased' });
    // The auto-release is the chain's own doing: no extrinsic.
    expect(eventOf(o4, 'Completed')).toMatchObject({ pallet: 'Commerce', name: 'OrderCompleted', extrinsicHash: null });
  });

  it('record escrow payouts, receipts, reviews, content references and parameters', async () => {
    const { dave, eve, ferdie, charlie, bob, alice } = devAccounts();
    const data = await gql<{ escrowPayouts: Row[]; receipts: Row[]; reviews: Row[]; chainParameters: Row[] }>(
      url,
      `{
        escrowPayouts(orderBy: id_ASC, limit: 1000) { escrow { id } kind to { id } amount platformFee extrinsicHash }
        receipts(limit: 100) { id order { id } cid content { id status } mintedBy { id } }
        reviews(orderBy: id_ASC, limit: 100) { id order { id } store { id } buyer { id } stars reviewCid content { id status } }
        chainParameters(limit: 10) { id platformFee cashbackRate }
      }`,
    );
    const payouts = (escrowId: string) =>
      data.escrowPayouts
        .filter((p) => id(p.escrow) === escrowId)
        .map((p) => ({ kind: p.kind, to: id(p.to), amount: p.amount, platformFee: p.platformFee }));
    const { release, refund, split, auto } = life.escrows;
    expect(payouts(release)).toEqual([
      { kind: 'Release', to: charlie.address, amount: String(12n * BZR), platformFee: '0' },
    ]);
    expect(payouts(refund)).toEqual([
      { kind: 'Refund', to: charlie.address, amount: String(8n * BZR), platformFee: '0' },
    ]);
    expect(payouts(split)).toEqual([
      { kind: 'Split', to: ferdie.address, amount: String(12n * BZR), platformFee: '0' },
      { kind: 'Split', to: eve.address, amount: String(8n * BZR), platformFee: '0' },
    ]);
    expect(payouts(auto)).toEqual([
      { kind: 'AutoRelease', to: dave.address, amount: String(5n * BZR), platformFee: '0' },
    ]);

    const chain = await readChainProjection(api, life.headHash);
    const orderEscrow = (orderId: string) => String(chain.orders.get(orderId)?.escrow);
    const o4Total = BigInt(chain.orders.get(life.orders.o4)?.total as string);
    const o4Fee = permillOf(PLATFORM_FEE, o4Total);
    expect(payouts(orderEscrow(life.orders.o4))).toEqual([
      { kind: 'AutoRelease', to: dave.address, amount: String(o4Total - o4Fee), platformFee: String(o4Fee) },
    ]);
    const o6Total = BigInt(chain.orders.get(life.orders.o6)?.total as string);
    expect(payouts(orderEscrow(life.orders.o6))).toEqual([
      { kind: 'Split', to: eve.address, amount: String(o6Total / 2n), platformFee: '0' },
      { kind: 'Split', to: dave.address, amount: String(o6Total - o6Total / 2n), platformFee: '0' },
    ]);
    expect(payouts(orderEscrow(life.orders.o2))).toEqual([
      { kind: 'Refund', to: charlie.address, amount: chain.orders.get(life.orders.o2)?.total, platformFee: '0' },
    ]);

    expect(data.receipts).toEqual([
      {
        id: life.orders.o1,
        order: { id: life.orders.o1 },
        cid: CID.v1,
        content: { id: CID.v1, status: 'Pending' },
        mintedBy: { id: alice.address },
      },
    ]);
    const aliceStore = chain.orders.get(life.orders.o1)?.store;
    const daveStore = chain.orders.get(life.orders.o5)?.store;
    expect(data.reviews).toEqual([
      {
        id: life.orders.o1,
        order: { id: life.orders.o1 },
        store: { id: aliceStore },
        buyer: { id: bob.address },
        stars: 5,
        reviewCid: CID.v0,
        content: { id: CID.v0, status: 'Pending' },
      },
      {
        id: life.orders.o5,
        order: { id: life.orders.o5 },
        store: { id: daveStore },
        buyer: { id: charlie.address },
        stars: 3,
        reviewCid: null,
        content: null,
      },
    ]);
    expect(data.chainParameters).toEqual([{ id: 'bazari', platformFee: PLATFORM_FEE, cashbackRate: 10_000 }]);

    const { stores, listings } = await gql<{ stores: Row[]; listings: Row[] }>(
      url,
      `{ stores(orderBy: id_ASC, limit: 1000) { id metadataCid profile { id status } }
         listings(orderBy: id_ASC, limit: 1000) { id metadataCid content { id status } } }`,
    );
    for (const store of stores) expect(store.profile).toEqual({ id: store.metadataCid, status: 'Pending' });
    for (const listing of listings) expect(listing.content).toEqual({ id: listing.metadataCid, status: 'Pending' });
  });
});
