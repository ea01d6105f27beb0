/**
 * The Rewards, Dispute, Assets (ZARI) and failed-call mappings against a real devnet, embedded Postgres,
 * processor and GraphQL server: missions of every kind, cashback of completed orders, three disputes (commit
 * and reveal, an appeal, a redraw after no reveal; RefundBuyer, PartialRefund and ReleaseSeller rulings,
 * juror rewards and slashes), failed calls (a module error with its docs, BadOrigin, a failure inside
 * `utility.batch` and `batch_all`; a failure outside the Bazari pallets not indexed), ZARI transfers and
 * another asset whose events are not indexed. Missions, disputes (rounds, seats, commitments, evidence) and
 * jurors read through GraphQL equal the chain's storage at the indexed head.
 */
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aConcat } from '@polkadot/util';
import { blake2AsU8a, encodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BZR,
  CID,
  connect,
  derivedAccounts,
  devAccounts,
  errorName,
  eventFields,
  expectOutcome,
  headNumber,
  nextBlockIs,
  type Outcome,
  submit,
  sudo,
  theEvent,
} from '../scenario/chain.ts';
import { missionFields, readDisputes } from '../scenario/chain-state.ts';
import { gql, requireBuild, type Squid, startSquid, startTestDevnet, waitForIndexedHeight } from '../support/index.ts';

type Vote = 'RefundBuyer' | 'ReleaseSeller' | { PartialRefund: number };
type Json = Record<string, unknown>;

const STAKE = 200n * BZR;
const PRICE = 10n * BZR;
const CASHBACK_RATE = 20_000; // 2%
const OTHER_ASSET = 2000;

let devnet: Awaited<ReturnType<typeof startTestDevnet>>;
let squid: Squid;
let api: ApiPromise;
let url: string;
const dev = devAccounts();
const jurorPairs = derivedAccounts('Juror', 20);
const byAddress = new Map(jurorPairs.map((pair) => [pair.address, pair]));
/** Every outcome of the scenario, for the events the chain emitted. */
const outcomes: Outcome[] = [];
const failures: Record<string, Outcome> = {};
const otherAssetBlocks: number[] = [];
const zariTransfers: { from: string; to: string; amount: bigint }[] = [];
const disputes: Record<'a' | 'b' | 'c', { id: string; orderId: string; total: bigint }> = {} as never;

const address = (bytes: Uint8Array) => encodeAddress(bytes, 42);

async function send(tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair, error: string | null = null) {
  const outcome = await expectOutcome(api, tx, signer, error);
  outcomes.push(outcome);
  return outcome;
}

/** Through sudo (Alice), requiring the inner call's success. */
async function root(call: SubmittableExtrinsic<'promise'>) {
  const outcome = await sudo(api, dev.alice, call);
  outcomes.push(outcome);
  return outcome;
}

function commitment(vote: Vote, salt: Uint8Array): Uint8Array {
  return blake2AsU8a(u8aConcat(api.createType('PalletDisputeVote', vote).toU8a(), salt), 256);
}

const salt = (seed: number) => new Uint8Array(32).fill(seed);

interface Deadlines {
  evidenceEnd: number;
  commitEnd: number;
  revealEnd: number;
  appealEnd: number;
}

function jury(event: Json): { jurors: KeyringPair[]; deadlines: Deadlines } {
  const jurors = (event.jurors as string[]).map((who) => byAddress.get(who) as KeyringPair);
  const { evidenceEnd, commitEnd, revealEnd, appealEnd } = event as Record<string, number>;
  return { jurors, deadlines: { evidenceEnd, commitEnd, revealEnd, appealEnd } };
}

async function commitAll(disputeId: string, jurors: KeyringPair[], votes: (Vote | undefined)[]) {
  for (const [index, juror] of jurors.entries()) {
    const vote = votes[index];
    if (vote !== undefined) await send(api.tx.dispute.commitVote(disputeId, commitment(vote, salt(index))), juror);
  }
}

async function revealAll(disputeId: string, jurors: KeyringPair[], votes: (Vote | undefined)[]) {
  for (const [index, juror] of jurors.entries()) {
    const vote = votes[index];
    if (vote !== undefined) await send(api.tx.dispute.revealVote(disputeId, vote, salt(index)), juror);
  }
}

/** A store of Bob with one listing (stock 10) and a Paid order of `buyer`. */
async function paidOrder(buyer: KeyringPair): Promise<{ orderId: string; total: bigint }> {
  const store = await send(api.tx.commerce.createStore('Loja do Bob', CID.v1, new Uint8Array(32).fill(7)), dev.bob);
  const storeId = theEvent(store, 'Commerce.StoreCreated').storeId as number;
  const listing = await send(api.tx.commerce.createListing(storeId, PRICE, 10, CID.v0), dev.bob);
  const listingId = theEvent(listing, 'Commerce.ListingCreated').listingId as number;
  const order = await send(api.tx.commerce.createOrder(storeId, [{ listingId, quantity: 1 }], CID.v1Raw), buyer);
  const created = theEvent(order, 'Commerce.OrderCreated');
  return { orderId: String(created.orderId), total: BigInt(created.total as number) };
}

async function completedOrder(buyer: KeyringPair): Promise<string> {
  const { orderId } = await paidOrder(buyer);
  await send(api.tx.commerce.markShipped(orderId, CID.v1Base58), dev.bob);
  await send(api.tx.commerce.confirmDelivery(orderId), buyer);
  return orderId;
}

/** Every juror in the chain's `Jurors`, by id. */
async function chainJurors(): Promise<Json[]> {
  const jurors = (await api.query.dispute.jurors.entries()).map(([key, value]) => ({
    id: address(key.args[0]),
    stake: value.unwrap().stake.toString(),
    activeDisputes: value.unwrap().activeDisputes.toNumber(),
  }));
  return sorted(jurors, (juror) => juror.id);
}

/** The registered jurors of GraphQL's, as `chainJurors` gives them. */
function activeJurors(jurors: Json[]): Json[] {
  return jurors.filter((juror) => juror.active).map(({ id, stake, activeDisputes }) => ({ id, stake, activeDisputes }));
}

interface Checkpoint {
  readonly name: string;
  readonly disputes: IndexedDispute[];
  readonly chainDisputes: Map<string, ChainDispute>;
  readonly jurors: Json[];
  readonly chainJurors: Json[];
}

const checkpoints: Checkpoint[] = [];

/** Waits until the squid indexed the head, then keeps what GraphQL and the chain say of disputes and jurors. */
async function checkpoint(name: string): Promise<void> {
  await waitForIndexedHeight(url, await headNumber(api), { context: () => squid.processor.output() });
  const { jurors } = await gql<{ jurors: Json[] }>(
    url,
    '{ jurors(orderBy: id_ASC, limit: 100) { id stake active activeDisputes } }',
  );
  checkpoints.push({
    name,
    disputes: await indexedDisputes(),
    chainDisputes: await chainDisputes(),
    jurors: activeJurors(jurors),
    chainJurors: await chainJurors(),
  });
}

async function runScenario(): Promise<void> {
  const { bob, charlie, dave, eve, ferdie } = dev;
  await root(api.tx.utility.batch(jurorPairs.map((j) => api.tx.balances.forceSetBalance(j.address, 1_000n * BZR))));
  for (const juror of jurorPairs) await send(api.tx.dispute.registerJuror(STAKE), juror);
  await send(api.tx.dispute.addStake(50n * BZR), jurorPairs[0]);

  // Missions of each kind and the cashback rate, by root.
  const expiresAt = (await headNumber(api)) + 100_000;
  await root(
    api.tx.utility.batch([
      api.tx.rewards.setCashbackRate(CASHBACK_RATE),
      api.tx.rewards.createMission('Manual', CID.v1, 3n * BZR, 10, null, 'Manual'),
      api.tx.rewards.createMission('First purchase', null, 1n * BZR, 10, expiresAt, 'FirstPurchase'),
      api.tx.rewards.createMission('First sale', null, 2n * BZR, 10, null, 'FirstSale'),
      api.tx.rewards.createMission('Two orders', null, 4n * BZR, 1, null, { CompletedOrders: 2 }),
      api.tx.rewards.createMission('A review', CID.v0, 5n * BZR, 10, null, { ReviewsWritten: 1 }),
    ]),
  );
  await root(api.tx.rewards.completeMission(dave.address, 0));
  const first = await completedOrder(charlie);
  await completedOrder(charlie);
  await send(api.tx.commerce.rateSeller(first, 5, null), charlie);
  await root(api.tx.rewards.closeMission(0));
  await root(api.tx.rewards.mintCashback(eve.address, 7n * BZR, 'promo'));

  // ZARI between users; another asset, not indexed.
  for (const [from, to, amount] of [
    [charlie, dave, BZR / 10n],
    [dave, eve, BZR / 20n],
  ] as const) {
    await send(api.tx.assets.transfer(1000, to.address, amount), from);
    zariTransfers.push({ from: from.address, to: to.address, amount });
  }
  otherAssetBlocks.push((await send(api.tx.assets.create(OTHER_ASSET, eve.address, 1), eve)).blockNumber);
  otherAssetBlocks.push((await send(api.tx.assets.setMetadata(OTHER_ASSET, 'Other', 'OTH', 12), eve)).blockNumber);

  // Failed calls.
  failures.module = await send(api.tx.dispute.registerJuror(1n * BZR), dave, 'Dispute.StakeTooLow');
  failures.badOrigin = await send(api.tx.rewards.setCashbackRate(5), dave, 'BadOrigin');
  failures.batch = await send(
    api.tx.utility.batch([
      api.tx.commerce.createStore('Loja do Dave', CID.v1, new Uint8Array(32)),
      api.tx.escrow.release(999_999),
    ]),
    dave,
  );
  failures.batchAll = await send(api.tx.utility.batchAll([api.tx.rewards.closeMission(1)]), dave, 'BadOrigin');
  failures.other = await submit(api, api.tx.balances.transferKeepAlive(eve.address, 10n ** 30n), dave);
  expect(failures.other.error).not.toBeNull();
  failures.forceBatch = await send(
    api.tx.utility.forceBatch([
      api.tx.escrow.refund(888_888),
      api.tx.balances.transferKeepAlive(eve.address, 10n ** 30n),
      api.tx.commerce.createStore('Outra loja do Dave', CID.v1, new Uint8Array(32)),
      api.tx.escrow.release(777_777),
    ]),
    dave,
  );
  expect(eventFields(failures.forceBatch, 'Utility.ItemFailed')).toHaveLength(3);
  failures.sudo = await send(
    api.tx.sudo.sudo(api.tx.rewards.createMission('Nothing', null, 0, 1, null, 'Manual')),
    dev.alice,
  );

  // Dispute A: commit/reveal, an appeal by the losing buyer, a RefundBuyer ruling.
  const a = await paidOrder(charlie);
  const openedA = await send(api.tx.dispute.openDispute(a.orderId, CID.v0), charlie);
  const idA = String(theEvent(openedA, 'Dispute.DisputeOpened').disputeId);
  disputes.a = { id: idA, ...a };
  const roundA0 = jury(theEvent(openedA, 'Dispute.JurorsSelected'));
  await send(api.tx.dispute.submitEvidence(idA, CID.v1), bob);
  const votesA0: (Vote | undefined)[] = ['ReleaseSeller', 'ReleaseSeller', 'RefundBuyer', { PartialRefund: 30 }];
  await nextBlockIs(api, roundA0.deadlines.evidenceEnd);
  await commitAll(idA, roundA0.jurors, votesA0);
  await nextBlockIs(api, roundA0.deadlines.commitEnd);
  await revealAll(idA, roundA0.jurors, votesA0);
  await nextBlockIs(api, roundA0.deadlines.revealEnd);
  const appealed = await send(api.tx.dispute.appeal(idA), charlie);
  const roundA1 = jury(theEvent(appealed, 'Dispute.Appealed'));
  await checkpoint('appeal');
  const votesA1: (Vote | undefined)[] = [
    ...Array<Vote>(6).fill('RefundBuyer'),
    ...Array<Vote>(3).fill('ReleaseSeller'),
    { PartialRefund: 40 },
  ];
  await nextBlockIs(api, roundA1.deadlines.evidenceEnd);
  await commitAll(idA, roundA1.jurors, votesA1);
  await nextBlockIs(api, roundA1.deadlines.commitEnd);
  await revealAll(idA, roundA1.jurors, votesA1);
  await nextBlockIs(api, roundA1.deadlines.appealEnd);
  await send(api.tx.dispute.executeRuling(idA), ferdie);

  // Disputes B (no reveal: redrawn, then PartialRefund) and C (ReleaseSeller), side by side.
  const b = await paidOrder(dave);
  const openedB = await send(api.tx.dispute.openDispute(b.orderId, CID.v1Raw), dave);
  const idB = String(theEvent(openedB, 'Dispute.DisputeOpened').disputeId);
  disputes.b = { id: idB, ...b };
  const c = await paidOrder(eve);
  const openedC = await send(api.tx.dispute.openDispute(c.orderId, CID.v0), eve);
  const idC = String(theEvent(openedC, 'Dispute.DisputeOpened').disputeId);
  disputes.c = { id: idC, ...c };
  const roundC = jury(theEvent(openedC, 'Dispute.JurorsSelected'));
  const roundB0 = jury(theEvent(openedB, 'Dispute.JurorsSelected'));
  const votesC: Vote[] = ['ReleaseSeller', 'ReleaseSeller', 'ReleaseSeller', 'RefundBuyer', 'ReleaseSeller'];
  await nextBlockIs(api, roundC.deadlines.evidenceEnd);
  await commitAll(idC, roundC.jurors, votesC);
  await nextBlockIs(api, roundC.deadlines.commitEnd);
  await revealAll(idC, roundC.jurors, votesC);
  await nextBlockIs(api, roundC.deadlines.appealEnd);
  await send(api.tx.dispute.executeRuling(idC), ferdie);
  expect((await headNumber(api)) + 1).toBeGreaterThanOrEqual(roundB0.deadlines.appealEnd);
  const redrawn = await send(api.tx.dispute.executeRuling(idB), ferdie);
  const roundB0bis = jury(theEvent(redrawn, 'Dispute.JurorsSelected'));
  await checkpoint('redraw');
  const votesB: (Vote | undefined)[] = [
    { PartialRefund: 60 },
    { PartialRefund: 40 },
    { PartialRefund: 70 },
    'RefundBuyer',
  ];
  await nextBlockIs(api, roundB0bis.deadlines.evidenceEnd);
  await commitAll(idB, roundB0bis.jurors, votesB);
  await nextBlockIs(api, roundB0bis.deadlines.commitEnd);
  await revealAll(idB, roundB0bis.jurors, votesB);
  await nextBlockIs(api, roundB0bis.deadlines.appealEnd);
  await send(api.tx.dispute.executeRuling(idB), ferdie);

  await send(api.tx.dispute.unregisterJuror(), jurorPairs[19]);
}

beforeAll(async () => {
  requireBuild();
  devnet = await startTestDevnet({ persistent: false, finalityLag: 3 });
  squid = await startSquid({ rpcEndpoint: devnet.wsUrl, graphql: true, processorEnv: { RPC_HEAD_POLL_MS: '100' } });
  url = squid.graphql?.url as string;
  api = await connect(devnet.wsUrl);
  await runScenario();
  await waitForIndexedHeight(url, await headNumber(api), { context: () => squid.processor.output() });
}, 300_000);

afterAll(async () => {
  await api?.disconnect();
  await squid?.close();
  await devnet?.close();
});

/** The events named `name` of the whole scenario, as field maps. */
const emitted = (name: string) => outcomes.flatMap((outcome) => eventFields(outcome, name));
const sorted = <T>(items: T[], key: (item: T) => string) => [...items].sort((x, y) => (key(x) < key(y) ? -1 : 1));

describe('Rewards', () => {
  it('indexes every mission as the chain stores it', async () => {
    const chain = (await api.query.rewards.missions.entries()).map(([key, value]) =>
      missionFields(key.args[0].toString(), value.unwrap()),
    );
    const { missions } = await gql<{ missions: Json[] }>(
      url,
      '{ missions(orderBy: id_ASC, limit: 100) { id name descriptionCid reward maxCompletions completions expiresAt kind threshold active } }',
    );
    expect(chain).toHaveLength(5);
    expect(missions).toEqual(sorted(chain, (mission) => mission.id.padStart(10, '0')));
    expect(missions.map((mission) => mission.completions)).toEqual(['1', '1', '1', '1', '1']);
  });

  it('records each completion, cashback with its order, and the ZARI each account earned', async () => {
    const completions: Json[] = [];
    for (let mission = 0; mission < 5; mission++) {
      for (const [key, block] of await api.query.rewards.missionCompletions.entries(mission)) {
        completions.push({
          mission: { id: key.args[0].toString() },
          account: { id: address(key.args[1]) },
          blockNumber: Number(block.toString()),
        });
      }
    }
    const { missionCompletions } = await gql<{ missionCompletions: Json[] }>(
      url,
      '{ missionCompletions(limit: 100) { mission { id } account { id } blockNumber reward } }',
    );
    const key = (row: Json) => `${(row.mission as Json).id}-${(row.account as Json).id}`;
    expect(sorted(missionCompletions, key).map(({ reward: _, ...rest }) => rest)).toEqual(sorted(completions, key));

    const { cashbacks } = await gql<{ cashbacks: Json[] }>(
      url,
      '{ cashbacks(orderBy: blockNumber_ASC, limit: 100) { account { id } amount reason order { id total } } }',
    );
    expect(cashbacks).toEqual(
      emitted('Rewards.CashbackMinted').map((event) => ({
        account: { id: event.user },
        amount: BigInt(event.amount as number).toString(),
        reason: event.orderId === null ? 'Manual' : 'OrderCompleted',
        order: event.orderId === null ? null : { id: String(event.orderId), total: PRICE.toString() },
      })),
    );
    expect(cashbacks.filter((row) => row.reason === 'OrderCompleted')).toHaveLength(2);
    for (const row of cashbacks.filter((cashback) => cashback.order)) {
      expect(BigInt(row.amount as string)).toBe((PRICE * BigInt(CASHBACK_RATE)) / 1_000_000n);
    }

    const earned = new Map<string, bigint>();
    for (const event of [...emitted('Rewards.CashbackMinted'), ...emitted('Rewards.MissionCompleted')]) {
      const who = event.user as string;
      earned.set(who, (earned.get(who) ?? 0n) + BigInt((event.amount ?? event.reward) as number));
    }
    const { accounts } = await gql<{ accounts: { id: string; zariEarned: string }[] }>(
      url,
      '{ accounts(limit: 100) { id zariEarned } }',
    );
    for (const { id, zariEarned } of accounts) expect([id, BigInt(zariEarned)]).toEqual([id, earned.get(id) ?? 0n]);
    expect(earned.size).toBe(4);

    const { chainParameters } = await gql<{ chainParameters: Json[] }>(
      url,
      '{ chainParameters(limit: 1) { cashbackRate } }',
    );
    expect(chainParameters).toEqual([{ cashbackRate: (await api.query.rewards.cashbackRate()).toNumber() }]);
  });
});

describe('Assets', () => {
  it('indexes ZARI transfers between users and nothing of another asset', async () => {
    const { zariTransfers: rows } = await gql<{ zariTransfers: Json[] }>(
      url,
      '{ zariTransfers(where: { kind_eq: "Transferred" }, orderBy: blockNumber_ASC, limit: 100) { from { id } to { id } amount } }',
    );
    expect(rows).toEqual(
      zariTransfers.map(({ from, to, amount }) => ({ from: { id: from }, to: { id: to }, amount: amount.toString() })),
    );
    const { chainEvents } = await gql<{ chainEvents: { blockNumber: number; name: string; args: Json }[] }>(
      url,
      '{ chainEvents(where: { pallet_eq: "Assets" }, limit: 1000) { blockNumber name args } }',
    );
    expect(chainEvents.length).toBeGreaterThan(0);
    for (const event of chainEvents) expect(event.args.assetId).toBe(1000);
    expect(chainEvents.filter((event) => otherAssetBlocks.includes(event.blockNumber))).toEqual([]);
    const issued = emitted('Assets.Issued').filter((event) => event.assetId === 1000).length;
    const { zariTransfers: issuedRows } = await gql<{ zariTransfers: Json[] }>(
      url,
      '{ zariTransfers(where: { kind_eq: "Issued" }, limit: 100) { id } }',
    );
    expect(issuedRows).toHaveLength(issued);
  });
});

describe('failed calls', () => {
  it('decodes the errors of failed calls into the Bazari pallets, and only those', async () => {
    const { failedCalls } = await gql<{ failedCalls: Json[] }>(
      url,
      '{ failedCalls(orderBy: blockNumber_ASC, limit: 100) { blockNumber extrinsicHash signer { id } call error errorDocs } }',
    );
    const interrupted = theEvent(failures.batch, 'Utility.BatchInterrupted');
    expect(interrupted.index).toBe(1);
    const escrowError = errorName(api, api.createType('SpRuntimeDispatchError', interrupted.error));
    const moduleError = api.registry.findMetaError(
      api.createType('SpRuntimeModuleError', (interrupted.error as { module: unknown }).module),
    );
    const stakeTooLow = api.errors.dispute.StakeTooLow.meta.docs.map(String).join('\n');
    const row = (outcome: Outcome, call: string, error: string, errorDocs: unknown) => ({
      blockNumber: outcome.blockNumber,
      extrinsicHash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      signer: { id: dev.dave.address },
      call,
      error,
      errorDocs,
    });
    expect(failedCalls).toEqual([
      row(failures.module, 'Dispute.register_juror', 'Dispute.StakeTooLow', stakeTooLow),
      row(failures.badOrigin, 'Rewards.set_cashback_rate', 'BadOrigin', 'A bad origin.'),
      row(failures.batch, 'Escrow.release', escrowError, moduleError.docs.join('\n')),
      row(failures.batchAll, 'Rewards.close_mission', 'BadOrigin', 'A bad origin.'),
      row(failures.forceBatch, 'Escrow.refund', 'Escrow.EscrowNotFound', moduleError.docs.join('\n')),
      row(failures.forceBatch, 'Escrow.release', 'Escrow.EscrowNotFound', moduleError.docs.join('\n')),
      {
        ...row(failures.sudo, 'Rewards.create_mission', 'Rewards.ZeroAmount', expect.stringMatching(/./)),
        signer: { id: dev.alice.address },
      },
    ]);
    expect(stakeTooLow.length).toBeGreaterThan(0);
    expect(escrowError).toBe('Escrow.EscrowNotFound');
    const block = await api.rpc.chain.getBlock(failures.module.blockHash);
    expect(failedCalls[0].extrinsicHash).toBe(block.block.extrinsics[1].hash.toHex());
  });
});

interface ChainDispute {
  dispute: Json;
  rounds: Json[];
  seats: Map<string, Json>;
  evidence: string[];
}

type DisputeRow = Json & {
  order: string;
  escrow: string;
  plaintiff: string;
  defendant: string;
  rounds: (Json & { appellant: string | null; jurors: string[] })[];
  commitments: (Json & { id: string })[];
  evidence: Record<string, string[]>;
};

/** The chain's disputes at the head (./scenario/chain-state.ts), shaped as the GraphQL queries return them. */
async function chainDisputes(): Promise<Map<string, ChainDispute>> {
  const result = new Map<string, ChainDispute>();
  for (const [id, row] of await readDisputes(api.query)) {
    const { order, escrow, plaintiff, defendant, rounds, commitments, evidence, ...fields } = row as DisputeRow;
    result.set(id, {
      dispute: {
        ...fields,
        order: { id: order },
        escrow: { id: escrow },
        plaintiff: { id: plaintiff },
        defendant: { id: defendant },
      },
      rounds: rounds.map(({ appellant, jurors, ...round }) => ({
        ...round,
        appellant: appellant === null ? null : { id: appellant },
        jurorIds: jurors,
      })),
      seats: new Map(commitments.map(({ id: seat, ...commitment }) => [seat, commitment])),
      evidence: Object.values(evidence).flat().sort(),
    });
  }
  return result;
}

const DISPUTE_QUERY = `{
  disputes(orderBy: createdAtBlock_ASC, limit: 10) {
    id order { id } escrow { id } plaintiff { id } defendant { id } fee round
    evidenceEnd commitEnd revealEnd appealEnd status ruling rulingPercent createdAtBlock
    toBuyer toSeller resolvedAtBlock
    evidence(limit: 10) { cid submittedBy { id } }
    rounds(orderBy: round_ASC, limit: 5) { id round appellant { id } appealFee redrawn jurorIds }
  }
  disputeJurors(orderBy: id_ASC, limit: 200) {
    id round { id } juror { id } replaced commitment vote votePercent rewarded slashed
  }
}`;

type IndexedDispute = Json & { rounds: (Json & { jurors: Json[] })[] };

/** The disputes through GraphQL, each round with its seats. */
async function indexedDisputes(): Promise<IndexedDispute[]> {
  const { disputes: rows, disputeJurors } = await gql<{ disputes: IndexedDispute[]; disputeJurors: Json[] }>(
    url,
    DISPUTE_QUERY,
  );
  for (const round of rows.flatMap((dispute) => dispute.rounds)) {
    round.jurors = disputeJurors
      .filter((seat) => (seat.round as Json).id === round.id)
      .map(({ round: _, ...seat }) => seat);
  }
  return rows;
}

/** GraphQL's disputes equal the chain's: fields, rounds, current seats, commitments and evidence. */
function expectDisputesMatch(indexed: IndexedDispute[], chain: Map<string, ChainDispute>): void {
  expect(indexed.map((dispute) => dispute.id).sort()).toEqual([...chain.keys()].sort());
  for (const dispute of indexed) {
    const expected = chain.get(dispute.id as string) as ChainDispute;
    const { evidence, rounds, toBuyer: _b, toSeller: _s, resolvedAtBlock: _r, ...fields } = dispute;
    expect(fields).toEqual(expected.dispute);
    expect((evidence as Json[]).map((item) => item.cid).sort()).toEqual(expected.evidence);
    const roundRows = rounds as (Json & { jurors: Json[] })[];
    expect(
      roundRows.map(({ jurors: _, jurorIds, ...round }) => ({
        ...round,
        jurorIds: [...(jurorIds as string[])].sort(),
      })),
    ).toEqual(expected.rounds);
    const seats = roundRows.flatMap((round) => round.jurors);
    for (const round of roundRows) {
      const current = round.jurors.filter((seat) => !seat.replaced).map((seat) => (seat.juror as Json).id);
      expect(current.sort()).toEqual([...(round.jurorIds as string[])].sort());
    }
    // Every commitment in storage is a current seat's; current seats without one never committed.
    const committed = seats.filter((seat) => !seat.replaced && seat.commitment !== null);
    expect(
      new Map(
        committed.map((seat) => [
          seat.id,
          { commitment: seat.commitment, vote: seat.vote, votePercent: seat.votePercent },
        ]),
      ),
    ).toEqual(expected.seats);
  }
}

describe('Dispute', () => {
  it('indexes every dispute, round, seat, commitment and evidence as the chain stores them', async () => {
    const indexed = await indexedDisputes();
    expect(indexed).toHaveLength(3);
    expectDisputesMatch(indexed, await chainDisputes());
  });

  it('matched the chain midway: during an appeal and after a redraw', () => {
    expect(checkpoints.map((checkpoint) => checkpoint.name)).toEqual(['appeal', 'redraw']);
    for (const checkpoint of checkpoints) {
      expectDisputesMatch(checkpoint.disputes, checkpoint.chainDisputes);
      expect(checkpoint.jurors).toEqual(checkpoint.chainJurors);
    }
    const [appeal, redraw] = checkpoints;
    expect(appeal.chainJurors.filter((juror) => juror.activeDisputes === 1)).toHaveLength(16);
    expect(redraw.chainJurors.filter((juror) => juror.activeDisputes === 1)).toHaveLength(5);
  });

  it('records appeals, the redraw, rulings, rewards and slashes', async () => {
    const indexed = await indexedDisputes();
    const byId = new Map(indexed.map((dispute) => [dispute.id, dispute]));
    const rulings = new Map(emitted('Dispute.RulingExecuted').map((event) => [String(event.disputeId), event]));
    for (const dispute of indexed) {
      const ruling = rulings.get(dispute.id as string) as Json;
      expect({ toBuyer: dispute.toBuyer, toSeller: dispute.toSeller }).toEqual({
        toBuyer: BigInt(ruling.toBuyer as number).toString(),
        toSeller: BigInt(ruling.toSeller as number).toString(),
      });
      expect(dispute.resolvedAtBlock).toEqual(expect.any(Number));
    }
    const a = byId.get(disputes.a.id) as (typeof indexed)[number];
    expect([a.ruling, a.toBuyer]).toEqual(['RefundBuyer', disputes.a.total.toString()]);
    expect(
      a.rounds.map((round) => [round.round, round.jurors.length, (round.appellant as Json | null)?.id ?? null]),
    ).toEqual([
      [0, 5, null],
      [1, 11, dev.charlie.address],
    ]);
    const b = byId.get(disputes.b.id) as (typeof indexed)[number];
    expect([b.ruling, b.rulingPercent, b.toBuyer]).toEqual([
      'PartialRefund',
      60,
      ((disputes.b.total * 60n) / 100n).toString(),
    ]);
    expect(b.rounds).toHaveLength(1);
    expect(b.rounds[0].redrawn).toBe(true);
    const replaced = b.rounds[0].jurors.filter((seat) => seat.replaced);
    expect(replaced).toHaveLength(5);
    for (const seat of replaced) expect([seat.commitment, BigInt(seat.slashed as string) > 0n]).toEqual([null, true]);
    expect(byId.get(disputes.c.id)?.ruling).toBe('ReleaseSeller');
    const partial = a.rounds[0].jurors.find((seat) => seat.vote === 'PartialRefund');
    expect(partial?.votePercent).toBe(30);

    // Rewards and slashes per seat and per juror, as the chain emitted them.
    const totals = (name: string) => {
      const byKey = new Map<string, bigint>();
      for (const event of emitted(name)) {
        const key = `${event.disputeId}:${event.juror}`;
        byKey.set(key, (byKey.get(key) ?? 0n) + BigInt(event.amount as number));
      }
      return byKey;
    };
    const seatTotals = (field: 'rewarded' | 'slashed') => {
      const byKey = new Map<string, bigint>();
      for (const dispute of indexed) {
        for (const seat of dispute.rounds.flatMap((round) => round.jurors)) {
          const amount = BigInt(seat[field] as string);
          const key = `${dispute.id}:${(seat.juror as Json).id}`;
          if (amount > 0n) byKey.set(key, (byKey.get(key) ?? 0n) + amount);
        }
      }
      return byKey;
    };
    expect(seatTotals('rewarded')).toEqual(totals('Dispute.JurorRewarded'));
    expect(seatTotals('slashed')).toEqual(totals('Dispute.JurorSlashed'));
    expect(totals('Dispute.JurorRewarded').size).toBeGreaterThan(0);
  });

  it('indexes the jurors as the chain stores them, with their rewards and slashes', async () => {
    const { jurors } = await gql<{ jurors: Json[] }>(
      url,
      '{ jurors(orderBy: id_ASC, limit: 100) { id stake active activeDisputes totalRewarded totalSlashed account { id } } }',
    );
    expect(activeJurors(jurors)).toEqual(await chainJurors());
    expect(jurors.filter((juror) => !juror.active).map((juror) => juror.id)).toEqual([jurorPairs[19].address]);
    const sums = (name: string) => {
      const byJuror = new Map<string, bigint>();
      for (const event of emitted(name)) {
        byJuror.set(event.juror as string, (byJuror.get(event.juror as string) ?? 0n) + BigInt(event.amount as number));
      }
      return byJuror;
    };
    const rewarded = sums('Dispute.JurorRewarded');
    const slashed = sums('Dispute.JurorSlashed');
    for (const juror of jurors) {
      expect([juror.id, BigInt(juror.totalRewarded as string), BigInt(juror.totalSlashed as string)]).toEqual([
        juror.id,
        rewarded.get(juror.id as string) ?? 0n,
        slashed.get(juror.id as string) ?? 0n,
      ]);
      expect((juror.account as Json).id).toBe(juror.id);
    }
  });
});
