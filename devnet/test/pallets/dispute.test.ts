/**
 * `pallet_dispute` on the devnet through @polkadot/api: the juror pool, opening a dispute (NotEnoughJurors
 * changing nothing), evidence, commit and reveal (with a commitment mismatch and a juror who never reveals),
 * an appeal to 2n + 1 fresh jurors, and each ruling kind with its fee returns, rewards and slashes; every
 * forbidden caller and phase fails with its named error. Jurors are drawn from the parent hash, so the test
 * reads who was drawn from `JurorsSelected` and `Appealed`; phases are reached with `dev_newBlock`.
 */

import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aConcat } from '@polkadot/util';
import { blake2AsU8a, xxhashAsHex } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  JURORS_PER_DISPUTE,
  MAX_JURORS,
  MAX_JURORS_PER_ROUND,
  MAX_ROUNDS,
  tally,
} from '../../src/runtime/pallets/dispute.ts';
import {
  BZR,
  blockNumber,
  CID,
  completedOrder,
  events,
  expectFailure,
  fields,
  freeBalance,
  type Harness,
  newBlocks,
  ok,
  order,
  paidOrder,
  startHarness,
  submit,
  sudo,
  TREASURY_ACCOUNT,
} from './fixtures.ts';

type Vote = 'RefundBuyer' | 'ReleaseSeller' | { PartialRefund: number };

interface Opened {
  disputeId: bigint;
  orderId: bigint;
  total: bigint;
  jurors: KeyringPair[];
  deadlines: Deadlines;
}

interface Deadlines {
  evidenceEnd: number;
  commitEnd: number;
  revealEnd: number;
  appealEnd: number;
}

const POOL_SIZE = 40;
const STAKE = 200n * BZR;
const FEE = 5n * BZR;
const APPEAL_FEE = 10n * BZR;
const SLASH = STAKE / 10n;

let harness: Harness;
const jurorPairs: KeyringPair[] = [];
const byAddress = new Map<string, KeyringPair>();

function salt(seed: number): Uint8Array {
  return new Uint8Array(32).fill(seed);
}

/** blake2_256(SCALE(vote) ++ salt), computed with the metadata's vote type. */
function commitment(vote: Vote, saltBytes: Uint8Array): Uint8Array {
  const encoded = harness.api.createType('PalletDisputeVote', vote).toU8a();
  return blake2AsU8a(u8aConcat(encoded, saltBytes), 256);
}

/** Builds blocks so that the next transaction lands in block `n`. */
async function nextBlockIs(n: number): Promise<void> {
  const current = await blockNumber(harness.api);
  if (current >= n) throw new Error(`already at block ${current}, wanted the next to be ${n}`);
  if (n - 1 > current) await newBlocks(harness.api, n - 1 - current);
}

function deadlinesOf(data: Record<string, unknown>): Deadlines {
  return {
    evidenceEnd: Number(data.evidenceEnd),
    commitEnd: Number(data.commitEnd),
    revealEnd: Number(data.revealEnd),
    appealEnd: Number(data.appealEnd),
  };
}

function pairsOf(addresses: unknown): KeyringPair[] {
  return (addresses as string[]).map((address) => {
    const pair = byAddress.get(address);
    if (!pair) throw new Error(`unknown juror ${address}`);
    return pair;
  });
}

async function openDispute(plaintiff: KeyringPair, seller: KeyringPair, buyer: KeyringPair): Promise<Opened> {
  const { api } = harness;
  const placed = await paidOrder(harness, seller, buyer);
  const outcome = await ok(submit(api, api.tx.dispute.openDispute(placed.orderId, CID.v0), plaintiff));
  const opened = fields(events(outcome, 'dispute.DisputeOpened')[0]);
  const selected = fields(events(outcome, 'dispute.JurorsSelected')[0]);
  expect(selected.round).toBe(0);
  const jurors = pairsOf(selected.jurors);
  expect(jurors).toHaveLength(5);
  const opening = await blockNumber(api, outcome.blockHash);
  const deadlines = deadlinesOf(selected);
  expect(deadlines).toEqual({
    evidenceEnd: opening + 10,
    commitEnd: opening + 20,
    revealEnd: opening + 30,
    appealEnd: opening + 40,
  });
  expect((await order(api, placed.orderId)).status.type).toBe('Disputed');
  return {
    disputeId: BigInt(opened.disputeId as number),
    orderId: placed.orderId,
    total: (await order(api, placed.orderId)).total.toBigInt(),
    jurors,
    deadlines,
  };
}

/** Commits then reveals `votes[i]` for `jurors[i]` (undefined: never commits) and waits for the appeal window. */
async function vote(dispute: Opened, votes: (Vote | undefined)[]): Promise<void> {
  const { api } = harness;
  await nextBlockIs(dispute.deadlines.evidenceEnd);
  for (const [index, juror] of dispute.jurors.entries()) {
    const choice = votes[index];
    if (choice === undefined) continue;
    await ok(submit(api, api.tx.dispute.commitVote(dispute.disputeId, commitment(choice, salt(index))), juror));
  }
  await nextBlockIs(dispute.deadlines.commitEnd);
  for (const [index, juror] of dispute.jurors.entries()) {
    const choice = votes[index];
    if (choice === undefined) continue;
    await ok(submit(api, api.tx.dispute.revealVote(dispute.disputeId, choice, salt(index)), juror));
  }
}

async function execute(dispute: Opened) {
  const { api, accounts } = harness;
  await nextBlockIs(dispute.deadlines.appealEnd);
  return ok(submit(api, api.tx.dispute.executeRuling(dispute.disputeId), accounts.ferdie));
}

function amounts(outcome: Parameters<typeof events>[0], name: string): Map<string, bigint> {
  return new Map(
    events(outcome, name).map((event) => {
      const data = fields(event);
      return [String(data.juror ?? data.to), BigInt(data.amount as number | string)];
    }),
  );
}

/** Every storage entry of the Dispute pallet at a block. */
async function disputeStorage(at: string): Promise<Record<string, string>> {
  const { api } = harness;
  const keys = await api.rpc.state.getKeysPaged(xxhashAsHex('Dispute', 128), 1000, undefined, at);
  expect(keys.length).toBeLessThan(1000);
  const values = (await api.rpc.state.queryStorageAt(keys, at)) as unknown as { toHex(): string }[];
  return Object.fromEntries(keys.map((key, index) => [key.toHex(), values[index].toHex()]));
}

/** `expectFailure` (Commerce, Escrow, Rewards, Assets and balances unchanged), and the Dispute storage unchanged. */
async function expectUnchanged(tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair, error: string) {
  const before = await disputeStorage((await harness.api.rpc.chain.getBlockHash()).toHex());
  const outcome = await expectFailure(harness, tx, signer, error);
  expect(await disputeStorage(outcome.blockHash)).toEqual(before);
  return outcome;
}

function sum(values: Map<string, bigint>): bigint {
  return [...values.values()].reduce((total, value) => total + value, 0n);
}

async function stakeOf(pair: KeyringPair) {
  return (await harness.api.query.dispute.jurors(pair.address)).unwrap();
}

beforeAll(async () => {
  harness = await startHarness();
  const { api, accounts } = harness;
  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  for (let index = 0; index < POOL_SIZE; index++) {
    const juror = keyring.addFromUri(`//Juror${index}`);
    jurorPairs.push(juror);
    byAddress.set(juror.address, juror);
  }
  await ok(
    sudo(
      api,
      accounts.alice,
      api.tx.utility.batch(jurorPairs.map((juror) => api.tx.balances.forceSetBalance(juror.address, 1_000n * BZR))),
    ),
  );
  for (const juror of jurorPairs.slice(0, 4)) await ok(submit(api, api.tx.dispute.registerJuror(STAKE), juror));
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

describe('constants and the tally', () => {
  it('match the mirrors used by the weights', () => {
    const { api } = harness;
    expect(api.consts.dispute.maxJurors.toNumber()).toBe(MAX_JURORS);
    expect(api.consts.dispute.maxRounds.toNumber()).toBe(MAX_ROUNDS);
    expect(api.consts.dispute.jurorsPerDispute.toNumber()).toBe(JURORS_PER_DISPUTE);
    expect(api.consts.dispute.maxJurorsPerRound.toNumber()).toBe(MAX_JURORS_PER_ROUND);
  });

  it('takes the plurality, PartialRefund votes at their median, a tie at 50%', () => {
    const partial = (value: number) => ({ __kind: 'PartialRefund', value }) as const;
    expect(tally([])).toBeNull();
    expect(tally([partial(10), partial(40), { __kind: 'RefundBuyer' }])).toEqual(partial(25));
    expect(tally([{ __kind: 'ReleaseSeller' }, { __kind: 'RefundBuyer' }, partial(90)])).toEqual(partial(50));
    expect(tally([{ __kind: 'ReleaseSeller' }])).toEqual({ __kind: 'ReleaseSeller' });
  });
});

describe('opening without enough jurors', () => {
  it('fails with NotEnoughJurors and changes nothing', async () => {
    const { api, accounts } = harness;
    const placed = await paidOrder(harness, accounts.bob, accounts.charlie);
    // Four jurors for a jury of five.
    await expectUnchanged(
      api.tx.dispute.openDispute(placed.orderId, CID.v0),
      accounts.charlie,
      'dispute.NotEnoughJurors',
    );
    expect((await order(api, placed.orderId)).status.type).toBe('Paid');
    expect((await api.query.dispute.nextDisputeId()).toBigInt()).toBe(0n);
    expect((await api.query.dispute.disputeByOrder(placed.orderId)).isNone).toBe(true);
    expect((await api.query.system.account(accounts.charlie.address)).data.reserved.toBigInt()).toBe(0n);
  });
});

describe('juror pool', () => {
  it('registers, adds stake, unregisters, with its errors', async () => {
    const { api } = harness;
    const [first, , , , fifth] = jurorPairs;
    await expectUnchanged(api.tx.dispute.registerJuror(STAKE), first, 'dispute.AlreadyJuror');
    await expectUnchanged(api.tx.dispute.registerJuror(99n * BZR), fifth, 'dispute.StakeTooLow');
    await expectUnchanged(api.tx.dispute.addStake(BZR), fifth, 'dispute.NotJuror');
    await expectUnchanged(api.tx.dispute.unregisterJuror(), fifth, 'dispute.NotJuror');
    await expectUnchanged(api.tx.dispute.addStake(0), first, 'dispute.ZeroAmount');

    const registered = await ok(submit(api, api.tx.dispute.registerJuror(STAKE), fifth));
    expect(fields(events(registered, 'dispute.JurorRegistered')[0])).toMatchObject({ stake: Number(STAKE) });
    const added = await ok(submit(api, api.tx.dispute.addStake(BZR), fifth));
    expect(fields(events(added, 'dispute.JurorStakeAdded')[0])).toMatchObject({
      amount: Number(BZR),
      stake: Number(STAKE + BZR),
    });
    const left = await ok(submit(api, api.tx.dispute.unregisterJuror(), fifth));
    expect(fields(events(left, 'dispute.JurorUnregistered')[0])).toMatchObject({ stake: Number(STAKE + BZR) });
    expect((await api.query.system.account(fifth.address)).data.reserved.toBigInt()).toBe(0n);

    for (const juror of jurorPairs.slice(4)) await ok(submit(api, api.tx.dispute.registerJuror(STAKE), juror));
    expect((await api.query.dispute.jurorPool()).length).toBe(POOL_SIZE);
  }, 60_000);
});

describe('a full dispute with an appeal', () => {
  it('runs evidence, commit, reveal, appeal and rules RefundBuyer, with every forbidden call failing', async () => {
    const { api, accounts } = harness;
    const { alice, bob, charlie } = accounts;

    // Opening: only a party, only a Paid or Shipped order, a valid CID.
    const done = await completedOrder(harness, bob, charlie);
    await expectUnchanged(api.tx.dispute.openDispute(done.orderId, CID.v0), charlie, 'dispute.OrderNotDisputable');
    await expectUnchanged(api.tx.dispute.openDispute(9_999n, CID.v0), charlie, 'dispute.OrderNotFound');
    const placed = await paidOrder(harness, bob, charlie);
    await expectUnchanged(api.tx.dispute.openDispute(placed.orderId, CID.v0), alice, 'dispute.NotParty');
    await expectUnchanged(api.tx.dispute.openDispute(placed.orderId, 'not a cid'), charlie, 'dispute.InvalidCid');

    const outcome = await ok(submit(api, api.tx.dispute.openDispute(placed.orderId, CID.v0), charlie));
    const opened = fields(events(outcome, 'dispute.DisputeOpened')[0]);
    expect(opened).toMatchObject({ plaintiff: charlie.address, defendant: bob.address, fee: Number(FEE) });
    expect(events(outcome, 'escrow.Frozen')).toHaveLength(1);
    const selected = fields(events(outcome, 'dispute.JurorsSelected')[0]);
    const disputeId = BigInt(opened.disputeId as number);
    const jurors = pairsOf(selected.jurors);
    const d0 = deadlinesOf(selected);
    expect((await api.query.system.account(charlie.address)).data.reserved.toBigInt()).toBe(FEE);
    expect(new Set(jurors.map((j) => j.address)).size).toBe(5);

    // Evidence phase (block opening+1 .. evidence_end-1): 8 transactions here.
    await expectUnchanged(api.tx.dispute.openDispute(placed.orderId, CID.v0), bob, 'dispute.OrderNotDisputable');
    await ok(submit(api, api.tx.dispute.submitEvidence(disputeId, CID.v1), bob));
    await expectUnchanged(api.tx.dispute.submitEvidence(disputeId, CID.v1), alice, 'dispute.NotParty');
    await expectUnchanged(api.tx.dispute.submitEvidence(disputeId, 'bad'), charlie, 'dispute.InvalidCid');
    await expectUnchanged(api.tx.dispute.submitEvidence(77n, CID.v1), charlie, 'dispute.DisputeNotFound');
    await expectUnchanged(
      api.tx.dispute.commitVote(disputeId, commitment('RefundBuyer', salt(0))),
      jurors[0],
      'dispute.WrongPhase',
    );
    await expectUnchanged(api.tx.dispute.unregisterJuror(), jurors[0], 'dispute.JurorBusy');
    expect((await api.query.dispute.evidence(disputeId, bob.address)).length).toBe(1);

    // Commit phase: two for the seller, one for the buyer, one who will reveal the wrong salt, one never commits.
    await nextBlockIs(d0.evidenceEnd);
    await expectUnchanged(api.tx.dispute.submitEvidence(disputeId, CID.v1), charlie, 'dispute.WrongPhase');
    const outsider = jurorPairs.find((pair) => !jurors.includes(pair)) as KeyringPair;
    await expectUnchanged(
      api.tx.dispute.commitVote(disputeId, commitment('RefundBuyer', salt(9))),
      outsider,
      'dispute.NotSelectedJuror',
    );
    const votes: Vote[] = ['ReleaseSeller', 'ReleaseSeller', 'RefundBuyer', 'RefundBuyer'];
    for (const [index, choice] of votes.entries()) {
      const committed = await ok(
        submit(api, api.tx.dispute.commitVote(disputeId, commitment(choice, salt(index))), jurors[index]),
      );
      expect(fields(events(committed, 'dispute.VoteCommitted')[0])).toMatchObject({
        round: 0,
        juror: jurors[index].address,
      });
    }
    await expectUnchanged(
      api.tx.dispute.commitVote(disputeId, commitment('RefundBuyer', salt(0))),
      jurors[0],
      'dispute.AlreadyCommitted',
    );
    await expectUnchanged(
      api.tx.dispute.revealVote(disputeId, 'ReleaseSeller', salt(0)),
      jurors[0],
      'dispute.WrongPhase',
    );

    // Reveal phase.
    await nextBlockIs(d0.commitEnd);
    for (const index of [0, 1, 2]) {
      const revealed = await ok(
        submit(api, api.tx.dispute.revealVote(disputeId, votes[index], salt(index)), jurors[index]),
      );
      expect(events(revealed, 'dispute.VoteRevealed')).toHaveLength(1);
    }
    await expectUnchanged(
      api.tx.dispute.revealVote(disputeId, 'RefundBuyer', salt(42)),
      jurors[3],
      'dispute.CommitmentMismatch',
    );
    await expectUnchanged(
      api.tx.dispute.revealVote(disputeId, 'ReleaseSeller', salt(3)),
      jurors[3],
      'dispute.CommitmentMismatch',
    );
    await expectUnchanged(
      api.tx.dispute.revealVote(disputeId, 'RefundBuyer', salt(4)),
      jurors[4],
      'dispute.NotCommitted',
    );
    await expectUnchanged(
      api.tx.dispute.revealVote(disputeId, 'ReleaseSeller', salt(0)),
      jurors[0],
      'dispute.AlreadyRevealed',
    );
    await expectUnchanged(api.tx.dispute.appeal(disputeId), charlie, 'dispute.WrongPhase');

    // Appeal window: round 0 says ReleaseSeller (2 to 1), so only the buyer may appeal.
    await nextBlockIs(d0.revealEnd);
    await expectUnchanged(api.tx.dispute.executeRuling(disputeId), alice, 'dispute.WrongPhase');
    await expectUnchanged(api.tx.dispute.appeal(disputeId), bob, 'dispute.NotLosingSide');
    await expectUnchanged(api.tx.dispute.appeal(disputeId), alice, 'dispute.NotParty');
    const appealed = await ok(submit(api, api.tx.dispute.appeal(disputeId), charlie));
    const appeal = fields(events(appealed, 'dispute.Appealed')[0]);
    expect(appeal).toMatchObject({ round: 1, appellant: charlie.address, fee: Number(APPEAL_FEE) });
    const jurors1 = pairsOf(appeal.jurors);
    expect(jurors1).toHaveLength(11);
    expect(jurors1.some((juror) => jurors.includes(juror))).toBe(false);
    const d1 = deadlinesOf(appeal);
    expect((await api.query.system.account(charlie.address)).data.reserved.toBigInt()).toBe(FEE + APPEAL_FEE);

    // Round 1: three jurors refund the buyer, the eight others never commit.
    const round1: Opened = { disputeId, orderId: placed.orderId, total: 10n * BZR, jurors: jurors1, deadlines: d1 };
    await vote(round1, ['RefundBuyer', 'RefundBuyer', 'RefundBuyer']);
    await nextBlockIs(d1.revealEnd);
    await expectUnchanged(api.tx.dispute.appeal(disputeId), charlie, 'dispute.NotLosingSide');

    const buyerBefore = await freeBalance(api, charlie.address);
    const ruled = await execute(round1);
    expect(fields(events(ruled, 'dispute.RulingExecuted')[0])).toEqual({
      disputeId: Number(disputeId),
      orderId: Number(placed.orderId),
      ruling: { refundBuyer: null },
      toBuyer: Number(10n * BZR),
      toSeller: 0,
    });
    // Both of the buyer's fees come back.
    const returned = events(ruled, 'dispute.FeeReturned').map((event) => BigInt(fields(event).amount as number));
    expect(returned).toEqual([FEE, APPEAL_FEE]);
    expect(await freeBalance(api, charlie.address)).toBe(buyerBefore + 10n * BZR + FEE + APPEAL_FEE);
    expect((await api.query.system.account(charlie.address)).data.reserved.toBigInt()).toBe(0n);
    // Slashed: the two ReleaseSeller voters, the mismatch, the silent one, the eight silent of round 1.
    const slashed = amounts(ruled, 'dispute.JurorSlashed');
    const expectedSlashed = [jurors[0], jurors[1], jurors[3], jurors[4], ...jurors1.slice(3)];
    expect([...slashed.keys()].sort()).toEqual(expectedSlashed.map((j) => j.address).sort());
    for (const amount of slashed.values()) expect(amount).toBe(SLASH);
    // Rewarded: the coherent RefundBuyer voters of both rounds share the 12 slashes.
    const rewarded = amounts(ruled, 'dispute.JurorRewarded');
    const coherent = [jurors[2], ...jurors1.slice(0, 3)];
    expect([...rewarded.keys()].sort()).toEqual(coherent.map((j) => j.address).sort());
    expect([...rewarded.values()].reduce((a, b) => a + b, 0n)).toBe(SLASH * 12n);
    expect((await stakeOf(jurors[0])).stake.toBigInt()).toBe(STAKE - SLASH);
    expect((await stakeOf(jurors[0])).activeDisputes.toNumber()).toBe(0);
    expect((await order(api, placed.orderId)).status.type).toBe('Resolved');
    const dispute = (await api.query.dispute.disputes(disputeId)).unwrap();
    expect(dispute.status.isResolved).toBe(true);

    await expectUnchanged(api.tx.dispute.executeRuling(disputeId), alice, 'dispute.AlreadyResolved');
    await expectUnchanged(api.tx.dispute.appeal(disputeId), charlie, 'dispute.AlreadyResolved');
    // Not busy any more: a juror of the dispute can leave and come back.
    await ok(submit(api, api.tx.dispute.unregisterJuror(), jurors[2]));
    await ok(submit(api, api.tx.dispute.registerJuror(STAKE), jurors[2]));
  }, 80_000);
});

describe('rulings', () => {
  it('ReleaseSeller: the buyer plaintiff loses the fee to the coherent jurors', async () => {
    const { api, accounts } = harness;
    const dispute = await openDispute(accounts.charlie, accounts.bob, accounts.charlie);
    await vote(dispute, ['ReleaseSeller', 'ReleaseSeller', 'ReleaseSeller', 'RefundBuyer', 'RefundBuyer']);
    const ruled = await execute(dispute);
    expect(fields(events(ruled, 'dispute.RulingExecuted')[0])).toMatchObject({
      ruling: { releaseSeller: null },
      toBuyer: 0,
      toSeller: Number(dispute.total),
    });
    expect(events(ruled, 'dispute.FeeReturned')).toHaveLength(0);
    const rewarded = amounts(ruled, 'dispute.JurorRewarded');
    expect([...rewarded.keys()].sort()).toEqual(
      dispute.jurors
        .slice(0, 3)
        .map((j) => j.address)
        .sort(),
    );
    const slashed = amounts(ruled, 'dispute.JurorSlashed');
    expect([...slashed.keys()].sort()).toEqual(
      dispute.jurors
        .slice(3)
        .map((j) => j.address)
        .sort(),
    );
    expect(sum(rewarded)).toBe(FEE + sum(slashed));
    expect((await api.query.system.account(accounts.charlie.address)).data.reserved.toBigInt()).toBe(0n);
  });

  it('PartialRefund at the median percent, opened by the seller who is favoured', async () => {
    const { api, accounts } = harness;
    const dispute = await openDispute(accounts.dave, accounts.dave, accounts.eve);
    // The opening CID and 15 more fill the plaintiff's 16 pieces of evidence.
    await ok(
      submit(
        api,
        api.tx.utility.batchAll(
          Array.from({ length: 15 }, () => api.tx.dispute.submitEvidence(dispute.disputeId, CID.v1Raw)),
        ),
        accounts.dave,
      ),
    );
    expect((await api.query.dispute.evidence(dispute.disputeId, accounts.dave.address)).length).toBe(16);
    await expectUnchanged(
      api.tx.dispute.submitEvidence(dispute.disputeId, CID.v1),
      accounts.dave,
      'dispute.TooMuchEvidence',
    );
    await vote(dispute, [
      { PartialRefund: 70 },
      { PartialRefund: 20 },
      { PartialRefund: 30 },
      'RefundBuyer',
      'ReleaseSeller',
    ]);
    const ruled = await execute(dispute);
    expect(fields(events(ruled, 'dispute.RulingExecuted')[0])).toMatchObject({
      ruling: { partialRefund: 30 },
      toBuyer: Number((dispute.total * 30n) / 100n),
      toSeller: Number((dispute.total * 70n) / 100n),
    });
    const returned = events(ruled, 'dispute.FeeReturned').map(fields);
    expect(returned).toEqual([
      { disputeId: Number(dispute.disputeId), to: accounts.dave.address, amount: Number(FEE) },
    ]);
    expect([...amounts(ruled, 'dispute.JurorRewarded').keys()].sort()).toEqual(
      dispute.jurors
        .slice(0, 3)
        .map((j) => j.address)
        .sort(),
    );
    expect((await api.query.system.account(accounts.dave.address)).data.reserved.toBigInt()).toBe(0n);
  });

  it('a tie gives PartialRefund(50); with no coherent juror the slashes go to the treasury', async () => {
    const { api, accounts } = harness;
    const dispute = await openDispute(accounts.eve, accounts.ferdie, accounts.eve);
    await vote(dispute, ['RefundBuyer', 'RefundBuyer', 'ReleaseSeller', 'ReleaseSeller', undefined]);
    const treasuryBefore = await freeBalance(api, TREASURY_ACCOUNT);
    const ruled = await execute(dispute);
    expect(fields(events(ruled, 'dispute.RulingExecuted')[0])).toMatchObject({
      ruling: { partialRefund: 50 },
      toBuyer: Number(dispute.total / 2n),
      toSeller: Number(dispute.total / 2n),
    });
    expect(events(ruled, 'dispute.FeeReturned')).toHaveLength(1);
    const slashed = amounts(ruled, 'dispute.JurorSlashed');
    expect(slashed.size).toBe(5);
    expect(events(ruled, 'dispute.JurorRewarded')).toHaveLength(0);
    // The slashes move to the treasury (which also receives part of the transaction fee).
    const toTreasury = events(ruled, 'balances.ReserveRepatriated')
      .map(fields)
      .filter(({ to }) => to === api.createType('AccountId32', TREASURY_ACCOUNT).toString());
    expect(toTreasury.reduce((total, { amount }) => total + BigInt(amount as number), 0n)).toBe(sum(slashed));
    expect(await freeBalance(api, TREASURY_ACCOUNT)).toBeGreaterThanOrEqual(treasuryBefore + sum(slashed));
  });

  it('no reveals: the round is redrawn once, then PartialRefund(50)', async () => {
    const { api, accounts } = harness;
    const dispute = await openDispute(accounts.charlie, accounts.dave, accounts.charlie);
    const redrawn = await execute(dispute);
    expect(events(redrawn, 'dispute.RulingExecuted')).toHaveLength(0);
    expect(events(redrawn, 'dispute.JurorSlashed')).toHaveLength(5);
    const selected = fields(events(redrawn, 'dispute.JurorsSelected')[0]);
    expect(selected.round).toBe(0);
    const jurors = pairsOf(selected.jurors);
    expect(jurors.some((juror) => dispute.jurors.includes(juror))).toBe(false);
    const opened = await blockNumber(api, redrawn.blockHash);
    expect(deadlinesOf(selected).evidenceEnd).toBe(opened + 10);
    expect((await order(api, dispute.orderId)).status.type).toBe('Disputed');

    const second: Opened = { ...dispute, jurors, deadlines: deadlinesOf(selected) };
    const ruled = await execute(second);
    expect(fields(events(ruled, 'dispute.RulingExecuted')[0])).toMatchObject({ ruling: { partialRefund: 50 } });
    expect(events(ruled, 'dispute.JurorsSelected')).toHaveLength(0);
    expect(events(ruled, 'dispute.FeeReturned')).toHaveLength(1);
    expect([...amounts(ruled, 'dispute.JurorSlashed').keys()].sort()).toEqual(jurors.map((j) => j.address).sort());
    expect((await order(api, dispute.orderId)).status.type).toBe('Resolved');
  });

  it('appeals double in fee up to MaxRounds; forfeited appeal fees go to the coherent jurors', async () => {
    const { api, accounts } = harness;
    const { bob, charlie } = accounts;
    let round: Opened = await openDispute(charlie, bob, charlie);
    const fees: bigint[] = [];
    for (let appealed = 0; appealed < MAX_ROUNDS - 1; appealed++) {
      // One juror reveals RefundBuyer: the seller loses and appeals.
      await vote(round, ['RefundBuyer']);
      await nextBlockIs(round.deadlines.revealEnd);
      const outcome = await ok(submit(api, api.tx.dispute.appeal(round.disputeId), bob));
      const appeal = fields(events(outcome, 'dispute.Appealed')[0]);
      const jurors = pairsOf(appeal.jurors);
      expect(jurors).toHaveLength(2 * round.jurors.length + 1);
      fees.push(BigInt(appeal.fee as number));
      round = { ...round, jurors, deadlines: deadlinesOf(appeal) };
    }
    expect(fees).toEqual([APPEAL_FEE, 2n * APPEAL_FEE]);
    expect(round.jurors).toHaveLength(MAX_JURORS_PER_ROUND);
    await vote(round, ['RefundBuyer']);
    await nextBlockIs(round.deadlines.revealEnd);
    await expectUnchanged(api.tx.dispute.appeal(round.disputeId), bob, 'dispute.MaxRoundsReached');
    const ruled = await execute(round);
    expect(fields(events(ruled, 'dispute.RulingExecuted')[0])).toMatchObject({ ruling: { refundBuyer: null } });
    expect(events(ruled, 'dispute.FeeReturned').map(fields)).toEqual([
      { disputeId: Number(round.disputeId), to: charlie.address, amount: Number(FEE) },
    ]);
    const rewarded = amounts(ruled, 'dispute.JurorRewarded');
    expect(rewarded.size).toBe(3);
    expect(sum(rewarded)).toBe(3n * APPEAL_FEE + sum(amounts(ruled, 'dispute.JurorSlashed')));
    expect((await api.query.system.account(bob.address)).data.reserved.toBigInt()).toBe(0n);
  });
});
