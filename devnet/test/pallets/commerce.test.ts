/**
 * `pallet_commerce` on the devnet through @polkadot/api: the whole happy path with its money movements,
 * every forbidden transition and unauthorised caller (named error, nothing changed), cancellations,
 * the auto-release that completes an order from `on_initialize`, CID validation and honest weights.
 */
import type { EventRecord } from '@polkadot/types/interfaces';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ITEMS_PER_ORDER } from '../../src/runtime/pallets/commerce.ts';
import {
  BAD_CIDS,
  BZR,
  CID,
  confirm,
  createListing,
  createOrder,
  createStore,
  ENCRYPTION_KEY,
  ESCROW_ACCOUNT,
  events,
  expectFailure,
  fields,
  freeBalance,
  type Harness,
  newBlocks,
  ok,
  order,
  paidOrder,
  ship,
  startHarness,
  submit,
  sudo,
  TREASURY_ACCOUNT,
  zariBalance,
} from './fixtures.ts';

let harness: Harness;

const text = (value: string) => value;

/** The Commerce, Escrow and Rewards events of an outcome, in order. */
function bazariEvents(outcome: { events: readonly EventRecord[] }): string[] {
  return outcome.events
    .map(({ event }) => `${event.section}.${event.method}`)
    .filter((name) => /^(commerce|escrow|rewards)\./.test(name));
}

function feePaid(outcome: { events: readonly EventRecord[] }): bigint {
  const [paid] = events(outcome, 'transactionPayment.TransactionFeePaid');
  return BigInt(fields(paid).actualFee as string | number);
}

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('constants', () => {
  it('match the metadata and the weights mirror', () => {
    const { api } = harness;
    expect(api.consts.commerce.maxItemsPerOrder.toNumber()).toBe(MAX_ITEMS_PER_ORDER);
    expect(api.consts.commerce.autoReleaseBlocks.toNumber()).toBe(100);
    expect(api.consts.commerce.maxPlatformFee.toNumber()).toBe(200_000);
  });
});

describe('the happy path', () => {
  it('store → listing → order (funds locked) → ship → confirm (fee, seller, cashback) → receipt → rating', async () => {
    const { api, accounts } = harness;
    const { bob: seller, charlie: buyer } = accounts;

    // Store.
    const created = await ok(
      submit(api, api.tx.commerce.createStore(text('Feira do Bob'), CID.v1, ENCRYPTION_KEY), seller),
    );
    const [storeCreated] = events(created, 'commerce.StoreCreated');
    const storeId = Number(fields(storeCreated).storeId);
    expect(fields(storeCreated)).toMatchObject({
      owner: seller.address,
      metadataCid: api.createType('Bytes', CID.v1).toHex(),
    });
    const store = (await api.query.commerce.stores(storeId)).unwrap();
    expect(store.owner.toString()).toBe(seller.address);
    expect(store.status.isOpen).toBe(true);
    expect(store.encryptionKey.toU8a()).toEqual(ENCRYPTION_KEY);
    expect((await api.query.commerce.storesByOwner(seller.address, storeId)).isSome).toBe(true);

    // Listing.
    const listingId = await createListing(harness, seller, storeId, 10n * BZR, 5);
    expect((await api.query.commerce.listingsByStore(storeId, listingId)).isSome).toBe(true);

    // Order: one signature creates and pays it.
    const escrowBefore = await freeBalance(api, ESCROW_ACCOUNT);
    const buyerBefore = await freeBalance(api, buyer.address);
    const placed = await createOrder(harness, buyer, storeId, [[listingId, 2]], CID.v1Raw);
    expect(bazariEvents(placed.outcome)).toEqual(['commerce.OrderCreated', 'escrow.Locked', 'commerce.OrderPaid']);
    const [orderCreated] = events(placed.outcome, 'commerce.OrderCreated');
    expect(fields(orderCreated)).toMatchObject({
      orderId: Number(placed.orderId),
      buyer: buyer.address,
      seller: seller.address,
      storeId,
      items: [{ listingId: Number(listingId), quantity: 2, unitPrice: Number(10n * BZR) }],
      total: Number(20n * BZR),
      shippingCid: api.createType('Bytes', CID.v1Raw).toHex(),
    });
    const [locked] = events(placed.outcome, 'escrow.Locked');
    expect(fields(locked)).toMatchObject({
      escrowId: Number(placed.escrowId),
      depositor: buyer.address,
      beneficiary: seller.address,
      amount: Number(20n * BZR),
      asset: null,
      autoReleaseAt: null,
      orderId: Number(placed.orderId),
    });
    expect(await freeBalance(api, ESCROW_ACCOUNT)).toBe(escrowBefore + 20n * BZR);
    expect(await freeBalance(api, buyer.address)).toBe(buyerBefore - 20n * BZR - feePaid(placed.outcome));
    expect((await api.query.commerce.listings(listingId)).unwrap().stock.toNumber()).toBe(3);
    const paid = await order(api, placed.orderId);
    expect(paid.status.isPaid).toBe(true);
    expect(paid.total.toBigInt()).toBe(20n * BZR);
    expect((await api.query.commerce.ordersByBuyer(buyer.address, placed.orderId)).isSome).toBe(true);
    expect((await api.query.commerce.ordersBySeller(seller.address, placed.orderId)).isSome).toBe(true);

    // Shipping schedules the auto-release.
    const shipped = await ship(harness, seller, placed.orderId);
    expect(bazariEvents(shipped)).toEqual(['escrow.AutoReleaseScheduled', 'commerce.OrderShipped']);
    const header = await api.rpc.chain.getHeader(shipped.blockHash);
    const dueAt = header.number.toNumber() + 100;
    expect(fields(events(shipped, 'commerce.OrderShipped')[0])).toMatchObject({
      orderId: Number(placed.orderId),
      trackingCid: api.createType('Bytes', CID.v1Base58).toHex(),
      autoReleaseAt: dueAt,
    });
    expect((await api.query.escrow.escrowsDueAt(dueAt)).map((id) => id.toBigInt())).toEqual([placed.escrowId]);

    // Confirmation: 5% to the treasury, the rest to the seller, 1% cashback in ZARI to the buyer.
    const sellerBefore = await freeBalance(api, seller.address);
    const treasuryBefore = await freeBalance(api, TREASURY_ACCOUNT);
    const confirmed = await confirm(harness, buyer, placed.orderId);
    expect(bazariEvents(confirmed)).toEqual(['escrow.Released', 'commerce.OrderCompleted', 'rewards.CashbackMinted']);
    expect(fields(events(confirmed, 'escrow.Released')[0])).toMatchObject({
      escrowId: Number(placed.escrowId),
      to: seller.address,
      amount: Number(19n * BZR),
      platformFee: Number(1n * BZR),
    });
    expect(fields(events(confirmed, 'commerce.OrderCompleted')[0])).toEqual({
      orderId: Number(placed.orderId),
      sellerAmount: Number(19n * BZR),
      platformFee: Number(1n * BZR),
    });
    expect(fields(events(confirmed, 'rewards.CashbackMinted')[0])).toEqual({
      user: buyer.address,
      amount: Number(BZR / 5n),
      reason: { orderCompleted: null },
      orderId: Number(placed.orderId),
    });
    expect(await freeBalance(api, seller.address)).toBe(sellerBefore + 19n * BZR);
    expect(await freeBalance(api, TREASURY_ACCOUNT)).toBe(treasuryBefore + BZR + feePaid(confirmed));
    expect(await freeBalance(api, ESCROW_ACCOUNT)).toBe(escrowBefore);
    expect(await zariBalance(api, buyer.address)).toBe(BZR / 5n);
    expect((await order(api, placed.orderId)).status.isCompleted).toBe(true);
    expect((await api.query.escrow.escrows(placed.escrowId)).unwrap().status.isReleased).toBe(true);
    expect((await api.query.escrow.escrowsDueAt(dueAt)).length).toBe(0);

    // Receipt (by either party, once) and rating (by the buyer, once).
    const receipt = await ok(submit(api, api.tx.commerce.mintReceipt(placed.orderId, CID.v0), seller));
    expect(fields(events(receipt, 'commerce.ReceiptMinted')[0])).toEqual({
      orderId: Number(placed.orderId),
      receiptCid: api.createType('Bytes', CID.v0).toHex(),
      by: seller.address,
    });
    const rated = await ok(submit(api, api.tx.commerce.rateSeller(placed.orderId, 5, CID.v1), buyer));
    expect(fields(events(rated, 'commerce.SellerRated')[0])).toEqual({
      orderId: Number(placed.orderId),
      storeId,
      buyer: buyer.address,
      stars: 5,
      reviewCid: api.createType('Bytes', CID.v1).toHex(),
    });
    const ratedStore = (await api.query.commerce.stores(storeId)).unwrap();
    expect([ratedStore.ratingSum.toNumber(), ratedStore.ratingCount.toNumber()]).toEqual([5, 1]);
    const final = await order(api, placed.orderId);
    expect(final.rating.unwrap().toNumber()).toBe(5);
    expect(final.receiptCid.unwrap().toUtf8()).toBe(CID.v0);
  });

  it('updates and closes stores, updates and removes listings', async () => {
    const { api, accounts } = harness;
    const storeId = await createStore(harness, accounts.eve);
    const updated = await ok(
      submit(
        api,
        api.tx.commerce.updateStore(storeId, text('Nova Loja'), CID.v0, new Uint8Array(32).fill(1)),
        accounts.eve,
      ),
    );
    expect(fields(events(updated, 'commerce.StoreUpdated')[0])).toMatchObject({
      storeId,
      name: api.createType('Bytes', 'Nova Loja').toHex(),
    });
    const listingId = await createListing(harness, accounts.eve, storeId, 3n * BZR, 2);
    const listingUpdated = await ok(
      submit(api, api.tx.commerce.updateListing(listingId, 4n * BZR, 9, CID.v1), accounts.eve),
    );
    expect(fields(events(listingUpdated, 'commerce.ListingUpdated')[0])).toMatchObject({
      listingId: Number(listingId),
      price: Number(4n * BZR),
      stock: 9,
    });
    const removed = await ok(submit(api, api.tx.commerce.removeListing(listingId), accounts.eve));
    expect(bazariEvents(removed)).toEqual(['commerce.ListingRemoved']);
    const closed = await ok(submit(api, api.tx.commerce.closeStore(storeId), accounts.eve));
    expect(bazariEvents(closed)).toEqual(['commerce.StoreClosed']);
    expect((await api.query.commerce.stores(storeId)).unwrap().status.isClosed).toBe(true);
  });
});

describe('forbidden transitions and unauthorised callers fail with their named error and change nothing', () => {
  it('stores and listings', async () => {
    const { api, accounts } = harness;
    const { bob, dave } = accounts;
    const storeId = await createStore(harness, bob);
    const listingId = await createListing(harness, bob, storeId, BZR, 1);

    await expectFailure(
      harness,
      api.tx.commerce.createStore(new Uint8Array(), CID.v1, ENCRYPTION_KEY),
      dave,
      'commerce.EmptyName',
    );
    await expectFailure(
      harness,
      api.tx.commerce.createStore(text('x'.repeat(65)), CID.v1, ENCRYPTION_KEY),
      dave,
      'commerce.NameTooLong',
    );
    await expectFailure(
      harness,
      api.tx.commerce.updateStore(storeId, text('mine'), CID.v1, ENCRYPTION_KEY),
      dave,
      'commerce.NotStoreOwner',
    );
    await expectFailure(
      harness,
      api.tx.commerce.updateStore(999, text('mine'), CID.v1, ENCRYPTION_KEY),
      dave,
      'commerce.StoreNotFound',
    );
    await expectFailure(harness, api.tx.commerce.closeStore(storeId), dave, 'commerce.NotStoreOwner');
    await expectFailure(
      harness,
      api.tx.commerce.createListing(storeId, BZR, 1, CID.v0),
      dave,
      'commerce.NotStoreOwner',
    );
    await expectFailure(harness, api.tx.commerce.createListing(storeId, 0, 1, CID.v0), bob, 'commerce.ZeroPrice');
    await expectFailure(harness, api.tx.commerce.createListing(999, BZR, 1, CID.v0), bob, 'commerce.StoreNotFound');
    await expectFailure(
      harness,
      api.tx.commerce.updateListing(listingId, BZR, 1, CID.v0),
      dave,
      'commerce.NotStoreOwner',
    );
    await expectFailure(harness, api.tx.commerce.updateListing(listingId, 0, 1, CID.v0), bob, 'commerce.ZeroPrice');
    await expectFailure(harness, api.tx.commerce.updateListing(999, BZR, 1, CID.v0), bob, 'commerce.ListingNotFound');
    await expectFailure(harness, api.tx.commerce.removeListing(listingId), dave, 'commerce.NotStoreOwner');

    await ok(submit(api, api.tx.commerce.removeListing(listingId), bob));
    await expectFailure(harness, api.tx.commerce.removeListing(listingId), bob, 'commerce.ListingRemoved');
    await expectFailure(
      harness,
      api.tx.commerce.updateListing(listingId, BZR, 1, CID.v0),
      bob,
      'commerce.ListingRemoved',
    );

    await ok(submit(api, api.tx.commerce.closeStore(storeId), bob));
    await expectFailure(harness, api.tx.commerce.closeStore(storeId), bob, 'commerce.StoreClosed');
    await expectFailure(
      harness,
      api.tx.commerce.updateStore(storeId, text('again'), CID.v1, ENCRYPTION_KEY),
      bob,
      'commerce.StoreClosed',
    );
    await expectFailure(harness, api.tx.commerce.createListing(storeId, BZR, 1, CID.v0), bob, 'commerce.StoreClosed');
  });

  it('create_order', async () => {
    const { api, accounts } = harness;
    const { bob, charlie, dave } = accounts;
    const storeId = await createStore(harness, bob);
    const listing = await createListing(harness, bob, storeId, BZR, 2);
    const removed = await createListing(harness, bob, storeId, BZR, 2);
    await ok(submit(api, api.tx.commerce.removeListing(removed), bob));
    const otherStore = await createStore(harness, dave);
    const foreign = await createListing(harness, dave, otherStore, BZR, 2);
    const huge = await createListing(harness, bob, storeId, 10n ** 30n, 1);
    const closedStore = await createStore(harness, bob);
    const inClosed = await createListing(harness, bob, closedStore, BZR, 1);
    await ok(submit(api, api.tx.commerce.closeStore(closedStore), bob));

    const order = (store: number, items: [bigint, number][], cid: string | null = null) =>
      api.tx.commerce.createOrder(
        store,
        items.map(([listingId, quantity]) => ({ listingId, quantity })),
        cid,
      );
    await expectFailure(harness, order(storeId, []), charlie, 'commerce.EmptyOrder');
    const tooMany = Array.from(
      { length: MAX_ITEMS_PER_ORDER + 1 },
      (_, index) => [BigInt(index), 1] as [bigint, number],
    );
    await expectFailure(harness, order(storeId, tooMany), charlie, 'commerce.TooManyItems');
    await expectFailure(harness, order(storeId, [[listing, 1]], BAD_CIDS.garbage), charlie, 'commerce.InvalidCid');
    await expectFailure(harness, order(999, [[listing, 1]]), charlie, 'commerce.StoreNotFound');
    await expectFailure(harness, order(closedStore, [[inClosed, 1]]), charlie, 'commerce.StoreClosed');
    await expectFailure(harness, order(storeId, [[listing, 1]]), bob, 'commerce.CannotBuyOwnListing');
    await expectFailure(harness, order(storeId, [[listing, 0]]), charlie, 'commerce.ZeroQuantity');
    await expectFailure(
      harness,
      order(storeId, [
        [listing, 1],
        [listing, 1],
      ]),
      charlie,
      'commerce.DuplicateItem',
    );
    await expectFailure(harness, order(storeId, [[999n, 1]]), charlie, 'commerce.ListingNotFound');
    await expectFailure(harness, order(storeId, [[foreign, 1]]), charlie, 'commerce.ListingNotInStore');
    await expectFailure(harness, order(storeId, [[removed, 1]]), charlie, 'commerce.ListingRemoved');
    await expectFailure(harness, order(storeId, [[listing, 3]]), charlie, 'commerce.InsufficientStock');
    await expectFailure(
      harness,
      order(storeId, [
        [listing, 1],
        [huge, 1],
      ]),
      charlie,
      'balances.InsufficientBalance',
    );
  });

  it('order transitions', async () => {
    const { api, accounts } = harness;
    const { bob: seller, charlie: buyer, dave: stranger } = accounts;
    const { orderId } = await paidOrder(harness, seller, buyer);

    await expectFailure(harness, api.tx.commerce.cancelOrder(999), buyer, 'commerce.OrderNotFound');
    await expectFailure(harness, api.tx.commerce.cancelOrder(orderId), stranger, 'commerce.NotOrderParty');
    await expectFailure(harness, api.tx.commerce.markShipped(orderId, null), buyer, 'commerce.NotSeller');
    await expectFailure(
      harness,
      api.tx.commerce.markShipped(orderId, BAD_CIDS.v1Truncated),
      seller,
      'commerce.InvalidCid',
    );
    await expectFailure(harness, api.tx.commerce.confirmDelivery(orderId), buyer, 'commerce.InvalidOrderStatus');
    await expectFailure(harness, api.tx.commerce.mintReceipt(orderId, CID.v0), buyer, 'commerce.InvalidOrderStatus');
    await expectFailure(harness, api.tx.commerce.rateSeller(orderId, 5, null), buyer, 'commerce.InvalidOrderStatus');

    await ship(harness, seller, orderId);
    await expectFailure(harness, api.tx.commerce.markShipped(orderId, null), seller, 'commerce.InvalidOrderStatus');
    await expectFailure(harness, api.tx.commerce.cancelOrder(orderId), buyer, 'commerce.InvalidOrderStatus');
    await expectFailure(harness, api.tx.commerce.confirmDelivery(orderId), seller, 'commerce.NotBuyer');
    await expectFailure(harness, api.tx.commerce.confirmDelivery(orderId), stranger, 'commerce.NotBuyer');

    await confirm(harness, buyer, orderId);
    await expectFailure(harness, api.tx.commerce.confirmDelivery(orderId), buyer, 'commerce.InvalidOrderStatus');
    await expectFailure(harness, api.tx.commerce.cancelOrder(orderId), seller, 'commerce.InvalidOrderStatus');
    await expectFailure(harness, api.tx.commerce.mintReceipt(orderId, CID.v0), stranger, 'commerce.NotOrderParty');
    await expectFailure(harness, api.tx.commerce.mintReceipt(orderId, BAD_CIDS.empty), buyer, 'commerce.InvalidCid');
    await expectFailure(harness, api.tx.commerce.rateSeller(orderId, 4, null), seller, 'commerce.NotBuyer');
    await expectFailure(harness, api.tx.commerce.rateSeller(orderId, 0, null), buyer, 'commerce.InvalidStars');
    await expectFailure(harness, api.tx.commerce.rateSeller(orderId, 6, null), buyer, 'commerce.InvalidStars');
    await expectFailure(
      harness,
      api.tx.commerce.rateSeller(orderId, 3, BAD_CIDS.tooLong),
      buyer,
      'commerce.InvalidCid',
    );

    await ok(submit(api, api.tx.commerce.mintReceipt(orderId, CID.v0), buyer));
    await expectFailure(harness, api.tx.commerce.mintReceipt(orderId, CID.v1), seller, 'commerce.ReceiptAlreadyMinted');
    await ok(submit(api, api.tx.commerce.rateSeller(orderId, 3, null), buyer));
    await expectFailure(harness, api.tx.commerce.rateSeller(orderId, 3, null), buyer, 'commerce.AlreadyRated');
  });

  it('set_platform_fee: root only, at most MaxPlatformFee', async () => {
    const { api, accounts } = harness;
    await expectFailure(harness, api.tx.commerce.setPlatformFee(10_000), accounts.bob, 'BadOrigin');
    await expectFailure(harness, api.tx.commerce.setPlatformFee(200_001), accounts.alice, 'commerce.FeeTooHigh', {
      sudo: true,
    });
    const set = await sudo(api, accounts.alice, api.tx.commerce.setPlatformFee(100_000));
    expect(set.error).toBeNull();
    expect(fields(events(set, 'commerce.PlatformFeeSet')[0])).toEqual({ fee: 100_000 });
    expect((await api.query.commerce.platformFee()).toNumber()).toBe(100_000);

    // A 10% fee on a 7 BZR order.
    const { orderId, escrowId } = await paidOrder(harness, accounts.dave, accounts.eve, 7n * BZR);
    await ship(harness, accounts.dave, orderId);
    const confirmed = await confirm(harness, accounts.eve, orderId);
    expect(fields(events(confirmed, 'escrow.Released')[0])).toMatchObject({
      escrowId: Number(escrowId),
      amount: Number((63n * BZR) / 10n),
      platformFee: Number((7n * BZR) / 10n),
    });
    await ok(sudo(api, accounts.alice, api.tx.commerce.setPlatformFee(50_000)));
  });
});

describe('cancellation', () => {
  it('by the buyer while Paid: full refund, stock restored', async () => {
    const { api, accounts } = harness;
    const { bob: seller, ferdie: buyer } = accounts;
    const { orderId, escrowId, listingId } = await paidOrder(harness, seller, buyer, 5n * BZR, 3);
    expect((await api.query.commerce.listings(listingId)).unwrap().stock.toNumber()).toBe(7);
    const escrowBefore = await freeBalance(api, ESCROW_ACCOUNT);
    const buyerBefore = await freeBalance(api, buyer.address);
    const cancelled = await ok(submit(api, api.tx.commerce.cancelOrder(orderId), buyer));
    expect(bazariEvents(cancelled)).toEqual(['escrow.Refunded', 'commerce.OrderCancelled']);
    expect(fields(events(cancelled, 'escrow.Refunded')[0])).toEqual({
      escrowId: Number(escrowId),
      to: buyer.address,
      amount: Number(15n * BZR),
    });
    expect(fields(events(cancelled, 'commerce.OrderCancelled')[0])).toEqual({
      orderId: Number(orderId),
      by: buyer.address,
      stockRestored: true,
    });
    expect(await freeBalance(api, buyer.address)).toBe(buyerBefore + 15n * BZR - feePaid(cancelled));
    expect(await freeBalance(api, ESCROW_ACCOUNT)).toBe(escrowBefore - 15n * BZR);
    expect((await api.query.commerce.listings(listingId)).unwrap().stock.toNumber()).toBe(10);
    expect((await order(api, orderId)).status.isCancelled).toBe(true);
    await expectFailure(harness, api.tx.commerce.cancelOrder(orderId), seller, 'commerce.InvalidOrderStatus');
  });

  it('by the seller after shipping: refund, stock kept, auto-release unscheduled', async () => {
    const { api, accounts } = harness;
    const { bob: seller, ferdie: buyer } = accounts;
    const { orderId, listingId } = await paidOrder(harness, seller, buyer, 5n * BZR, 2);
    const shipped = await ship(harness, seller, orderId);
    const dueAt = Number(fields(events(shipped, 'commerce.OrderShipped')[0]).autoReleaseAt);
    expect((await api.query.escrow.escrowsDueAt(dueAt)).length).toBe(1);
    const cancelled = await ok(submit(api, api.tx.commerce.cancelOrder(orderId), seller));
    expect(fields(events(cancelled, 'commerce.OrderCancelled')[0])).toEqual({
      orderId: Number(orderId),
      by: seller.address,
      stockRestored: false,
    });
    expect((await api.query.commerce.listings(listingId)).unwrap().stock.toNumber()).toBe(8);
    expect((await api.query.escrow.escrowsDueAt(dueAt)).length).toBe(0);
  });
});

describe('auto-release', () => {
  it('completes a shipped order from on_initialize, exactly as confirm_delivery', async () => {
    const { api, accounts } = harness;
    const { dave: seller, eve: buyer } = accounts;
    const { orderId, escrowId } = await paidOrder(harness, seller, buyer, 40n * BZR);
    const shipped = await ship(harness, seller, orderId);
    const dueAt = Number(fields(events(shipped, 'commerce.OrderShipped')[0]).autoReleaseAt);
    const shippedAt = (await api.rpc.chain.getHeader(shipped.blockHash)).number.toNumber();
    expect(dueAt).toBe(shippedAt + 100);

    const sellerBefore = await freeBalance(api, seller.address);
    const zariBefore = await zariBalance(api, buyer.address);
    await newBlocks(api, dueAt - shippedAt - 1);
    expect((await order(api, orderId)).status.isShipped).toBe(true);
    await newBlocks(api, 1);
    const hash = (await api.rpc.chain.getBlockHash(dueAt)).toHex();
    const records = (await api.query.system.events.at(hash)) as unknown as EventRecord[];
    const initialization = records.filter(({ phase }) => phase.isInitialization);
    expect(bazariEvents({ events: initialization })).toEqual([
      'escrow.AutoReleased',
      'commerce.OrderCompleted',
      'rewards.CashbackMinted',
    ]);
    const [autoReleased] = events({ events: initialization }, 'escrow.AutoReleased');
    expect(fields(autoReleased)).toEqual({
      escrowId: Number(escrowId),
      to: seller.address,
      amount: Number(38n * BZR),
      platformFee: Number(2n * BZR),
    });
    expect(fields(events({ events: initialization }, 'commerce.OrderCompleted')[0])).toEqual({
      orderId: Number(orderId),
      sellerAmount: Number(38n * BZR),
      platformFee: Number(2n * BZR),
    });
    expect((await order(api, orderId)).status.isCompleted).toBe(true);
    expect(await freeBalance(api, seller.address)).toBe(sellerBefore + 38n * BZR);
    expect(await zariBalance(api, buyer.address)).toBe(zariBefore + (40n * BZR) / 100n);
    expect((await api.query.escrow.escrowsDueAt(dueAt)).length).toBe(0);
    expect((await api.query.escrow.autoReleaseCursor()).toNumber()).toBe(0);
    // The buyer can still rate it; nothing releases twice.
    await ok(submit(api, api.tx.commerce.rateSeller(orderId, 4, null), buyer));
    await expectFailure(harness, api.tx.commerce.confirmDelivery(orderId), buyer, 'commerce.InvalidOrderStatus');
  });
});

describe('CIDs', () => {
  it('rejects empty, garbage and too long CIDs with InvalidCid', async () => {
    const { api, accounts } = harness;
    for (const bad of Object.values(BAD_CIDS)) {
      await expectFailure(
        harness,
        api.tx.commerce.createStore(text('cid test'), bad, ENCRYPTION_KEY),
        accounts.dave,
        'commerce.InvalidCid',
      );
    }
  });

  it('accepts real CIDv0 and CIDv1 (base32, base58btc, base16)', async () => {
    const { api, accounts } = harness;
    for (const good of Object.values(CID)) {
      await ok(submit(api, api.tx.commerce.createStore(text('cid test'), good, ENCRYPTION_KEY), accounts.dave));
    }
  });
});

describe('weights', () => {
  it('grow with the items of an order and the length of a CID', async () => {
    const { api, accounts } = harness;
    const weight = async (tx: {
      paymentInfo(address: string): Promise<{ weight: { refTime: { toBigInt(): bigint } } }>;
    }) => (await tx.paymentInfo(accounts.charlie.address)).weight.refTime.toBigInt();
    const items = (count: number) => Array.from({ length: count }, (_, index) => ({ listingId: index, quantity: 1 }));
    const one = await weight(api.tx.commerce.createOrder(0, items(1), null));
    const five = await weight(api.tx.commerce.createOrder(0, items(5), null));
    expect(five).toBeGreaterThan(one);
    const short = await weight(api.tx.commerce.createStore(text('a'), CID.v0, ENCRYPTION_KEY));
    const long = await weight(api.tx.commerce.createStore(text('a'), CID.v1Base16, ENCRYPTION_KEY));
    expect(long).toBeGreaterThan(short);
  });
});
