/**
 * `pallet_rewards` on the devnet through @polkadot/api: cashback on completed orders and by root, missions
 * (Manual and each automatic kind: FirstPurchase, FirstSale, CompletedOrders(n), ReviewsWritten(n)), their
 * limits (max_completions, expiry, closing, the active missions bound) and every error. ZARI's supply is
 * checked to equal what Rewards minted.
 */
import type { EventRecord } from '@polkadot/types/interfaces';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markDisputed, resolveOrder } from '../../src/runtime/pallets/commerce.ts';
import { MAX_ACTIVE_MISSIONS, MAX_ORDER_COMPLETED_WEIGHT } from '../../src/runtime/pallets/rewards.ts';
import { WEIGHTS } from '../../src/runtime/weights.ts';
import {
  BZR,
  blockNumber,
  CID,
  completedOrder,
  events,
  expectFailure,
  fields,
  type Harness,
  newBlocks,
  type Outcome,
  ok,
  paidOrder,
  ship,
  startHarness,
  submit,
  sudo,
  ZARI_ASSET_ID,
  zariBalance,
  zariIssuance,
} from './fixtures.ts';

let harness: Harness;
/** Every ZARI amount Rewards reported minting (CashbackMinted, MissionCompleted). */
let minted = 0n;

function track<T extends { events: readonly EventRecord[] }>(outcome: T): T {
  for (const event of events(outcome, 'rewards.CashbackMinted')) minted += BigInt(fields(event).amount as number);
  for (const event of events(outcome, 'rewards.MissionCompleted')) minted += BigInt(fields(event).reward as number);
  return outcome;
}

async function expectSupplyIsMinted(): Promise<void> {
  expect(await zariIssuance(harness.api)).toBe(minted);
}

type Kind =
  | { Manual: null }
  | { FirstPurchase: null }
  | { FirstSale: null }
  | { CompletedOrders: number }
  | { ReviewsWritten: number };

interface MissionOptions {
  readonly name?: string;
  readonly cid?: string | null;
  readonly reward?: bigint;
  readonly maxCompletions?: number;
  readonly expiresAt?: number | null;
}

function createMissionTx(kind: Kind, options: MissionOptions = {}) {
  return harness.api.tx.rewards.createMission(
    options.name ?? 'Missão',
    options.cid === undefined ? CID.v1 : options.cid,
    options.reward ?? 5n * BZR,
    options.maxCompletions ?? 100,
    options.expiresAt ?? null,
    kind,
  );
}

async function createMission(kind: Kind, options: MissionOptions = {}): Promise<number> {
  const outcome = await sudo(harness.api, harness.accounts.alice, createMissionTx(kind, options));
  expect(outcome.error).toBeNull();
  return Number(fields(events(outcome, 'rewards.MissionCreated')[0]).missionId);
}

function completions(outcome: { events: readonly EventRecord[] }) {
  return events(outcome, 'rewards.MissionCompleted').map(fields);
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
    expect(api.consts.rewards.maxActiveMissions.toNumber()).toBe(MAX_ACTIVE_MISSIONS);
    expect(api.consts.rewards.zariAssetId.toNumber()).toBe(ZARI_ASSET_ID);
  });
});

describe('automatic missions and cashback', () => {
  it('FirstPurchase, FirstSale, CompletedOrders(n) and ReviewsWritten(n) complete when Commerce makes them true', async () => {
    const { api, accounts } = harness;
    const { bob: seller, charlie: buyer } = accounts;
    const firstPurchase = await createMission({ FirstPurchase: null }, { reward: 5n * BZR });
    const firstSale = await createMission({ FirstSale: null }, { reward: 3n * BZR });
    const twoOrders = await createMission({ CompletedOrders: 2 }, { reward: 7n * BZR });
    const twoReviews = await createMission({ ReviewsWritten: 2 }, { reward: 4n * BZR });
    const created = (await api.query.rewards.missions(firstPurchase)).unwrap();
    expect(created.kind.isFirstPurchase).toBe(true);
    expect(created.active.isTrue).toBe(true);
    expect((await api.query.rewards.activeMissions()).map((id) => id.toNumber())).toEqual([
      firstPurchase,
      firstSale,
      twoOrders,
      twoReviews,
    ]);

    // The first order: cashback (1% of 10 BZR), the buyer's first purchase and the seller's first sale.
    const first = await completedOrder(harness, seller, buyer, 10n * BZR);
    track(first.confirmed);
    expect(fields(events(first.confirmed, 'rewards.CashbackMinted')[0])).toEqual({
      user: buyer.address,
      amount: Number(BZR / 10n),
      reason: { orderCompleted: null },
      orderId: Number(first.orderId),
    });
    expect(completions(first.confirmed)).toEqual([
      { missionId: firstPurchase, user: buyer.address, reward: Number(5n * BZR) },
      { missionId: firstSale, user: seller.address, reward: Number(3n * BZR) },
    ]);
    expect(await zariBalance(api, buyer.address)).toBe(BZR / 10n + 5n * BZR);
    expect(await zariBalance(api, seller.address)).toBe(3n * BZR);

    // The second: two completed purchases; nothing completes twice.
    const second = await completedOrder(harness, seller, buyer, 20n * BZR);
    track(second.confirmed);
    expect(completions(second.confirmed)).toEqual([
      { missionId: twoOrders, user: buyer.address, reward: Number(7n * BZR) },
    ]);

    // Reviews: the second one completes ReviewsWritten(2).
    const review1 = track(await ok(submit(api, api.tx.commerce.rateSeller(first.orderId, 5, null), buyer)));
    expect(completions(review1)).toEqual([]);
    const review2 = track(await ok(submit(api, api.tx.commerce.rateSeller(second.orderId, 4, CID.v0), buyer)));
    expect(completions(review2)).toEqual([{ missionId: twoReviews, user: buyer.address, reward: Number(4n * BZR) }]);

    const progress = await api.query.rewards.progress(buyer.address);
    expect(progress.toJSON()).toEqual({ purchasesCompleted: 2, salesCompleted: 0, reviewsWritten: 2 });
    expect((await api.query.rewards.progress(seller.address)).toJSON()).toEqual({
      purchasesCompleted: 0,
      salesCompleted: 2,
      reviewsWritten: 0,
    });
    expect((await api.query.rewards.missionCompletions(firstPurchase, buyer.address)).isSome).toBe(true);
    expect((await api.query.rewards.missions(firstPurchase)).unwrap().completions.toNumber()).toBe(1);
    await expectSupplyIsMinted();
  });

  it('respects max_completions and expiry, silently for automatic missions', async () => {
    const { api, accounts } = harness;
    const { bob: seller, dave, eve } = accounts;
    const head = await blockNumber(api);
    const once = await createMission({ FirstPurchase: null }, { maxCompletions: 1, reward: 2n * BZR });
    const soon = await createMission({ FirstSale: null }, { expiresAt: head + 3, reward: 2n * BZR });
    expect(await blockNumber(api)).toBeGreaterThanOrEqual(head + 2);
    await newBlocks(api, 1);

    // Dave's first purchase fills `once`; Eve's finds it full. `soon` has expired for Dave's first sale.
    const daves = track((await completedOrder(harness, seller, dave)).confirmed);
    expect(completions(daves).filter(({ missionId }) => missionId === once)).toEqual([
      { missionId: once, user: dave.address, reward: Number(2n * BZR) },
    ]);
    const eves = track((await completedOrder(harness, seller, eve)).confirmed);
    expect(completions(eves).filter(({ missionId }) => missionId === once)).toEqual([]);
    const evesSale = track((await completedOrder(harness, eve, dave)).confirmed);
    expect(completions(evesSale).filter(({ missionId }) => missionId === soon)).toEqual([]);
    expect((await api.query.rewards.missions(once)).unwrap().completions.toNumber()).toBe(1);
    expect((await api.query.rewards.missions(soon)).unwrap().completions.toNumber()).toBe(0);

    for (const id of [once, soon]) await ok(sudo(api, accounts.alice, api.tx.rewards.closeMission(id)));
    await expectSupplyIsMinted();
  });

  it('cashback follows CashbackRate; zero mints nothing; an auto-released order gets it too', async () => {
    const { api, accounts } = harness;
    const { ferdie: seller, eve: buyer, alice } = accounts;
    const set = await sudo(api, alice, api.tx.rewards.setCashbackRate(25_000));
    expect(fields(events(set, 'rewards.CashbackRateSet')[0])).toEqual({ rate: 25_000 });
    const order = await completedOrder(harness, seller, buyer, 8n * BZR);
    track(order.confirmed);
    expect(fields(events(order.confirmed, 'rewards.CashbackMinted')[0]).amount).toBe(Number((8n * BZR * 25n) / 1000n));

    await ok(sudo(api, alice, api.tx.rewards.setCashbackRate(0)));
    const none = await completedOrder(harness, seller, buyer, 8n * BZR);
    expect(events(none.confirmed, 'rewards.CashbackMinted')).toEqual([]);
    expect(events(none.confirmed, 'commerce.OrderCompleted')).toHaveLength(1);

    // Above 100% counts as 100% (a Permill saturates).
    const capped = await sudo(api, alice, api.tx.rewards.setCashbackRate(2_000_000));
    expect(fields(events(capped, 'rewards.CashbackRateSet')[0])).toEqual({ rate: 1_000_000 });
    await ok(sudo(api, alice, api.tx.rewards.setCashbackRate(10_000)));

    // Auto-release mints the cashback from on_initialize.
    const { orderId } = await paidOrder(harness, seller, buyer, 50n * BZR);
    const shipped = await ship(harness, seller, orderId);
    const dueAt = Number(fields(events(shipped, 'commerce.OrderShipped')[0]).autoReleaseAt);
    await newBlocks(api, dueAt - (await blockNumber(api)));
    const hash = (await api.rpc.chain.getBlockHash(dueAt)).toHex();
    const records = ((await api.query.system.events.at(hash)) as unknown as EventRecord[]).filter(
      ({ phase }) => phase.isInitialization,
    );
    track({ events: records });
    expect(events({ events: records }, 'rewards.CashbackMinted').map(fields)).toEqual([
      { user: buyer.address, amount: Number(BZR / 2n), reason: { orderCompleted: null }, orderId: Number(orderId) },
    ]);
    await expectSupplyIsMinted();
  });

  it('mint_cashback: root, non-zero, a bounded reason', async () => {
    const { api, accounts } = harness;
    const { alice, bob, dave } = accounts;
    const before = await zariBalance(api, dave.address);
    const outcome = track(
      await sudo(api, alice, api.tx.rewards.mintCashback(dave.address, 3n * BZR, 'promo de lançamento')),
    );
    expect(outcome.error).toBeNull();
    expect(fields(events(outcome, 'rewards.CashbackMinted')[0])).toEqual({
      user: dave.address,
      amount: Number(3n * BZR),
      reason: { manual: api.createType('Bytes', 'promo de lançamento').toHex() },
      orderId: null,
    });
    expect(await zariBalance(api, dave.address)).toBe(before + 3n * BZR);
    await expectFailure(harness, api.tx.rewards.mintCashback(dave.address, BZR, 'x'), bob, 'BadOrigin');
    await expectFailure(harness, api.tx.rewards.mintCashback(dave.address, 0, 'x'), alice, 'rewards.ZeroAmount', {
      sudo: true,
    });
    await expectFailure(
      harness,
      api.tx.rewards.mintCashback(dave.address, BZR, 'r'.repeat(65)),
      alice,
      'rewards.ReasonTooLong',
      {
        sudo: true,
      },
    );
    await expectFailure(harness, api.tx.rewards.setCashbackRate(1), bob, 'BadOrigin');
    await expectSupplyIsMinted();
  });
});

describe('manual missions', () => {
  it('complete_mission: root, once per user, within max_completions, before expiry, while open', async () => {
    const { api, accounts } = harness;
    const { alice, bob, charlie, dave, eve } = accounts;
    const head = await blockNumber(api);
    const manual = await createMission(
      { Manual: null },
      { maxCompletions: 2, reward: 9n * BZR, expiresAt: head + 20, cid: null },
    );
    const auto = await createMission({ FirstSale: null });

    const done = track(await sudo(api, alice, api.tx.rewards.completeMission(bob.address, manual)));
    expect(done.error).toBeNull();
    expect(completions(done)).toEqual([{ missionId: manual, user: bob.address, reward: Number(9n * BZR) }]);
    expect((await api.query.rewards.missionCompletions(manual, bob.address)).unwrap().toNumber()).toBe(
      await blockNumber(api, done.blockHash),
    );

    const complete = (who: string, id: number) => api.tx.rewards.completeMission(who, id);
    await expectFailure(harness, complete(charlie.address, manual), bob, 'BadOrigin');
    await expectFailure(harness, complete(bob.address, manual), alice, 'rewards.AlreadyCompleted', { sudo: true });
    await expectFailure(harness, complete(bob.address, auto), alice, 'rewards.NotManualMission', { sudo: true });
    await expectFailure(harness, complete(bob.address, 999), alice, 'rewards.MissionNotFound', { sudo: true });
    track(await ok(sudo(api, alice, complete(charlie.address, manual))));
    await expectFailure(harness, complete(dave.address, manual), alice, 'rewards.MissionFull', { sudo: true });

    const short = await createMission({ Manual: null }, { expiresAt: (await blockNumber(api)) + 3 });
    await newBlocks(api, 3);
    await expectFailure(harness, complete(eve.address, short), alice, 'rewards.MissionExpired', { sudo: true });

    const closed = await sudo(api, alice, api.tx.rewards.closeMission(short));
    expect(closed.error).toBeNull();
    expect(fields(events(closed, 'rewards.MissionClosed')[0])).toEqual({ missionId: short });
    expect((await api.query.rewards.missions(short)).unwrap().active.isFalse).toBe(true);
    expect((await api.query.rewards.activeMissions()).map((id) => id.toNumber())).not.toContain(short);
    await expectFailure(harness, complete(eve.address, short), alice, 'rewards.MissionClosed', { sudo: true });
    await expectFailure(harness, api.tx.rewards.closeMission(short), alice, 'rewards.MissionClosed', { sudo: true });
    await expectFailure(harness, api.tx.rewards.closeMission(999), alice, 'rewards.MissionNotFound', { sudo: true });
    await expectFailure(harness, api.tx.rewards.closeMission(manual), bob, 'BadOrigin');
    for (const id of [manual, auto]) await ok(sudo(api, alice, api.tx.rewards.closeMission(id)));
    await expectSupplyIsMinted();
  });
});

describe('create_mission', () => {
  it('checks every field and the bound on active missions, changing nothing on failure', async () => {
    const { api, accounts } = harness;
    const { alice, bob } = accounts;
    const fail = (tx: ReturnType<typeof createMissionTx>, error: string) =>
      expectFailure(harness, tx, alice, error, { sudo: true });
    await expectFailure(harness, createMissionTx({ Manual: null }), bob, 'BadOrigin');
    await fail(createMissionTx({ Manual: null }, { name: '' }), 'rewards.EmptyName');
    await fail(createMissionTx({ Manual: null }, { name: 'n'.repeat(65) }), 'rewards.NameTooLong');
    await fail(createMissionTx({ Manual: null }, { cid: 'bafy-not-a-cid' }), 'rewards.InvalidCid');
    await fail(createMissionTx({ Manual: null }, { reward: 0n }), 'rewards.ZeroAmount');
    await fail(createMissionTx({ Manual: null }, { maxCompletions: 0 }), 'rewards.ZeroMaxCompletions');
    await fail(createMissionTx({ CompletedOrders: 0 }), 'rewards.ZeroThreshold');
    await fail(createMissionTx({ ReviewsWritten: 0 }), 'rewards.ZeroThreshold');
    await fail(createMissionTx({ Manual: null }, { expiresAt: (await blockNumber(api)) + 1 }), 'rewards.ExpiryInPast');

    const active = (await api.query.rewards.activeMissions()).length;
    const fill = Array.from({ length: MAX_ACTIVE_MISSIONS - active }, (_, index) =>
      createMissionTx({ CompletedOrders: 1000 + index }, { name: `m${index}` }),
    );
    const filled = await sudo(api, alice, api.tx.utility.batchAll(fill));
    expect(filled.error).toBeNull();
    expect((await api.query.rewards.activeMissions()).length).toBe(MAX_ACTIVE_MISSIONS);
    await fail(createMissionTx({ Manual: null }), 'rewards.TooManyActiveMissions');

    // Every active mission is checked on each completion: the actual weight grows with them, within the worst case.
    const order = await paidOrder(harness, bob, accounts.ferdie);
    await ship(harness, bob, order.orderId);
    const confirmTx = api.tx.commerce.confirmDelivery(order.orderId);
    const worstCase = (await confirmTx.paymentInfo(accounts.ferdie.address)).weight.refTime.toBigInt();
    expect(worstCase).toBe(WEIGHTS.commerceCompleteOrder + MAX_ORDER_COMPLETED_WEIGHT);
    const outcome: Outcome = track(await ok(submit(api, confirmTx, accounts.ferdie)));
    const [success] = events(outcome, 'system.ExtrinsicSuccess');
    const actual = BigInt((fields(success).dispatchInfo as { weight: { refTime: number } }).weight.refTime);
    const checked =
      WEIGHTS.commerceCompleteOrder + WEIGHTS.rewardsOrderCompleted + 64n * WEIGHTS.rewardsPerActiveMission;
    expect(actual).toBeGreaterThanOrEqual(checked);
    expect(actual).toBeLessThan(worstCase);
    await expectSupplyIsMinted();
  });
});

describe('resolved orders', () => {
  it('mint no cashback and count as no purchase or sale', async () => {
    const { api, accounts } = harness;
    const { dave: seller, charlie: buyer } = accounts;
    const progress = async () => [
      (await api.query.rewards.progress(buyer.address)).purchasesCompleted.toNumber(),
      (await api.query.rewards.progress(seller.address)).salesCompleted.toNumber(),
    ];
    const before = await progress();
    const { orderId } = await paidOrder(harness, seller, buyer, 6n * BZR);
    await harness.inNextBlock((ctx) => {
      markDisputed(ctx, orderId, 1n);
    });
    const ruled = await harness.inNextBlock((ctx) => {
      resolveOrder(ctx, orderId, 6n * BZR);
    });
    expect(events(ruled, 'escrow.SplitReleased').map(fields)).toEqual([
      {
        escrowId: Number((await api.query.commerce.orders(orderId)).unwrap().escrowId.toNumber()),
        payouts: [[buyer.address, Number(6n * BZR)]],
      },
    ]);
    expect(events(ruled, 'rewards.CashbackMinted')).toEqual([]);
    expect(await progress()).toEqual(before);
    await expectSupplyIsMinted();
  });
});
