/**
 * The scripted scenario: every call of Commerce (13), Escrow (4), Rewards (5) and Dispute (9) on an
 * instant-mode devnet, successes and module errors, calls inside `utility.batch` / `batch_all` and `sudo`,
 * orders through every status (completed, cancelled before and after shipping, auto-released, disputed with
 * an appeal and ruled, disputed with no votes, redrawn and ruled 50/50, left paid or shipped), direct escrows
 * (released, refunded, split, auto-released, left locked, one in ZARI), missions completed by hand and by
 * Commerce events, cashback, ZARI transfers, and a jump of the block timestamps by a day (`dev_timeTravel`).
 *
 * Ends with no further block: the head it returns is the block H the comparison reads the chain at.
 */
import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aConcat } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import {
  BZR,
  CID,
  derivedAccounts,
  devAccounts,
  eventFields,
  expectOutcome,
  headNumber,
  newBlocks,
  nextBlockIs,
  type Outcome,
  sudo,
  theEvent,
  timeTravel,
  ZARI_ASSET_ID,
} from './chain.ts';

/** Every call the scenario makes succeed or fail, as `Pallet.call` (snake_case, as in the metadata). */
export const PALLET_CALLS = {
  Commerce: [
    'create_store',
    'update_store',
    'close_store',
    'create_listing',
    'update_listing',
    'remove_listing',
    'create_order',
    'cancel_order',
    'mark_shipped',
    'confirm_delivery',
    'mint_receipt',
    'rate_seller',
    'set_platform_fee',
  ],
  Escrow: ['lock', 'release', 'refund', 'split_release'],
  Rewards: ['create_mission', 'complete_mission', 'close_mission', 'mint_cashback', 'set_cashback_rate'],
  Dispute: [
    'register_juror',
    'add_stake',
    'unregister_juror',
    'open_dispute',
    'submit_evidence',
    'commit_vote',
    'reveal_vote',
    'appeal',
    'execute_ruling',
  ],
} as const;

export type Vote = 'RefundBuyer' | 'ReleaseSeller' | { PartialRefund: number };

export interface ScenarioResult {
  /** The head after the scenario: no block is built after it. */
  readonly head: number;
  readonly headHash: string;
  /** `Pallet.call` of every call that succeeded (directly, in a batch or through sudo). */
  readonly succeeded: ReadonlySet<string>;
  /** The expected failures: `Pallet.call` and the error, with the block. */
  readonly failures: readonly { call: string; error: string; block: number }[];
  readonly storeIds: readonly number[];
  readonly orderIds: readonly bigint[];
  readonly disputeIds: readonly bigint[];
}

const ENCRYPTION_KEY = (seed: number) => new Uint8Array(32).fill(seed);
const STAKE = 200n * BZR;
const JUROR_COUNT = 20;

function salt(seed: number): Uint8Array {
  return new Uint8Array(32).fill(seed);
}

/** Runs the scenario on a fresh instant-mode devnet; `log` receives one line per step. */
export async function runScenario(api: ApiPromise, log: (line: string) => void = () => {}): Promise<ScenarioResult> {
  const { alice, bob, charlie, dave, eve, ferdie } = devAccounts();
  const jurors = derivedAccounts('Juror', JUROR_COUNT);
  const byAddress = new Map(jurors.map((pair) => [pair.address, pair]));
  const succeeded = new Set<string>();
  const failures: { call: string; error: string; block: number }[] = [];
  const tx = api.tx;

  const mark = (...calls: string[]) => {
    for (const call of calls) succeeded.add(call);
  };
  const ok = async (call: string, extrinsic: Parameters<typeof expectOutcome>[1], signer: KeyringPair) => {
    const outcome = await expectOutcome(api, extrinsic, signer);
    mark(call);
    return outcome;
  };
  const fail = async (
    call: string,
    extrinsic: Parameters<typeof expectOutcome>[1],
    signer: KeyringPair,
    error: string,
  ) => {
    const outcome = await expectOutcome(api, extrinsic, signer, error);
    failures.push({ call, error, block: outcome.blockNumber });
    return outcome;
  };
  const root = async (call: string, extrinsic: Parameters<typeof expectOutcome>[1]) => {
    const outcome = await sudo(api, alice, extrinsic);
    mark(call);
    return outcome;
  };
  const commitmentOf = (vote: Vote, saltBytes: Uint8Array) =>
    blake2AsU8a(u8aConcat(api.createType('PalletDisputeVote', vote).toU8a(), saltBytes), 256);
  const pairsOf = (addresses: unknown) =>
    (addresses as string[]).map((address) => {
      const pair = byAddress.get(address);
      if (!pair) throw new Error(`unknown juror ${address}`);
      return pair;
    });

  // --- Set-up: fund the jurors (Balances, not indexed), parameters, missions (in a batch, through sudo).
  log('funding jurors and creating missions');
  await sudo(
    api,
    alice,
    tx.utility.batch(jurors.map((juror) => tx.balances.forceSetBalance(juror.address, 1_000n * BZR))),
  );
  await root('Commerce.set_platform_fee', tx.commerce.setPlatformFee(30_000));
  await root('Rewards.set_cashback_rate', tx.rewards.setCashbackRate(20_000));
  const head = await headNumber(api);
  const missions = await sudo(
    api,
    alice,
    tx.utility.batch([
      tx.rewards.createMission('Welcome', CID.v0, 5n * BZR, 10, null, 'Manual'),
      tx.rewards.createMission('First purchase', null, 2n * BZR, 10, head + 10_000, 'FirstPurchase'),
      tx.rewards.createMission('First sale', CID.v1, 3n * BZR, 10, null, 'FirstSale'),
      tx.rewards.createMission('Two orders', null, 4n * BZR, 1, null, { CompletedOrders: 2 }),
      tx.rewards.createMission('First review', CID.v1Raw, 1n * BZR, 10, null, { ReviewsWritten: 1 }),
      tx.rewards.createMission('Closed soon', null, 1n * BZR, 3, null, 'Manual'),
    ]),
  );
  mark('Rewards.create_mission');
  const missionIds = eventFields(missions, 'Rewards.MissionCreated').map((created) => Number(created.missionId));
  if (missionIds.length !== 6) throw new Error(`expected 6 missions, got ${missionIds.length}`);
  await fail(
    'Rewards.create_mission',
    tx.rewards.createMission('Signed', null, 1n, 1, null, 'Manual'),
    bob,
    'BadOrigin',
  );

  // --- Stores.
  log('stores and listings');
  const storeOf = (outcome: Outcome) => Number(theEvent(outcome, 'Commerce.StoreCreated').storeId);
  const aliceStore = storeOf(
    await ok('Commerce.create_store', tx.commerce.createStore('Loja da Alice', CID.v1, ENCRYPTION_KEY(1)), alice),
  );
  const daveStore = storeOf(
    await ok('Commerce.create_store', tx.commerce.createStore('Dave & Co', CID.v0, ENCRYPTION_KEY(2)), dave),
  );
  const ferdieStore = storeOf(
    await ok('Commerce.create_store', tx.commerce.createStore('Ferdie Pop-up', CID.v1Raw, ENCRYPTION_KEY(3)), ferdie),
  );
  await ok(
    'Commerce.update_store',
    tx.commerce.updateStore(daveStore, 'Dave & Filhos — ação', CID.v1Base58, ENCRYPTION_KEY(4)),
    dave,
  );
  await fail(
    'Commerce.update_store',
    tx.commerce.updateStore(aliceStore, 'Not mine', CID.v0, ENCRYPTION_KEY(5)),
    bob,
    'Commerce.NotStoreOwner',
  );
  await fail(
    'Commerce.create_store',
    tx.commerce.createStore('Bad CID', 'not a cid', ENCRYPTION_KEY(6)),
    eve,
    'Commerce.InvalidCid',
  );

  // --- Listings: three in one utility.batch, an interrupted batch, a reverted batch_all.
  const listingIds = (outcome: Outcome) =>
    eventFields(outcome, 'Commerce.ListingCreated').map((created) => BigInt(created.listingId as number));
  const aliceListings = listingIds(
    await ok(
      'Commerce.create_listing',
      tx.utility.batch([
        tx.commerce.createListing(aliceStore, 10n * BZR, 50, CID.v0),
        tx.commerce.createListing(aliceStore, 3n * BZR + 500_000n, 20, CID.v1),
        tx.commerce.createListing(aliceStore, 7n * BZR, 5, CID.v1Raw),
      ]),
      alice,
    ),
  );
  const daveBatch = await ok(
    'Commerce.create_listing',
    tx.utility.batch([
      tx.commerce.createListing(daveStore, 25n * BZR, 10, CID.v1Base16),
      tx.commerce.createListing(daveStore, 1n * BZR, 100, CID.v0),
      // Interrupts the batch (BatchInterrupted): the extrinsic succeeds with the first two listings only.
      tx.commerce.createListing(daveStore, 0n, 1, CID.v0),
      tx.commerce.createListing(daveStore, 2n * BZR, 1, CID.v0),
    ]),
    dave,
  );
  const daveListings = listingIds(daveBatch);
  // The interrupted call is a failed Bazari call too (FailedCall), though the extrinsic succeeded.
  const interrupted = theEvent(daveBatch, 'Utility.BatchInterrupted');
  if (Number(interrupted.index) !== 2) throw new Error('the batch was not interrupted at its third call');
  failures.push({ call: 'Commerce.create_listing', error: 'Commerce.ZeroPrice', block: daveBatch.blockNumber });
  if (aliceListings.length !== 3 || daveListings.length !== 2) throw new Error('unexpected listings');
  await fail(
    'Commerce.create_listing',
    tx.utility.batchAll([
      tx.commerce.createListing(aliceStore, 1n * BZR, 1, CID.v0),
      tx.commerce.createListing(aliceStore, 1n * BZR, 1, 'Qm-not-a-cid'),
    ]),
    alice,
    'Commerce.InvalidCid',
  );
  const ferdieListing = listingIds(
    await ok('Commerce.create_listing', tx.commerce.createListing(ferdieStore, 9n * BZR, 3, CID.v0), ferdie),
  )[0];
  await ok('Commerce.update_listing', tx.commerce.updateListing(aliceListings[1], 4n * BZR, 30, CID.v1Base58), alice);
  await ok('Commerce.remove_listing', tx.commerce.removeListing(aliceListings[2]), alice);
  await fail(
    'Commerce.update_listing',
    tx.commerce.updateListing(aliceListings[2], 1n, 1, CID.v0),
    alice,
    'Commerce.ListingRemoved',
  );
  await fail('Commerce.remove_listing', tx.commerce.removeListing(daveListings[0]), alice, 'Commerce.NotStoreOwner');
  await ok('Commerce.close_store', tx.commerce.closeStore(ferdieStore), ferdie);
  await fail(
    'Commerce.create_listing',
    tx.commerce.createListing(ferdieStore, 1n, 1, CID.v0),
    ferdie,
    'Commerce.StoreClosed',
  );

  // --- Orders.
  log('orders');
  const orderIds: bigint[] = [];
  const order = async (
    buyer: KeyringPair,
    storeId: number,
    items: [bigint, number][],
    shipping: string | null = CID.v1Raw,
  ) => {
    const outcome = await ok(
      'Commerce.create_order',
      tx.commerce.createOrder(
        storeId,
        items.map(([listingId, quantity]) => ({ listingId, quantity })),
        shipping,
      ),
      buyer,
    );
    const paid = theEvent(outcome, 'Commerce.OrderPaid');
    const orderId = BigInt(paid.orderId as number);
    orderIds.push(orderId);
    return { orderId, escrowId: BigInt(paid.escrowId as number) };
  };
  await fail(
    'Commerce.create_order',
    tx.commerce.createOrder(aliceStore, [{ listingId: aliceListings[0], quantity: 1 }], null),
    alice,
    'Commerce.CannotBuyOwnListing',
  );
  await fail(
    'Commerce.create_order',
    tx.commerce.createOrder(daveStore, [{ listingId: daveListings[0], quantity: 11 }], null),
    bob,
    'Commerce.InsufficientStock',
  );
  await fail(
    'Commerce.create_order',
    tx.commerce.createOrder(ferdieStore, [{ listingId: ferdieListing, quantity: 1 }], null),
    bob,
    'Commerce.StoreClosed',
  );

  // O1: Bob buys two listings of Alice; shipped, confirmed, receipt, five stars with a review.
  const o1 = await order(bob, aliceStore, [
    [aliceListings[0], 2],
    [aliceListings[1], 1],
  ]);
  await fail('Commerce.confirm_delivery', tx.commerce.confirmDelivery(o1.orderId), bob, 'Commerce.InvalidOrderStatus');
  await ok('Commerce.mark_shipped', tx.commerce.markShipped(o1.orderId, CID.v1Base58), alice);
  await fail('Commerce.mark_shipped', tx.commerce.markShipped(o1.orderId, null), bob, 'Commerce.NotSeller');
  await ok('Commerce.confirm_delivery', tx.commerce.confirmDelivery(o1.orderId), bob);
  await ok('Commerce.mint_receipt', tx.commerce.mintReceipt(o1.orderId, CID.v1), bob);
  await fail(
    'Commerce.mint_receipt',
    tx.commerce.mintReceipt(o1.orderId, CID.v1),
    alice,
    'Commerce.ReceiptAlreadyMinted',
  );
  await ok('Commerce.rate_seller', tx.commerce.rateSeller(o1.orderId, 5, CID.v0), bob);
  await fail('Commerce.rate_seller', tx.commerce.rateSeller(o1.orderId, 4, null), bob, 'Commerce.AlreadyRated');

  // O2: Charlie buys from Alice and cancels while Paid (stock restored).
  const o2 = await order(charlie, aliceStore, [[aliceListings[1], 3]], null);
  await fail('Commerce.cancel_order', tx.commerce.cancelOrder(o2.orderId), eve, 'Commerce.NotOrderParty');
  await ok('Commerce.cancel_order', tx.commerce.cancelOrder(o2.orderId), charlie);

  // O3: Eve buys from Dave, shipped, then cancelled by the seller (stock not restored).
  const o3 = await order(eve, daveStore, [[daveListings[0], 1]]);
  await ok('Commerce.mark_shipped', tx.commerce.markShipped(o3.orderId, null), dave);
  await fail('Commerce.cancel_order', tx.commerce.cancelOrder(o3.orderId), eve, 'Commerce.InvalidOrderStatus');
  await ok('Commerce.cancel_order', tx.commerce.cancelOrder(o3.orderId), dave);

  // A day later (timestamps): O4, Bob from Dave, shipped and left to auto-release (100 blocks later).
  await timeTravel(api, Date.now() + 86_400_000);
  const o4 = await order(bob, daveStore, [
    [daveListings[0], 2],
    [daveListings[1], 7],
  ]);
  await ok('Commerce.mark_shipped', tx.commerce.markShipped(o4.orderId, CID.v1), dave);
  await fail('Escrow.release', tx.escrow.release(o4.escrowId), bob, 'Escrow.ManagedByOrder');

  // O5 (disputed with an appeal), O6 (disputed, no votes), O7 (left Paid), O8 (left Shipped).
  const o5 = await order(charlie, aliceStore, [[aliceListings[0], 1]]);
  await ok('Commerce.mark_shipped', tx.commerce.markShipped(o5.orderId, CID.v1Raw), alice);
  const o6 = await order(eve, daveStore, [[daveListings[1], 4]], CID.v0);
  const o7 = await order(bob, aliceStore, [[aliceListings[1], 2]]);
  const o8 = await order(eve, aliceStore, [[aliceListings[0], 1]]);
  // O9: Charlie's second completed order (CompletedOrders(2) mission), rated without a review.
  const o9 = await order(charlie, daveStore, [[daveListings[1], 1]]);
  await ok('Commerce.mark_shipped', tx.commerce.markShipped(o9.orderId, null), dave);
  await ok('Commerce.confirm_delivery', tx.commerce.confirmDelivery(o9.orderId), charlie);
  await ok('Commerce.rate_seller', tx.commerce.rateSeller(o9.orderId, 3, null), charlie);
  await fail('Commerce.rate_seller', tx.commerce.rateSeller(o7.orderId, 6, null), bob, 'Commerce.InvalidOrderStatus');

  // --- Rewards by hand, ZARI moves.
  log('rewards and direct escrows');
  await root('Rewards.complete_mission', tx.rewards.completeMission(eve.address, missionIds[0]));
  await root('Rewards.complete_mission', tx.rewards.completeMission(ferdie.address, missionIds[5]));
  await root('Rewards.mint_cashback', tx.rewards.mintCashback(eve.address, 50n * BZR, 'Launch promo'));
  await root('Rewards.close_mission', tx.rewards.closeMission(missionIds[5]));
  await ok('Assets.transfer_keep_alive', tx.assets.transferKeepAlive(ZARI_ASSET_ID, ferdie.address, 3n * BZR), eve);

  // --- Direct escrows.
  const escrowOf = (outcome: Outcome) => BigInt(theEvent(outcome, 'Escrow.Locked').escrowId as number);
  const ea = escrowOf(await ok('Escrow.lock', tx.escrow.lock(charlie.address, 12n * BZR, null, null), bob));
  await fail('Escrow.release', tx.escrow.release(ea), charlie, 'Escrow.NotDepositor');
  await ok('Escrow.release', tx.escrow.release(ea), bob);
  const eb = escrowOf(await ok('Escrow.lock', tx.escrow.lock(eve.address, 8n * BZR, null, null), charlie));
  await ok('Escrow.refund', tx.escrow.refund(eb), eve);
  const ec = escrowOf(await ok('Escrow.lock', tx.escrow.lock(ferdie.address, 20n * BZR, ZARI_ASSET_ID, null), eve));
  await root(
    'Escrow.split_release',
    tx.escrow.splitRelease(ec, [
      [ferdie.address, 600_000],
      [eve.address, 400_000],
    ]),
  );
  await ok('Escrow.lock', tx.escrow.lock(dave.address, 5n * BZR, null, 5), bob);
  await ok('Escrow.lock', tx.escrow.lock(alice.address, 1n * BZR, null, null), dave);
  await fail('Escrow.lock', tx.escrow.lock(dave.address, 0n, null, null), dave, 'Escrow.ZeroAmount');

  // --- Jurors: twenty register (one also adds stake), one leaves.
  log('jurors');
  for (const juror of jurors) await ok('Dispute.register_juror', tx.dispute.registerJuror(STAKE), juror);
  await fail('Dispute.register_juror', tx.dispute.registerJuror(STAKE), jurors[0], 'Dispute.AlreadyJuror');
  await ok('Dispute.add_stake', tx.dispute.addStake(50n * BZR), jurors[1]);
  await ok('Dispute.unregister_juror', tx.dispute.unregisterJuror(), jurors[JUROR_COUNT - 1]);
  await fail('Dispute.unregister_juror', tx.dispute.unregisterJuror(), jurors[JUROR_COUNT - 1], 'Dispute.NotJuror');

  // --- Dispute 1 on O5: buyer Charlie v. seller Alice; round 0 favours the buyer, Alice appeals, round 1 rules.
  log('dispute with appeal');
  const disputeIds: bigint[] = [];
  const opened = await ok('Dispute.open_dispute', tx.dispute.openDispute(o5.orderId, CID.v0), charlie);
  const d1 = BigInt(theEvent(opened, 'Dispute.DisputeOpened').disputeId as number);
  disputeIds.push(d1);
  let selected = theEvent(opened, 'Dispute.JurorsSelected');
  let seated = pairsOf(selected.jurors);
  await ok('Dispute.submit_evidence', tx.dispute.submitEvidence(d1, CID.v1), charlie);
  await ok('Dispute.submit_evidence', tx.dispute.submitEvidence(d1, CID.v1Raw), alice);
  await fail('Dispute.submit_evidence', tx.dispute.submitEvidence(d1, CID.v0), ferdie, 'Dispute.NotParty');
  const votePhase = async (
    dispute: bigint,
    deadlines: Record<string, unknown>,
    jury: KeyringPair[],
    votes: (Vote | null | undefined)[],
  ) => {
    // votes[i]: a vote (committed and revealed), null (committed, never revealed), undefined (never commits).
    await nextBlockIs(api, Number(deadlines.evidenceEnd));
    for (const [index, juror] of jury.entries()) {
      const vote = votes[index];
      if (vote === undefined) continue;
      const committed = commitmentOf(vote ?? 'RefundBuyer', salt(index + 1));
      await ok('Dispute.commit_vote', tx.dispute.commitVote(dispute, committed), juror);
    }
    await nextBlockIs(api, Number(deadlines.commitEnd));
    for (const [index, juror] of jury.entries()) {
      const vote = votes[index];
      if (vote === undefined || vote === null) continue;
      await ok('Dispute.reveal_vote', tx.dispute.revealVote(dispute, vote, salt(index + 1)), juror);
    }
  };
  await fail('Dispute.commit_vote', tx.dispute.commitVote(d1, new Uint8Array(32)), seated[0], 'Dispute.WrongPhase');
  await votePhase(d1, selected, seated, ['RefundBuyer', 'RefundBuyer', { PartialRefund: 30 }, 'RefundBuyer', null]);
  await fail(
    'Dispute.reveal_vote',
    tx.dispute.revealVote(d1, 'RefundBuyer', salt(1)),
    seated[0],
    'Dispute.AlreadyRevealed',
  );
  await nextBlockIs(api, Number(selected.revealEnd));
  await fail('Dispute.appeal', tx.dispute.appeal(d1), charlie, 'Dispute.NotLosingSide');
  const appealed = await ok('Dispute.appeal', tx.dispute.appeal(d1), alice);
  selected = theEvent(appealed, 'Dispute.Appealed');
  seated = pairsOf(selected.jurors);
  if (seated.length !== 11) throw new Error(`the appeal drew ${seated.length} jurors`);
  await votePhase(d1, selected, seated, [
    'ReleaseSeller',
    'ReleaseSeller',
    'ReleaseSeller',
    { PartialRefund: 60 },
    'ReleaseSeller',
    'RefundBuyer',
    'ReleaseSeller',
    { PartialRefund: 60 },
    'ReleaseSeller',
    undefined,
    null,
  ]);
  await nextBlockIs(api, Number(selected.appealEnd));
  await ok('Dispute.execute_ruling', tx.dispute.executeRuling(d1), ferdie);
  await fail('Dispute.execute_ruling', tx.dispute.executeRuling(d1), ferdie, 'Dispute.AlreadyResolved');

  // --- Dispute 2 on O6: opened by seller Dave, nobody votes: the round is redrawn, then ruled PartialRefund(50).
  log('dispute redrawn');
  const opened2 = await ok('Dispute.open_dispute', tx.dispute.openDispute(o6.orderId, CID.v1Base16), dave);
  const d2 = BigInt(theEvent(opened2, 'Dispute.DisputeOpened').disputeId as number);
  disputeIds.push(d2);
  selected = theEvent(opened2, 'Dispute.JurorsSelected');
  await nextBlockIs(api, Number(selected.appealEnd));
  const redrawn = await ok('Dispute.execute_ruling', tx.dispute.executeRuling(d2), bob);
  selected = theEvent(redrawn, 'Dispute.JurorsSelected');
  seated = pairsOf(selected.jurors);
  await votePhase(d2, selected, seated, [null, undefined, undefined, undefined, undefined]);
  await nextBlockIs(api, Number(selected.appealEnd));
  await ok('Dispute.execute_ruling', tx.dispute.executeRuling(d2), bob);

  // --- Dispute 3 on O7: left open at H, with a commitment (no reveal yet).
  log('open dispute left at H');
  const opened3 = await ok('Dispute.open_dispute', tx.dispute.openDispute(o7.orderId, CID.v1), bob);
  const d3 = BigInt(theEvent(opened3, 'Dispute.DisputeOpened').disputeId as number);
  disputeIds.push(d3);
  selected = theEvent(opened3, 'Dispute.JurorsSelected');
  seated = pairsOf(selected.jurors);
  await nextBlockIs(api, Number(selected.evidenceEnd));
  await ok('Dispute.commit_vote', tx.dispute.commitVote(d3, commitmentOf('ReleaseSeller', salt(9))), seated[2]);
  await fail('Dispute.unregister_juror', tx.dispute.unregisterJuror(), seated[2], 'Dispute.JurorBusy');

  // O4's auto-release (shipped + 100 blocks) has passed by now; make sure, then a last call in its own block.
  const o4Order = (await api.query.commerce.orders(o4.orderId)).unwrap();
  if (o4Order.status.type !== 'Completed') throw new Error(`O4 should have auto-released: ${o4Order.status.type}`);
  await ok('Commerce.mark_shipped', tx.commerce.markShipped(o8.orderId, null), alice);
  await root('Rewards.mint_cashback', tx.rewards.mintCashback(bob.address, 1n * BZR, 'thanks'));
  await newBlocks(api, 2);

  const header = await api.rpc.chain.getHeader();
  log(`scenario done at #${header.number.toNumber()}`);
  return {
    head: header.number.toNumber(),
    headHash: header.hash.toHex(),
    succeeded,
    failures,
    storeIds: [aliceStore, daveStore, ferdieStore],
    orderIds,
    disputeIds,
  };
}

/** The `Pallet.call`s of PALLET_CALLS the scenario did not make succeed. */
export function missingCalls(result: ScenarioResult): string[] {
  return Object.entries(PALLET_CALLS).flatMap(([pallet, calls]) =>
    calls.map((call) => `${pallet}.${call}`).filter((call) => !result.succeeded.has(call)),
  );
}
