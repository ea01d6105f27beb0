/**
 * `pallet_escrow` on the devnet through @polkadot/api: direct escrows in BZR and ZARI (lock, release,
 * refund, split), their authorisation and errors, the pallet account, auto-release from `on_initialize`
 * (bounded per block with carry-over, spilling to the next block when a block's index is full), escrows of
 * orders (`ManagedByOrder`), and the functions Dispute calls (freeze, split by ruling).
 */
import { Keyring } from '@polkadot/keyring';
import type { EventRecord } from '@polkadot/types/interfaces';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DispatchError } from '../../src/runtime/context.ts';
import { getOrder, markDisputed, resolveOrder } from '../../src/runtime/pallets/commerce.ts';
import { MAX_AUTO_RELEASES_PER_BLOCK, MAX_SPLITS } from '../../src/runtime/pallets/escrow.ts';
import {
  BZR,
  blockNumber,
  ESCROW_ACCOUNT,
  escrow,
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
  ZARI_ASSET_ID,
  zariBalance,
} from './fixtures.ts';

let harness: Harness;

function lockedId(outcome: { events: readonly EventRecord[] }): bigint {
  const [locked] = events(outcome, 'escrow.Locked');
  return BigInt(fields(locked).escrowId as number);
}

async function initializationEvents(blockHash: string): Promise<EventRecord[]> {
  const records = (await harness.api.query.system.events.at(blockHash)) as unknown as EventRecord[];
  return records.filter(({ phase }) => phase.isInitialization);
}

async function escrowAccountInfo() {
  const info = await harness.api.query.system.account(ESCROW_ACCOUNT);
  return {
    free: info.data.free.toBigInt(),
    providers: info.providers.toNumber(),
    sufficients: info.sufficients.toNumber(),
  };
}

beforeAll(async () => {
  harness = await startHarness();
  const { api, accounts } = harness;
  // ZARI to lock: only Rewards issues it (root's mint_cashback).
  await ok(sudo(api, accounts.alice, api.tx.rewards.mintCashback(accounts.bob.address, 1_000n * BZR, 'escrow tests')));
});

afterAll(async () => {
  await harness?.close();
});

describe('constants', () => {
  it('match the weights mirror', () => {
    const { api } = harness;
    expect(api.consts.escrow.maxSplits.toNumber()).toBe(MAX_SPLITS);
    expect(api.consts.escrow.maxAutoReleasesPerBlock.toNumber()).toBe(MAX_AUTO_RELEASES_PER_BLOCK);
    expect(api.consts.escrow.escrowPalletAccount.toU8a()).toEqual(ESCROW_ACCOUNT);
  });
});

describe('direct escrows in BZR', () => {
  it('lock moves the funds to the pallet account, kept alive by its own references', async () => {
    const { api, accounts } = harness;
    const { bob, charlie } = accounts;
    expect((await api.query.system.account(ESCROW_ACCOUNT)).providers.toNumber()).toBe(0);
    const bobBefore = await freeBalance(api, bob.address);
    const outcome = await ok(submit(api, api.tx.escrow.lock(charlie.address, 5n * BZR, null, null), bob));
    expect(events(outcome, 'system.NewAccount').map((event) => fields(event).account)).toContain(
      api.createType('AccountId32', ESCROW_ACCOUNT).toString(),
    );
    expect(fields(events(outcome, 'escrow.Locked')[0])).toEqual({
      escrowId: 0,
      depositor: bob.address,
      beneficiary: charlie.address,
      amount: Number(5n * BZR),
      asset: null,
      autoReleaseAt: null,
      orderId: null,
    });
    expect(await escrowAccountInfo()).toEqual({ free: 5n * BZR, providers: 1, sufficients: 1 });
    const [fee] = events(outcome, 'transactionPayment.TransactionFeePaid');
    expect(await freeBalance(api, bob.address)).toBe(bobBefore - 5n * BZR - BigInt(fields(fee).actualFee as number));
    const stored = await escrow(api, 0n);
    expect(stored.status.isLocked).toBe(true);
    expect(stored.depositor.toString()).toBe(bob.address);

    // Released by the depositor: all of it to the beneficiary, no fee; the pallet account stays, empty.
    const charlieBefore = await freeBalance(api, charlie.address);
    const released = await ok(submit(api, api.tx.escrow.release(0), bob));
    expect(fields(events(released, 'escrow.Released')[0])).toEqual({
      escrowId: 0,
      to: charlie.address,
      amount: Number(5n * BZR),
      platformFee: 0,
    });
    expect(await freeBalance(api, charlie.address)).toBe(charlieBefore + 5n * BZR);
    expect(await escrowAccountInfo()).toEqual({ free: 0n, providers: 1, sufficients: 1 });
    expect((await escrow(api, 0n)).status.isReleased).toBe(true);
    await expectFailure(harness, api.tx.escrow.release(0), bob, 'escrow.EscrowNotLocked');
    await expectFailure(harness, api.tx.escrow.refund(0), charlie, 'escrow.EscrowNotLocked');
  });

  it('holds amounts below the existential deposit without losing dust', async () => {
    const { api, accounts } = harness;
    const ed = api.consts.balances.existentialDeposit.toBigInt();
    const first = lockedId(
      await ok(submit(api, api.tx.escrow.lock(accounts.charlie.address, ed / 2n, null, null), accounts.bob)),
    );
    const second = lockedId(
      await ok(submit(api, api.tx.escrow.lock(accounts.dave.address, ed / 4n, null, null), accounts.bob)),
    );
    expect((await escrowAccountInfo()).free).toBe(ed / 2n + ed / 4n);
    const released = await ok(submit(api, api.tx.escrow.release(first), accounts.bob));
    expect(events(released, 'balances.DustLost')).toEqual([]);
    expect((await escrowAccountInfo()).free).toBe(ed / 4n);
    await ok(submit(api, api.tx.escrow.refund(second), accounts.dave));
    expect(await escrowAccountInfo()).toEqual({ free: 0n, providers: 1, sufficients: 1 });
  });

  it('refund by the beneficiary; release and refund by root', async () => {
    const { api, accounts } = harness;
    const { bob, charlie, alice } = accounts;
    const a = lockedId(await ok(submit(api, api.tx.escrow.lock(charlie.address, 2n * BZR, null, null), bob)));
    const bobBefore = await freeBalance(api, bob.address);
    const refunded = await ok(submit(api, api.tx.escrow.refund(a), charlie));
    expect(fields(events(refunded, 'escrow.Refunded')[0])).toEqual({
      escrowId: Number(a),
      to: bob.address,
      amount: Number(2n * BZR),
    });
    expect(await freeBalance(api, bob.address)).toBe(bobBefore + 2n * BZR);
    expect((await escrow(api, a)).status.isRefunded).toBe(true);

    const b = lockedId(await ok(submit(api, api.tx.escrow.lock(charlie.address, 2n * BZR, null, null), bob)));
    const byRoot = await sudo(api, alice, api.tx.escrow.release(b));
    expect(byRoot.error).toBeNull();
    expect(fields(events(byRoot, 'escrow.Released')[0])).toMatchObject({ escrowId: Number(b), to: charlie.address });
    const c = lockedId(await ok(submit(api, api.tx.escrow.lock(charlie.address, 2n * BZR, null, null), bob)));
    const refundedByRoot = await sudo(api, alice, api.tx.escrow.refund(c));
    expect(refundedByRoot.error).toBeNull();
    expect(fields(events(refundedByRoot, 'escrow.Refunded')[0])).toMatchObject({
      escrowId: Number(c),
      to: bob.address,
    });
  });

  it('rejects invalid locks and unauthorised moves, changing nothing', async () => {
    const { api, accounts } = harness;
    const { bob, charlie, dave, alice } = accounts;
    await expectFailure(harness, api.tx.escrow.lock(charlie.address, 0, null, null), bob, 'escrow.ZeroAmount');
    await expectFailure(
      harness,
      api.tx.escrow.lock(bob.address, BZR, null, null),
      bob,
      'escrow.BeneficiaryIsDepositor',
    );
    await expectFailure(harness, api.tx.escrow.lock(charlie.address, BZR, null, 0), bob, 'escrow.ZeroAutoReleaseDelay');
    await expectFailure(
      harness,
      api.tx.escrow.lock(charlie.address, 10n ** 30n, null, null),
      bob,
      'balances.InsufficientBalance',
    );
    // Everything but half the existential deposit once the fee is paid: the lock would reap the depositor.
    const { ferdie } = accounts;
    const ed = api.consts.balances.existentialDeposit.toBigInt();
    const ferdieFree = await freeBalance(api, ferdie.address);
    const probe = api.tx.escrow.lock(charlie.address, ferdieFree - BZR, null, null);
    const fee = (await probe.paymentInfo(ferdie.address)).partialFee.toBigInt();
    const draining = api.tx.escrow.lock(charlie.address, ferdieFree - fee - ed / 2n, null, null);
    expect((await draining.paymentInfo(ferdie.address)).partialFee.toBigInt()).toBe(fee);
    await expectFailure(harness, draining, ferdie, 'balances.Expendability');
    await expectFailure(harness, api.tx.escrow.lock(charlie.address, BZR, 4242, null), bob, 'Token.UnknownAsset');
    await expectFailure(
      harness,
      api.tx.escrow.lock(charlie.address, 10n ** 30n, ZARI_ASSET_ID, null),
      bob,
      'Token.FundsUnavailable',
    );

    const id = lockedId(await ok(submit(api, api.tx.escrow.lock(charlie.address, BZR, null, null), bob)));
    await expectFailure(harness, api.tx.escrow.release(id), charlie, 'escrow.NotDepositor');
    await expectFailure(harness, api.tx.escrow.release(id), dave, 'escrow.NotDepositor');
    await expectFailure(harness, api.tx.escrow.refund(id), bob, 'escrow.NotBeneficiary');
    await expectFailure(harness, api.tx.escrow.refund(id), dave, 'escrow.NotBeneficiary');
    await expectFailure(harness, api.tx.escrow.splitRelease(id, [[bob.address, 1_000_000]]), bob, 'BadOrigin');
    await expectFailure(harness, api.tx.escrow.release(9999), bob, 'escrow.EscrowNotFound');
    await expectFailure(harness, api.tx.escrow.refund(9999), bob, 'escrow.EscrowNotFound');
    await expectFailure(
      harness,
      api.tx.escrow.splitRelease(9999, [[bob.address, 1_000_000]]),
      alice,
      'escrow.EscrowNotFound',
      {
        sudo: true,
      },
    );
    await ok(submit(api, api.tx.escrow.refund(id), charlie));
  });
});

describe('split_release', () => {
  it('divides by shares, rounding dust to the last account', async () => {
    const { api, accounts } = harness;
    const { bob, charlie, dave, eve, alice } = accounts;
    const amount = 10n * BZR + 1n;
    const id = lockedId(await ok(submit(api, api.tx.escrow.lock(charlie.address, amount, null, null), bob)));
    const before = await Promise.all([charlie, dave, eve].map((pair) => freeBalance(api, pair.address)));
    const split = await sudo(
      api,
      alice,
      api.tx.escrow.splitRelease(id, [
        [charlie.address, 333_333],
        [dave.address, 333_333],
        [eve.address, 333_334],
      ]),
    );
    expect(split.error).toBeNull();
    const part = (amount * 333_333n) / 1_000_000n;
    const payouts = [part, part, amount - 2n * part];
    expect(fields(events(split, 'escrow.SplitReleased')[0])).toEqual({
      escrowId: Number(id),
      payouts: [
        [charlie.address, Number(payouts[0])],
        [dave.address, Number(payouts[1])],
        [eve.address, Number(payouts[2])],
      ],
    });
    const after = await Promise.all([charlie, dave, eve].map((pair) => freeBalance(api, pair.address)));
    expect(after.map((value, index) => value - before[index])).toEqual(payouts);
    expect((await escrow(api, id)).status.isSplit).toBe(true);
    expect((await escrowAccountInfo()).free).toBe(0n);
  });

  it('requires positive shares adding up to exactly 100%, at most MaxSplits', async () => {
    const { api, accounts } = harness;
    const { bob, charlie, dave, alice } = accounts;
    const id = lockedId(await ok(submit(api, api.tx.escrow.lock(charlie.address, BZR, null, null), bob)));
    const fail = (splits: [string, number][], error: string) =>
      expectFailure(harness, api.tx.escrow.splitRelease(id, splits), alice, error, { sudo: true });
    await fail([], 'escrow.InvalidSplit');
    await fail([[charlie.address, 500_000]], 'escrow.InvalidSplit');
    await fail(
      [
        [charlie.address, 600_000],
        [dave.address, 500_000],
      ],
      'escrow.InvalidSplit',
    );
    await fail(
      [
        [charlie.address, 1_000_000],
        [dave.address, 0],
      ],
      'escrow.InvalidSplit',
    );
    await fail(
      Array.from({ length: MAX_SPLITS + 1 }, (_, index) => [
        index % 2 ? charlie.address : dave.address,
        index === 0 ? 1_000_000 - MAX_SPLITS : 1,
      ]),
      'escrow.TooManySplits',
    );
    await ok(submit(api, api.tx.escrow.release(id), bob));
  });
});

describe('direct escrows in ZARI', () => {
  it('lock, release, refund and split move ZARI through the pallet account', async () => {
    const { api, accounts } = harness;
    const { bob, charlie, dave, alice } = accounts;
    const zari = (who: string | Uint8Array) => zariBalance(api, who);
    const bobBefore = await zari(bob.address);
    const charlieBefore = await zari(charlie.address);

    const locked = await ok(submit(api, api.tx.escrow.lock(charlie.address, 30n * BZR, ZARI_ASSET_ID, null), bob));
    expect(fields(events(locked, 'escrow.Locked')[0])).toMatchObject({
      amount: Number(30n * BZR),
      asset: ZARI_ASSET_ID,
    });
    const a = lockedId(locked);
    expect(await zari(ESCROW_ACCOUNT)).toBe(30n * BZR);
    expect(await zari(bob.address)).toBe(bobBefore - 30n * BZR);
    await ok(submit(api, api.tx.escrow.release(a), bob));
    expect(await zari(charlie.address)).toBe(charlieBefore + 30n * BZR);
    expect(await zari(ESCROW_ACCOUNT)).toBe(0n);

    const b = lockedId(await ok(submit(api, api.tx.escrow.lock(charlie.address, 7n * BZR, ZARI_ASSET_ID, null), bob)));
    await ok(submit(api, api.tx.escrow.refund(b), charlie));
    expect(await zari(bob.address)).toBe(bobBefore - 30n * BZR);

    const c = lockedId(await ok(submit(api, api.tx.escrow.lock(charlie.address, 10n * BZR, ZARI_ASSET_ID, null), bob)));
    const d = lockedId(await ok(submit(api, api.tx.escrow.lock(dave.address, 5n * BZR, ZARI_ASSET_ID, null), bob)));
    expect(await zari(ESCROW_ACCOUNT)).toBe(15n * BZR);
    const split = await sudo(
      api,
      alice,
      api.tx.escrow.splitRelease(c, [
        [charlie.address, 250_000],
        [dave.address, 750_000],
      ]),
    );
    expect(split.error).toBeNull();
    expect(fields(events(split, 'escrow.SplitReleased')[0]).payouts).toEqual([
      [charlie.address, Number((10n * BZR) / 4n)],
      [dave.address, Number((30n * BZR) / 4n)],
    ]);
    expect(await zari(ESCROW_ACCOUNT)).toBe(5n * BZR);
    await ok(submit(api, api.tx.escrow.release(d), bob));
    expect(await zari(ESCROW_ACCOUNT)).toBe(0n);
    // ZARI never leaves circulation through escrows: the supply is what Rewards minted.
    expect((await api.query.assets.asset(ZARI_ASSET_ID)).unwrap().supply.toBigInt()).toBe(1_000n * BZR);
  });
});

describe('auto-release', () => {
  it('releases a direct escrow when due, from on_initialize', async () => {
    const { api, accounts } = harness;
    const { bob, charlie } = accounts;
    const locked = await ok(submit(api, api.tx.escrow.lock(charlie.address, 3n * BZR, null, 3), bob));
    const at = await blockNumber(api, locked.blockHash);
    const id = lockedId(locked);
    expect(fields(events(locked, 'escrow.Locked')[0]).autoReleaseAt).toBe(at + 3);
    expect((await api.query.escrow.escrowsDueAt(at + 3)).map((value) => value.toBigInt())).toEqual([id]);
    const charlieBefore = await freeBalance(api, charlie.address);
    await newBlocks(api, 2);
    expect((await escrow(api, id)).status.isLocked).toBe(true);
    const due = await newBlocks(api, 1);
    expect(await blockNumber(api, due)).toBe(at + 3);
    const released = events({ events: await initializationEvents(due) }, 'escrow.AutoReleased');
    expect(released.map(fields)).toEqual([
      { escrowId: Number(id), to: charlie.address, amount: Number(3n * BZR), platformFee: 0 },
    ]);
    expect(await freeBalance(api, charlie.address)).toBe(charlieBefore + 3n * BZR);
    expect((await escrow(api, id)).status.isReleased).toBe(true);
    expect((await api.query.escrow.escrowsDueAt(at + 3)).length).toBe(0);
  });

  it('an escrow moved before it is due leaves the index', async () => {
    const { api, accounts } = harness;
    const locked = await ok(submit(api, api.tx.escrow.lock(accounts.charlie.address, BZR, null, 5), accounts.bob));
    const dueAt = Number(fields(events(locked, 'escrow.Locked')[0]).autoReleaseAt);
    await ok(submit(api, api.tx.escrow.refund(lockedId(locked)), accounts.charlie));
    expect((await api.query.escrow.escrowsDueAt(dueAt)).length).toBe(0);
    const hash = await newBlocks(api, 5);
    expect(await blockNumber(api, hash)).toBeGreaterThanOrEqual(dueAt);
    expect((await escrow(api, lockedId(locked))).status.isRefunded).toBe(true);
  });

  it('is bounded per block, carries the rest over, and spills scheduling to the next block when one is full', async () => {
    const { api, accounts } = harness;
    const { bob, charlie } = accounts;
    const maxPerBlock = api.consts.escrow.maxEscrowsPerBlock.toNumber();
    const count = maxPerBlock + 1;
    const locks = Array.from({ length: count }, () => api.tx.escrow.lock(charlie.address, BZR, null, 3));
    const batch = await ok(submit(api, api.tx.utility.batchAll(locks), bob));
    const at = await blockNumber(api, batch.blockHash);
    const lockedEvents = events(batch, 'escrow.Locked').map(fields);
    expect(lockedEvents).toHaveLength(count);
    expect(lockedEvents.slice(0, maxPerBlock).every((event) => event.autoReleaseAt === at + 3)).toBe(true);
    expect(lockedEvents[maxPerBlock].autoReleaseAt).toBe(at + 4);
    expect((await api.query.escrow.escrowsDueAt(at + 3)).length).toBe(maxPerBlock);
    expect((await api.query.escrow.escrowsDueAt(at + 4)).length).toBe(1);

    await newBlocks(api, 2);
    const perBlock: number[] = [];
    const cursors: number[] = [];
    const releasedIds: number[] = [];
    while (releasedIds.length < count) {
      const hash = await newBlocks(api, 1);
      const released = events({ events: await initializationEvents(hash) }, 'escrow.AutoReleased');
      perBlock.push(released.length);
      releasedIds.push(...released.map((event) => Number(fields(event).escrowId)));
      cursors.push((await api.query.escrow.autoReleaseCursor()).toNumber());
      if (perBlock.length > 10) break;
    }
    expect(perBlock).toEqual([64, 64, 64, 64, 1]);
    expect(cursors).toEqual([at + 3, at + 3, at + 3, at + 4, 0]);
    expect(new Set(releasedIds).size).toBe(count);
    expect(releasedIds).toEqual(lockedEvents.map((event) => Number(event.escrowId)));
    expect((await escrowAccountInfo()).free).toBe(0n);
  });

  it('a due payout that cannot be made leaves the escrow Locked, out of the index, and moves nothing', async () => {
    const { api, accounts } = harness;
    const ed = api.consts.balances.existentialDeposit.toBigInt();
    // A beneficiary with no account cannot receive less than the existential deposit.
    const nobody = new Keyring({ type: 'sr25519' }).addFromUri('//EscrowNobody').address;
    const locked = await ok(submit(api, api.tx.escrow.lock(nobody, ed / 2n, null, 2), accounts.bob));
    const id = lockedId(locked);
    const dueAt = Number(fields(events(locked, 'escrow.Locked')[0]).autoReleaseAt);
    await newBlocks(api, 1);
    const hash = await newBlocks(api, 1);
    expect(await blockNumber(api, hash)).toBe(dueAt);
    expect(events({ events: await initializationEvents(hash) }, 'escrow.AutoReleased')).toEqual([]);
    expect((await escrow(api, id)).status.isLocked).toBe(true);
    expect((await api.query.escrow.escrowsDueAt(dueAt)).length).toBe(0);
    expect((await escrowAccountInfo()).free).toBe(ed / 2n);
    // Root can still give it back.
    await ok(sudo(api, accounts.alice, api.tx.escrow.refund(id)));
    expect((await escrowAccountInfo()).free).toBe(0n);
  });
});

describe('escrows of orders', () => {
  it('move only through Commerce and Dispute: direct calls fail with ManagedByOrder', async () => {
    const { api, accounts } = harness;
    const { bob: seller, charlie: buyer, alice } = accounts;
    const { escrowId } = await paidOrder(harness, seller, buyer);
    await expectFailure(harness, api.tx.escrow.release(escrowId), buyer, 'escrow.ManagedByOrder');
    await expectFailure(harness, api.tx.escrow.refund(escrowId), seller, 'escrow.ManagedByOrder');
    await expectFailure(harness, api.tx.escrow.release(escrowId), alice, 'escrow.ManagedByOrder', { sudo: true });
    await expectFailure(harness, api.tx.escrow.refund(escrowId), alice, 'escrow.ManagedByOrder', { sudo: true });
    await expectFailure(
      harness,
      api.tx.escrow.splitRelease(escrowId, [[buyer.address, 1_000_000]]),
      alice,
      'escrow.ManagedByOrder',
      {
        sudo: true,
      },
    );
  });

  it('a dispute freezes the escrow (no auto-release) and its ruling splits it; the order is Resolved', async () => {
    const { api, accounts } = harness;
    const { dave: seller, eve: buyer } = accounts;
    const { orderId, escrowId } = await paidOrder(harness, seller, buyer, 10n * BZR);
    const shipped = await ship(harness, seller, orderId);
    const dueAt = Number(fields(events(shipped, 'commerce.OrderShipped')[0]).autoReleaseAt);

    const opened = await harness.inNextBlock((ctx) => {
      markDisputed(ctx, orderId, 7n);
    });
    expect(events(opened, 'escrow.Frozen').map(fields)).toEqual([{ escrowId: Number(escrowId), disputeId: 7 }]);
    expect((await order(api, orderId)).status.isDisputed).toBe(true);
    expect((await escrow(api, escrowId)).status.isFrozen).toBe(true);
    expect((await api.query.escrow.escrowsDueAt(dueAt)).length).toBe(0);

    // Nothing moves it while frozen.
    await expectFailure(harness, api.tx.commerce.confirmDelivery(orderId), buyer, 'commerce.InvalidOrderStatus');
    await expectFailure(harness, api.tx.commerce.cancelOrder(orderId), seller, 'commerce.InvalidOrderStatus');
    const errors: string[] = [];
    await harness.inNextBlock((ctx) => {
      try {
        ctx.transactional(() => markDisputed(ctx, orderId, 8n));
      } catch (error) {
        if (error instanceof DispatchError) errors.push(error.message);
      }
    });
    expect(errors).toHaveLength(1);
    const head = await blockNumber(api);
    await newBlocks(api, dueAt - head);
    expect((await escrow(api, escrowId)).status.isFrozen).toBe(true);

    // The ruling: 3 BZR back to the buyer, 7 to the seller, no platform fee.
    const buyerBefore = await freeBalance(api, buyer.address);
    const sellerBefore = await freeBalance(api, seller.address);
    let parts: { toBuyer: bigint; toSeller: bigint } | undefined;
    let status: string | undefined;
    const ruled = await harness.inNextBlock((ctx) => {
      parts = resolveOrder(ctx, orderId, 3n * BZR);
      status = getOrder(ctx, orderId)?.status.__kind;
    });
    expect(parts).toEqual({ toBuyer: 3n * BZR, toSeller: 7n * BZR });
    expect(status).toBe('Resolved');
    expect(events(ruled, 'escrow.SplitReleased').map(fields)).toEqual([
      {
        escrowId: Number(escrowId),
        payouts: [
          [buyer.address, Number(3n * BZR)],
          [seller.address, Number(7n * BZR)],
        ],
      },
    ]);
    expect(await freeBalance(api, buyer.address)).toBe(buyerBefore + 3n * BZR);
    expect(await freeBalance(api, seller.address)).toBe(sellerBefore + 7n * BZR);
    expect((await escrow(api, escrowId)).status.isSplit).toBe(true);
    expect((await order(api, orderId)).status.isResolved).toBe(true);
    // A resolved order takes a receipt and a rating, and nothing else.
    await ok(
      submit(api, api.tx.commerce.mintReceipt(orderId, 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG'), seller),
    );
    await ok(submit(api, api.tx.commerce.rateSeller(orderId, 2, null), buyer));
    await expectFailure(harness, api.tx.commerce.cancelOrder(orderId), seller, 'commerce.InvalidOrderStatus');
  });
});
