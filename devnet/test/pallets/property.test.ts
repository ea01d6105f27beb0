/**
 * The randomized property test of the Bazari pallets: thousands of operations, valid and invalid (about a
 * third invalid by construction), by the six dev accounts, two derived traders and eight derived jurors,
 * drawn from Commerce, Escrow, Rewards and Dispute, many per block (pre-signed with explicit nonces, the
 * node in Manual block mode), with `dev_newBlock` jumps across auto-release and dispute deadlines. After
 * every block, from that block's storage and events only:
 *  1. the escrow pallet account holds exactly the sum of the Locked and Frozen escrows, in BZR and in ZARI;
 *  2. BZR total issuance moves only by Minted − Burned − DustLost (fees go to the treasury, not burned);
 *  3. the ZARI supply equals the rewards minted (CashbackMinted + MissionCompleted) minus ZARI burned;
 *  4. each listing's stock is exactly the last stock set, minus orders, plus restored cancellations, and
 *     never above the last stock set plus the quantities restored since (so never negative: a u32 would wrap);
 *  5. no escrow moves twice, and an escrow is closed in storage iff it had its one terminal event;
 *  6. orders move only along the state machine, in events and in storage;
 * and every failed extrinsic fails with a named module error or a known system error, and the operations
 * built to fail do fail. `PROPERTY_SEED=<n>` replays a run; `PROPERTY_BLOCKS` and `PROPERTY_OPS` resize it.
 */
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { EventRecord } from '@polkadot/types/interfaces';
import type { SpRuntimeDispatchError } from '@polkadot/types/lookup';
import { u8aConcat } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BAD_CIDS,
  BZR,
  CID,
  ENCRYPTION_KEY,
  ESCROW_ACCOUNT,
  fields,
  type Harness,
  startHarness,
  ZARI_ASSET_ID,
} from './fixtures.ts';
import { type DisputeModel, Model, ORDER_TRANSITIONS, type OrderStatus, Prng, type Vote } from './property-model.ts';

const SEED = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : Math.floor(Math.random() * 2 ** 31);
const BLOCKS = Number(process.env.PROPERTY_BLOCKS ?? 100);
const OPS_PER_BLOCK = Number(process.env.PROPERTY_OPS ?? 20);
const KNOWN_SYSTEM_ERRORS = new Set(['BadOrigin', 'CannotLookup', 'ConsumerRemaining', 'NoProviders', 'Token']);
const MAX_ITEMS = 32;

let harness: Harness;
let api: ApiPromise;

interface Op {
  readonly kind: string;
  readonly signer: KeyringPair;
  readonly tx: SubmittableExtrinsic<'promise'>;
  /** Built to fail whatever else happens in the block (wrong caller, bad argument, own store...). */
  readonly mustFail: boolean;
  readonly sudo: boolean;
  hash?: string;
  error?: string | null;
}

interface Stats {
  ops: number;
  submitted: number;
  rejectedByPool: number;
  droppedAtBuild: number;
  succeeded: number;
  failed: number;
  mustFail: number;
  blocks: number;
  errors: Map<string, number>;
  kinds: Map<string, { ok: number; failed: number }>;
  events: Map<string, number>;
}

const stats: Stats = {
  ops: 0,
  submitted: 0,
  rejectedByPool: 0,
  droppedAtBuild: 0,
  succeeded: 0,
  failed: 0,
  mustFail: 0,
  blocks: 0,
  errors: new Map(),
  kinds: new Map(),
  events: new Map(),
};

function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** A dispatch error's `section.Name`; throws when a module error has no metadata entry. */
function namedError(error: SpRuntimeDispatchError): string {
  if (error.isModule) {
    const meta = api.registry.findMetaError(error.asModule);
    return `${meta.section}.${meta.name}`;
  }
  const name = error.isToken
    ? `Token.${error.asToken.type}`
    : error.isArithmetic
      ? `Arithmetic.${error.asArithmetic.type}`
      : error.type;
  if (!KNOWN_SYSTEM_ERRORS.has(name.split('.')[0]) && !name.startsWith('Arithmetic.')) {
    throw new Error(`unknown system error ${name}`);
  }
  return name;
}

function big(value: unknown): bigint {
  return BigInt(value as string | number);
}

function isManual(kind: unknown): boolean {
  const name = typeof kind === 'string' ? kind : Object.keys(kind as object)[0];
  return name.toLowerCase() === 'manual';
}

function commitment(vote: Vote, salt: Uint8Array): Uint8Array {
  return blake2AsU8a(u8aConcat(api.createType('PalletDisputeVote', vote).toU8a(), salt), 256);
}

describe(`randomized property test (PROPERTY_SEED=${SEED})`, () => {
  const model = new Model();
  const rng = new Prng(SEED);
  let traders: KeyringPair[] = [];
  let jurors: KeyringPair[] = [];
  /** Accounts only root touches, with force_set_balance: their BalanceSet deltas are exact. */
  let sinks: KeyringPair[] = [];
  /** Accounts funded by traders and then emptied below the existential deposit: their dust is lost. */
  let dusts: KeyringPair[] = [];
  /** Free BZR of the sinks and dust accounts at the head. */
  const free = new Map<string, bigint>();
  let existentialDeposit = 0n;
  let dustFee = 0n;
  let alice: KeyringPair;
  const byAddress = new Map<string, KeyringPair>();
  const nonces = new Map<string, number>();
  let head = { hash: '', number: 0, issuance: 0n, zariSupply: 0n };

  beforeAll(async () => {
    harness = await startHarness();
    api = harness.api;
    const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
    alice = harness.accounts.alice;
    traders = [
      ...Object.values(harness.accounts),
      keyring.addFromUri('//Alice//trader/0'),
      keyring.addFromUri('//Alice//trader/1'),
    ];
    // Round 0 draws 5 jurors, an appeal 2 × 5 + 1 = 11 fresh ones.
    jurors = Array.from({ length: 18 }, (_, index) => keyring.addFromUri(`//Alice//juror/${index}`));
    sinks = Array.from({ length: 2 }, (_, index) => keyring.addFromUri(`//Alice//sink/${index}`));
    dusts = Array.from({ length: 2 }, (_, index) => keyring.addFromUri(`//Alice//dust/${index}`));
    for (const pair of [...traders, ...jurors, ...sinks, ...dusts]) byAddress.set(pair.address, pair);
    existentialDeposit = api.consts.balances.existentialDeposit.toBigInt();
    const info = await api.tx.balances.transferAllowDeath(alice.address, 123n * BZR).paymentInfo(alice);
    dustFee = info.partialFee.toBigInt();
    await api.rpc('dev_setBlockBuildMode' as never, 'Manual' as never);
    const hash = (await api.rpc.chain.getBlockHash()).toHex();
    const at = await api.at(hash);
    head = {
      hash,
      number: (await api.rpc.chain.getHeader(hash)).number.toNumber(),
      issuance: (await at.query.balances.totalIssuance()).toBigInt(),
      zariSupply: (await at.query.assets.asset(ZARI_ASSET_ID)).unwrap().supply.toBigInt(),
    };
    // The ZARI supply at genesis is what Rewards has minted so far: nothing.
    expect(head.zariSupply).toBe(0n);
    console.log(`property test: PROPERTY_SEED=${SEED}, ${BLOCKS} blocks of ${OPS_PER_BLOCK} operations`);
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  // ----------------------------------------------------------------------------------------------
  // Submitting and building

  async function refreshNonces(): Promise<void> {
    const pairs = [...traders, ...jurors, ...dusts];
    const infos = await api.query.system.account.multi(pairs.map((pair) => pair.address));
    pairs.forEach((pair, index) => {
      nonces.set(pair.address, infos[index].nonce.toNumber());
    });
  }

  /** Signs each operation with the signer's next nonce and puts it in the pool; a rejected one stops its signer. */
  async function submitAll(ops: Op[]): Promise<Op[]> {
    const blocked = new Set<string>();
    const submitted: Op[] = [];
    for (const op of ops) {
      const address = op.signer.address;
      if (blocked.has(address)) continue;
      const nonce = nonces.get(address) ?? 0;
      const signed = await op.tx.signAsync(op.signer, { nonce, era: 0 });
      try {
        op.hash = (await api.rpc.author.submitExtrinsic(signed.toHex())).toHex();
        nonces.set(address, nonce + 1);
        submitted.push(op);
        stats.submitted++;
      } catch (error) {
        // Only the pool's checks (fees) reject here: nothing reached the chain, the signer stops for this block.
        blocked.add(address);
        stats.rejectedByPool++;
        if (op.mustFail) stats.mustFail++;
        bump(stats.errors, `pool: ${(error as Error).message.slice(0, 60)}`);
      }
    }
    return submitted;
  }

  /** Builds `count` blocks, checking the invariants after each; attributes outcomes to the submitted ops. */
  async function buildBlocks(count: number, ops: Op[] = []): Promise<void> {
    const pending = new Map(ops.map((op) => [op.hash as string, op]));
    for (let built = 0; built < count || pending.size > 0; built++) {
      if (built > count + 5) throw new Error(`${pending.size} transactions never made it into a block`);
      const hash = (await api.rpc('dev_newBlock' as never, { count: 1 } as never)) as unknown as string;
      await checkBlock(hash, pending);
      if (pending.size === 0) continue;
      // A transaction valid in the pool can be invalid when the block applies it (its fee no longer payable
      // after the signer's earlier calls in that block, its account reaped): the block builder drops it, as
      // Substrate's does. Those, and the later ones of its signer left waiting on its nonce, leave the pool.
      const inPool = new Set<string>(
        (await api.rpc.author.pendingExtrinsics()).map((extrinsic) => extrinsic.hash.toHex()),
      );
      for (const [hash, op] of pending) {
        if (inPool.has(hash) && built < count) continue;
        if (inPool.has(hash)) await api.rpc.author.removeExtrinsic([{ Hash: hash as `0x${string}` }]);
        pending.delete(hash);
        stats.droppedAtBuild++;
        bump(stats.errors, `dropped: ${op.kind}`);
      }
    }
  }

  // ----------------------------------------------------------------------------------------------
  // The invariants

  async function checkBlock(hash: string, pending: Map<string, Op>): Promise<void> {
    stats.blocks++;
    const at = await api.at(hash);
    const [block, records] = await Promise.all([
      api.rpc.chain.getBlock(hash),
      at.query.system.events() as unknown as Promise<EventRecord[]>,
    ]);
    const number = block.block.header.number.toNumber();
    expect(block.block.header.parentHash.toHex()).toBe(head.hash);
    const where = `block #${number} (PROPERTY_SEED=${SEED})`;
    const violations: string[] = [];

    // Outcomes of the extrinsics, and their errors.
    const extrinsicOps = block.block.extrinsics.map((extrinsic) => pending.get(extrinsic.hash.toHex()));
    for (const [index, op] of extrinsicOps.entries()) {
      if (!op) continue;
      pending.delete(op.hash as string);
      const own = records.filter(({ phase }) => phase.isApplyExtrinsic && phase.asApplyExtrinsic.toNumber() === index);
      let error: string | null = null;
      for (const { event } of own) {
        if (api.events.system.ExtrinsicFailed.is(event)) error = namedError(event.data.dispatchError);
        if (api.events.sudo.Sudid.is(event) && event.data.sudoResult.isErr) {
          error = namedError(event.data.sudoResult.asErr);
        }
      }
      op.error = error;
      const counts = stats.kinds.get(op.kind) ?? { ok: 0, failed: 0 };
      if (error === null) {
        stats.succeeded++;
        counts.ok++;
      } else {
        stats.failed++;
        counts.failed++;
        bump(stats.errors, error);
      }
      stats.kinds.set(op.kind, counts);
      if (op.mustFail) {
        stats.mustFail++;
        if (error === null) violations.push(`${op.kind} by ${op.signer.address} was built to fail but succeeded`);
      }
    }

    // Events: the model, the order state machine, escrows moving once, issuance deltas.
    let issuanceDelta = 0n;
    const setFree = new Map(free);
    let zariDelta = 0n;
    for (const { event } of records) {
      const name = `${event.section}.${event.method}`;
      bump(stats.events, name);
      const data = (event.data as unknown as { names: string[] | null }).names ? fields(event) : {};
      switch (name) {
        case 'balances.Minted':
          issuanceDelta += big(data.amount);
          break;
        case 'balances.Burned':
          issuanceDelta -= big(data.amount);
          break;
        case 'balances.DustLost':
          issuanceDelta -= big(data.amount);
          break;
        case 'balances.BalanceSet': {
          // Only the sinks are force-set, and nothing else touches them: the delta is exact.
          const who = String(data.who);
          if (!sinks.some((pair) => pair.address === who)) violations.push(`BalanceSet of ${who}, not a sink`);
          issuanceDelta += big(data.free) - (setFree.get(who) ?? 0n);
          setFree.set(who, big(data.free));
          break;
        }
        case 'balances.TotalIssuanceForced':
        case 'balances.Issued':
        case 'balances.Rescinded':
          violations.push(`${name}: nothing in this test forces balances or issuance`);
          break;
        case 'rewards.CashbackMinted':
          zariDelta += big(data.amount);
          break;
        case 'rewards.MissionCompleted':
          zariDelta += big(data.reward);
          break;
        case 'assets.Burned':
          if (Number(data.assetId) === ZARI_ASSET_ID) zariDelta -= big(data.balance);
          break;
        case 'commerce.StoreCreated':
          model.stores.set(Number(data.storeId), {
            id: Number(data.storeId),
            owner: String(data.owner),
            closed: false,
          });
          break;
        case 'commerce.StoreClosed': {
          const store = model.stores.get(Number(data.storeId));
          if (store) store.closed = true;
          break;
        }
        case 'commerce.ListingCreated':
          model.listings.set(big(data.listingId), {
            id: big(data.listingId),
            storeId: Number(data.storeId),
            seller: String(data.seller),
            stock: Number(data.stock),
            setStock: Number(data.stock),
            removed: false,
          });
          break;
        case 'commerce.ListingUpdated': {
          const listing = model.listings.get(big(data.listingId));
          if (!listing) violations.push(`ListingUpdated of unknown listing ${data.listingId}`);
          else listing.stock = listing.setStock = Number(data.stock);
          break;
        }
        case 'commerce.ListingRemoved': {
          const listing = model.listings.get(big(data.listingId));
          if (listing) listing.removed = true;
          break;
        }
        case 'commerce.OrderCreated': {
          const id = big(data.orderId);
          if (model.orders.has(id)) violations.push(`order ${id} created twice`);
          const items = (data.items as { listingId: number; quantity: number }[]).map((item) => ({
            listingId: big(item.listingId),
            quantity: Number(item.quantity),
          }));
          for (const item of items) {
            const listing = model.listings.get(item.listingId);
            if (!listing) violations.push(`order ${id} buys unknown listing ${item.listingId}`);
            else {
              listing.stock -= item.quantity;
              if (listing.stock < 0) violations.push(`listing ${listing.id} oversold: stock ${listing.stock}`);
            }
          }
          model.orders.set(id, {
            id,
            buyer: String(data.buyer),
            seller: String(data.seller),
            storeId: Number(data.storeId),
            escrowId: null,
            items,
            status: 'Paid',
            receipt: false,
            rated: false,
          });
          break;
        }
        case 'commerce.OrderPaid': {
          const order = model.orders.get(big(data.orderId));
          if (order) order.escrowId = big(data.escrowId);
          const escrow = model.escrows.get(big(data.escrowId));
          if (!escrow || escrow.orderId !== big(data.orderId)) {
            violations.push(`OrderPaid ${data.orderId}: escrow ${data.escrowId} not locked for it`);
          }
          break;
        }
        case 'commerce.OrderShipped':
          moveOrder(big(data.orderId), 'Shipped', violations);
          break;
        case 'commerce.OrderCancelled': {
          const order = model.orders.get(big(data.orderId));
          if (order?.status === 'Shipped' && String(data.by) !== order.seller) {
            violations.push(`order ${order.id} cancelled after shipping by ${data.by}, not its seller`);
          }
          if (order && Boolean(data.stockRestored) !== (order.status === 'Paid')) {
            violations.push(`order ${order.id} cancelled from ${order.status}: stockRestored ${data.stockRestored}`);
          }
          if (order && data.stockRestored) {
            for (const item of order.items) {
              const listing = model.listings.get(item.listingId);
              // A cancellation after an update_listing restores on top of the stock set: the bound grows too.
              if (listing) {
                listing.stock += item.quantity;
                listing.setStock += item.quantity;
              }
            }
          }
          moveOrder(big(data.orderId), 'Cancelled', violations);
          break;
        }
        case 'commerce.OrderCompleted':
          moveOrder(big(data.orderId), 'Completed', violations);
          break;
        case 'commerce.ReceiptMinted': {
          const order = model.orders.get(big(data.orderId));
          if (order) {
            if (order.receipt) violations.push(`order ${order.id}: second receipt`);
            if (order.status !== 'Completed' && order.status !== 'Resolved') {
              violations.push(`order ${order.id}: receipt while ${order.status}`);
            }
            order.receipt = true;
          }
          break;
        }
        case 'commerce.SellerRated': {
          const order = model.orders.get(big(data.orderId));
          if (order) {
            if (order.rated) violations.push(`order ${order.id}: rated twice`);
            if (order.status !== 'Completed' && order.status !== 'Resolved') {
              violations.push(`order ${order.id}: rated while ${order.status}`);
            }
            order.rated = true;
          }
          break;
        }
        case 'escrow.Locked': {
          const id = big(data.escrowId);
          if (model.escrows.has(id)) violations.push(`escrow ${id} locked twice`);
          model.escrows.set(id, {
            id,
            depositor: String(data.depositor),
            beneficiary: String(data.beneficiary),
            amount: big(data.amount),
            asset: data.asset === null ? null : Number(data.asset),
            orderId: data.orderId === null ? null : big(data.orderId),
            open: true,
          });
          break;
        }
        case 'escrow.Released':
        case 'escrow.Refunded':
        case 'escrow.SplitReleased':
        case 'escrow.AutoReleased': {
          const id = big(data.escrowId);
          if (model.terminated.has(id)) violations.push(`escrow ${id} moved twice (${event.method})`);
          model.terminated.add(id);
          const escrow = model.escrows.get(id);
          if (!escrow) violations.push(`${event.method} of unknown escrow ${id}`);
          else escrow.open = false;
          break;
        }
        case 'dispute.JurorRegistered':
          model.jurors.add(String(data.juror));
          break;
        case 'dispute.JurorUnregistered':
          model.jurors.delete(String(data.juror));
          break;
        case 'dispute.DisputeOpened': {
          const order = model.orders.get(big(data.orderId));
          if (order && String(data.plaintiff) !== order.buyer && String(data.plaintiff) !== order.seller) {
            violations.push(`dispute on order ${order.id} opened by a third party`);
          }
          moveOrder(big(data.orderId), 'Disputed', violations);
          model.disputes.set(big(data.disputeId), {
            id: big(data.disputeId),
            orderId: big(data.orderId),
            plaintiff: String(data.plaintiff),
            defendant: String(data.defendant),
            round: 0,
            jurors: [],
            evidenceEnd: 0,
            commitEnd: 0,
            revealEnd: 0,
            appealEnd: 0,
            commits: new Map(),
            revealed: new Set(),
            resolved: false,
          });
          break;
        }
        case 'dispute.JurorsSelected':
        case 'dispute.Appealed': {
          const dispute = model.disputes.get(big(data.disputeId));
          if (!dispute) {
            violations.push(`${event.method} of unknown dispute ${data.disputeId}`);
            break;
          }
          const jurorList = data.jurors as string[];
          if (jurorList.includes(dispute.plaintiff) || jurorList.includes(dispute.defendant)) {
            violations.push(`dispute ${dispute.id}: a party sits on its own jury`);
          }
          if (new Set(jurorList).size !== jurorList.length) violations.push(`dispute ${dispute.id}: juror twice`);
          Object.assign(dispute, {
            round: Number(data.round),
            jurors: jurorList,
            evidenceEnd: Number(data.evidenceEnd),
            commitEnd: Number(data.commitEnd),
            revealEnd: Number(data.revealEnd),
            appealEnd: Number(data.appealEnd),
            commits: new Map(),
            revealed: new Set(),
          });
          break;
        }
        case 'dispute.VoteRevealed':
          model.disputes.get(big(data.disputeId))?.revealed.add(String(data.juror));
          break;
        case 'dispute.RulingExecuted': {
          const dispute = model.disputes.get(big(data.disputeId));
          if (dispute) {
            if (dispute.resolved) violations.push(`dispute ${dispute.id} ruled twice`);
            dispute.resolved = true;
          }
          const order = model.orders.get(big(data.orderId));
          const escrow = order?.escrowId === null || !order ? undefined : model.escrows.get(order.escrowId);
          if (escrow && big(data.toBuyer) + big(data.toSeller) !== escrow.amount) {
            violations.push(`dispute ${data.disputeId}: ruling pays ${data.toBuyer} + ${data.toSeller}`);
          }
          moveOrder(big(data.orderId), 'Resolved', violations);
          break;
        }
        case 'rewards.MissionCreated':
          model.missions.set(Number(data.missionId), {
            id: Number(data.missionId),
            manual: isManual(data.kind),
            closed: false,
          });
          break;
        case 'rewards.MissionClosed': {
          const mission = model.missions.get(Number(data.missionId));
          if (mission) mission.closed = true;
          break;
        }
        default:
          break;
      }
    }
    model.zariMinted += zariDelta;

    // Storage at this block.
    const [
      issuance,
      zariAsset,
      escrowAccount,
      escrowZari,
      escrowEntries,
      orderEntries,
      listingEntries,
      zari,
      sideAccounts,
    ] = await Promise.all([
      at.query.balances.totalIssuance(),
      at.query.assets.asset(ZARI_ASSET_ID),
      at.query.system.account(ESCROW_ACCOUNT),
      at.query.assets.account(ZARI_ASSET_ID, ESCROW_ACCOUNT),
      at.query.escrow.escrows.entries(),
      at.query.commerce.orders.entries(),
      at.query.commerce.listings.entries(),
      at.query.assets.account.multi(traders.map((pair) => [ZARI_ASSET_ID, pair.address])),
      at.query.system.account.multi([...sinks, ...dusts].map((pair) => pair.address)),
    ]);
    [...sinks, ...dusts].forEach((pair, index) => {
      free.set(pair.address, sideAccounts[index].data.free.toBigInt());
    });

    // 1. The escrow account holds exactly the open escrows.
    let openBzr = 0n;
    let openZari = 0n;
    for (const [key, value] of escrowEntries) {
      const id = key.args[0].toBigInt();
      const escrow = value.unwrap();
      const open = escrow.status.isLocked || escrow.status.isFrozen;
      if (open) {
        if (escrow.asset.isNone) openBzr += escrow.amount.toBigInt();
        else if (escrow.asset.unwrap().toNumber() === ZARI_ASSET_ID) openZari += escrow.amount.toBigInt();
        else violations.push(`escrow ${id} in unexpected asset ${escrow.asset.unwrap().toNumber()}`);
      }
      // 5. Closed in storage iff it had its one terminal event.
      if (open === model.terminated.has(id)) {
        violations.push(`escrow ${id} is ${escrow.status.type} but terminal event seen: ${model.terminated.has(id)}`);
      }
      const modelled = model.escrows.get(id);
      if (!modelled) violations.push(`escrow ${id} in storage without a Locked event`);
      else if (modelled.amount !== escrow.amount.toBigInt()) violations.push(`escrow ${id}: amount changed`);
    }
    if (escrowEntries.length !== model.escrows.size) {
      violations.push(`${escrowEntries.length} escrows in storage, ${model.escrows.size} Locked events`);
    }
    const heldBzr = escrowAccount.data.free.toBigInt() + escrowAccount.data.reserved.toBigInt();
    if (heldBzr !== openBzr) violations.push(`escrow account holds ${heldBzr} BZR, open escrows ${openBzr}`);
    const heldZari = escrowZari.isSome ? escrowZari.unwrap().balance.toBigInt() : 0n;
    if (heldZari !== openZari) violations.push(`escrow account holds ${heldZari} ZARI, open escrows ${openZari}`);

    // 2. BZR issuance changes only as documented.
    const newIssuance = issuance.toBigInt();
    if (newIssuance - head.issuance !== issuanceDelta) {
      violations.push(`BZR issuance moved by ${newIssuance - head.issuance}, events account for ${issuanceDelta}`);
    }

    // 3. ZARI supply = rewards minted − burned.
    const zariSupply = zariAsset.unwrap().supply.toBigInt();
    if (zariSupply !== model.zariMinted) {
      violations.push(`ZARI supply ${zariSupply}, rewards minted ${model.zariMinted}`);
    }
    traders.forEach((pair, index) => {
      model.zari.set(pair.address, zari[index].isSome ? zari[index].unwrap().balance.toBigInt() : 0n);
    });

    // 4. Stock: exactly as the events say, never above the stock set.
    for (const [key, value] of listingEntries) {
      const id = key.args[0].toBigInt();
      const listing = value.unwrap();
      const modelled = model.listings.get(id);
      const stock = listing.stock.toNumber();
      if (!modelled) violations.push(`listing ${id} without ListingCreated`);
      else {
        if (stock !== modelled.stock) violations.push(`listing ${id}: stock ${stock}, events say ${modelled.stock}`);
        if (stock > modelled.setStock) violations.push(`listing ${id}: stock ${stock} above ${modelled.setStock}`);
        if (listing.status.isRemoved !== modelled.removed) violations.push(`listing ${id}: removed mismatch`);
      }
    }

    // 6. Orders in storage are where their events took them.
    for (const [key, value] of orderEntries) {
      const id = key.args[0].toBigInt();
      const order = value.unwrap();
      const modelled = model.orders.get(id);
      if (!modelled) violations.push(`order ${id} without OrderCreated`);
      else {
        if (order.status.type !== modelled.status) {
          violations.push(`order ${id}: ${order.status.type} in storage, ${modelled.status} from events`);
        }
        if (modelled.escrowId !== order.escrowId.toBigInt()) violations.push(`order ${id}: escrow mismatch`);
        const escrow = model.escrows.get(order.escrowId.toBigInt());
        const shouldBeOpen =
          modelled.status === 'Paid' || modelled.status === 'Shipped' || modelled.status === 'Disputed';
        if (!escrow || escrow.open !== shouldBeOpen) {
          violations.push(`order ${id} ${modelled.status}: escrow open ${escrow?.open}`);
        }
      }
    }
    if (orderEntries.length !== model.orders.size) violations.push('orders in storage and OrderCreated differ');

    head = { hash, number, issuance: newIssuance, zariSupply };
    expect(violations, where).toEqual([]);
  }

  function moveOrder(id: bigint, to: OrderStatus, violations: string[]): void {
    const order = model.orders.get(id);
    if (!order) {
      violations.push(`order ${id} moves to ${to} but was never created`);
      return;
    }
    if (!ORDER_TRANSITIONS[order.status].includes(to)) violations.push(`order ${id}: ${order.status} → ${to}`);
    order.status = to;
  }

  // ----------------------------------------------------------------------------------------------
  // The operations

  const other = (not: readonly string[]) => rng.pick(traders.filter((pair) => !not.includes(pair.address)));
  const pairOf = (address: string) => byAddress.get(address) as KeyringPair;
  const validCid = () => rng.pick(Object.values(CID));
  const badCid = () => rng.pick(Object.values(BAD_CIDS));

  function op(kind: string, signer: KeyringPair, tx: SubmittableExtrinsic<'promise'>, mustFail = false): Op {
    return { kind, signer, tx, mustFail, sudo: false };
  }

  function sudoOp(kind: string, call: SubmittableExtrinsic<'promise'>, mustFail = false): Op {
    return { kind, signer: alice, tx: api.tx.sudo.sudo(call), mustFail, sudo: true };
  }

  function ordersIn(...statuses: OrderStatus[]) {
    return [...model.orders.values()].filter((order) => statuses.includes(order.status));
  }

  /** Dispute steps due at the next block: commits, reveals, rulings, appeals, evidence. */
  function disputeOps(next: number): Op[] {
    const ops: Op[] = [];
    for (const dispute of model.disputes.values()) {
      if (dispute.resolved || dispute.jurors.length === 0) continue;
      if (next >= dispute.evidenceEnd && next < dispute.commitEnd) {
        for (const juror of dispute.jurors) {
          if (dispute.commits.has(juror) || rng.chance(0.15)) continue;
          const vote = rng.pick<Vote>(['RefundBuyer', 'ReleaseSeller', { PartialRefund: rng.int(0, 100) }]);
          const salt = new Uint8Array(32).map(() => rng.int(0, 255));
          dispute.commits.set(juror, { vote, salt });
          ops.push(op('commit_vote', pairOf(juror), api.tx.dispute.commitVote(dispute.id, commitment(vote, salt))));
        }
      } else if (next >= dispute.commitEnd && next < dispute.revealEnd) {
        for (const [juror, { vote, salt }] of dispute.commits) {
          if (dispute.revealed.has(juror) || rng.chance(0.1)) continue;
          dispute.revealed.add(juror);
          // Now and then a juror reveals with the wrong salt: CommitmentMismatch.
          const mismatch = rng.chance(0.1);
          const revealSalt = mismatch ? salt.map((byte) => byte ^ 1) : salt;
          ops.push(op('reveal_vote', pairOf(juror), api.tx.dispute.revealVote(dispute.id, vote, revealSalt), mismatch));
        }
        // A juror of the dispute revealing a vote it never committed, or a stranger: fails.
        if (rng.chance(0.3)) {
          const stranger = rng.pick(traders);
          ops.push(
            op('reveal_vote', stranger, api.tx.dispute.revealVote(dispute.id, 'RefundBuyer', new Uint8Array(32)), true),
          );
        }
      } else if (next >= dispute.revealEnd && next < dispute.appealEnd) {
        if (rng.chance(0.3) && dispute.round < 1) {
          // Both parties appeal: the side the round favours fails with NotLosingSide.
          ops.push(op('appeal', pairOf(dispute.plaintiff), api.tx.dispute.appeal(dispute.id)));
          ops.push(op('appeal', pairOf(dispute.defendant), api.tx.dispute.appeal(dispute.id)));
        } else if (rng.chance(0.2)) {
          // Too early to execute.
          ops.push(op('execute_ruling', rng.pick(traders), api.tx.dispute.executeRuling(dispute.id), true));
        }
      } else if (next >= dispute.appealEnd) {
        ops.push(op('execute_ruling', rng.pick([...traders, ...jurors]), api.tx.dispute.executeRuling(dispute.id)));
      } else if (next < dispute.evidenceEnd && rng.chance(0.3)) {
        const party = pairOf(rng.pick([dispute.plaintiff, dispute.defendant]));
        ops.push(op('submit_evidence', party, api.tx.dispute.submitEvidence(dispute.id, validCid())));
      }
    }
    return ops;
  }

  function randomOp(): Op {
    const kind = rng.weighted({
      create_store: 4,
      update_store: 1,
      close_store: 1,
      create_listing: 7,
      update_listing: 4,
      remove_listing: 2,
      create_order: 20,
      cancel_order: 5,
      mark_shipped: 10,
      confirm_delivery: 8,
      mint_receipt: 3,
      rate_seller: 3,
      escrow_lock: 7,
      escrow_release: 4,
      escrow_refund: 3,
      escrow_split: 2,
      escrow_on_order: 1,
      mission: 3,
      cashback: 2,
      juror: 2,
      open_dispute: 3,
      burn: 1,
      force_set_balance: 1,
      dust: 2,
    });
    const signer = rng.pick(traders);
    const invalid = rng.chance(0.3);
    const stores = [...model.stores.values()];
    const openStores = stores.filter((store) => !store.closed);
    const liveListings = [...model.listings.values()].filter((listing) => !listing.removed);
    switch (kind) {
      case 'create_store':
        if (invalid) {
          return op(kind, signer, api.tx.commerce.createStore('Loja', badCid(), ENCRYPTION_KEY), true);
        }
        return op(kind, signer, api.tx.commerce.createStore(`Loja ${rng.int(0, 999)}`, validCid(), ENCRYPTION_KEY));
      case 'update_store':
      case 'close_store': {
        if (stores.length === 0) break;
        const store = rng.pick(stores);
        const caller = invalid ? other([store.owner]) : pairOf(store.owner);
        const tx =
          kind === 'close_store'
            ? api.tx.commerce.closeStore(store.id)
            : api.tx.commerce.updateStore(store.id, 'Renamed', validCid(), ENCRYPTION_KEY);
        return op(kind, caller, tx, invalid);
      }
      case 'create_listing': {
        if (openStores.length === 0) break;
        const store = rng.pick(openStores);
        if (invalid) {
          // A stranger, or a zero price.
          return rng.chance(0.5)
            ? op(kind, other([store.owner]), api.tx.commerce.createListing(store.id, BZR, 5, CID.v0), true)
            : op(kind, pairOf(store.owner), api.tx.commerce.createListing(store.id, 0, 5, CID.v0), true);
        }
        const price = BigInt(rng.int(1, 40)) * BZR + BigInt(rng.int(0, 999));
        return op(
          kind,
          pairOf(store.owner),
          api.tx.commerce.createListing(store.id, price, rng.int(0, 12), validCid()),
        );
      }
      case 'update_listing':
      case 'remove_listing': {
        if (liveListings.length === 0) break;
        const listing = rng.pick(liveListings);
        const caller = invalid ? other([listing.seller]) : pairOf(listing.seller);
        const tx =
          kind === 'remove_listing'
            ? api.tx.commerce.removeListing(listing.id)
            : api.tx.commerce.updateListing(listing.id, BigInt(rng.int(1, 30)) * BZR, rng.int(0, 15), validCid());
        return op(kind, caller, tx, invalid);
      }
      case 'create_order': {
        const withStock = liveListings.filter(
          (listing) => listing.stock > 0 && model.stores.get(listing.storeId)?.closed === false,
        );
        if (withStock.length === 0) break;
        const first = rng.pick(withStock);
        const seller = first.seller;
        const buyer = other([seller]);
        if (invalid) {
          const variant = rng.int(0, 3);
          if (variant === 0) {
            // Buying from your own store.
            const tx = api.tx.commerce.createOrder(first.storeId, [{ listingId: first.id, quantity: 1 }], null);
            return op('create_order(own store)', pairOf(seller), tx, true);
          }
          if (variant === 1) {
            const items = Array.from({ length: MAX_ITEMS + 1 }, (_, index) => ({
              listingId: BigInt(index),
              quantity: 1,
            }));
            return op(
              'create_order(too many items)',
              buyer,
              api.tx.commerce.createOrder(first.storeId, items, null),
              true,
            );
          }
          if (variant === 2) {
            const tx = api.tx.commerce.createOrder(
              first.storeId,
              [{ listingId: first.id, quantity: first.stock + 1 }],
              null,
            );
            return op('create_order(no stock)', buyer, tx);
          }
          const removed = [...model.listings.values()].filter(
            (listing) => listing.removed && listing.seller !== buyer.address,
          );
          if (removed.length === 0) break;
          const gone = rng.pick(removed);
          const tx = api.tx.commerce.createOrder(gone.storeId, [{ listingId: gone.id, quantity: 1 }], null);
          return op('create_order(removed listing)', buyer, tx, true);
        }
        const sameStore = withStock.filter((listing) => listing.storeId === first.storeId && listing.id !== first.id);
        const chosen = [first, ...sameStore.slice(0, rng.int(0, 2))];
        const items = chosen.map((listing) => ({
          listingId: listing.id,
          quantity: rng.int(1, Math.min(3, listing.stock)),
        }));
        return op(kind, buyer, api.tx.commerce.createOrder(first.storeId, items, rng.chance(0.5) ? validCid() : null));
      }
      case 'cancel_order': {
        const orders = ordersIn('Paid', 'Shipped');
        if (orders.length === 0) break;
        const order = rng.pick(orders);
        if (invalid) return op(kind, other([order.buyer, order.seller]), api.tx.commerce.cancelOrder(order.id), true);
        const caller = order.status === 'Shipped' || rng.chance(0.5) ? order.seller : order.buyer;
        return op(kind, pairOf(caller), api.tx.commerce.cancelOrder(order.id));
      }
      case 'mark_shipped': {
        const orders = ordersIn('Paid');
        if (orders.length === 0) break;
        const order = rng.pick(orders);
        const caller = invalid ? pairOf(order.buyer) : pairOf(order.seller);
        return op(kind, caller, api.tx.commerce.markShipped(order.id, rng.chance(0.5) ? validCid() : null), invalid);
      }
      case 'confirm_delivery': {
        const orders = ordersIn('Shipped');
        if (orders.length === 0) break;
        const order = rng.pick(orders);
        const caller = invalid ? pairOf(order.seller) : pairOf(order.buyer);
        return op(kind, caller, api.tx.commerce.confirmDelivery(order.id), invalid);
      }
      case 'mint_receipt':
      case 'rate_seller': {
        const done = ordersIn('Completed', 'Resolved');
        const order =
          invalid && rng.chance(0.5)
            ? rng.pick([...model.orders.values(), undefined])
            : done.length > 0
              ? rng.pick(done)
              : undefined;
        if (!order) break;
        if (kind === 'mint_receipt') {
          if (invalid)
            return op(
              kind,
              other([order.buyer, order.seller]),
              api.tx.commerce.mintReceipt(order.id, validCid()),
              true,
            );
          return op(
            kind,
            pairOf(rng.pick([order.buyer, order.seller])),
            api.tx.commerce.mintReceipt(order.id, validCid()),
          );
        }
        if (invalid)
          return op(kind, pairOf(order.buyer), api.tx.commerce.rateSeller(order.id, rng.pick([0, 6]), null), true);
        return op(
          kind,
          pairOf(order.buyer),
          api.tx.commerce.rateSeller(order.id, rng.int(1, 5), rng.chance(0.5) ? validCid() : null),
        );
      }
      case 'escrow_lock': {
        const beneficiary = other([signer.address]);
        const zari = model.zari.get(signer.address) ?? 0n;
        const inZari = zari > 0n && rng.chance(0.5);
        const amount = inZari ? BigInt(rng.int(1, 1000)) * (zari / 1000n || 1n) : BigInt(rng.int(1, 50)) * BZR;
        const delay = rng.chance(0.4) ? rng.int(1, 40) : null;
        if (invalid) {
          const variant = rng.int(0, 2);
          const tx =
            variant === 0
              ? api.tx.escrow.lock(beneficiary.address, 0, null, null)
              : variant === 1
                ? api.tx.escrow.lock(signer.address, amount, null, null)
                : api.tx.escrow.lock(beneficiary.address, amount, null, 0);
          return op(kind, signer, tx, true);
        }
        return op(kind, signer, api.tx.escrow.lock(beneficiary.address, amount, inZari ? ZARI_ASSET_ID : null, delay));
      }
      case 'escrow_release':
      case 'escrow_refund':
      case 'escrow_split': {
        const direct = [...model.escrows.values()].filter(
          (escrow) => escrow.orderId === null && (escrow.open || invalid),
        );
        if (direct.length === 0) break;
        const escrow = rng.pick(direct);
        if (kind === 'escrow_split') {
          const share = rng.int(1, 999_999);
          const splits: [string, number][] = [
            [escrow.depositor, share],
            [escrow.beneficiary, 1_000_000 - share - (invalid ? 1 : 0)],
          ];
          return sudoOp(kind, api.tx.escrow.splitRelease(escrow.id, splits), invalid);
        }
        const release = kind === 'escrow_release';
        const rightful = release ? escrow.depositor : escrow.beneficiary;
        const wrong = release ? escrow.beneficiary : escrow.depositor;
        const tx = release ? api.tx.escrow.release(escrow.id) : api.tx.escrow.refund(escrow.id);
        return op(kind, pairOf(invalid ? wrong : rightful), tx, invalid || !escrow.open);
      }
      case 'escrow_on_order': {
        // An order's escrow moves only through the order: ManagedByOrder.
        const orders = [...model.orders.values()].filter((order) => order.escrowId !== null);
        if (orders.length === 0) break;
        const order = rng.pick(orders);
        const id = order.escrowId as bigint;
        return rng.chance(0.5)
          ? op(kind, pairOf(order.buyer), api.tx.escrow.release(id), true)
          : sudoOp(kind, api.tx.escrow.refund(id), true);
      }
      case 'mission': {
        const missions = [...model.missions.values()].filter((mission) => !mission.closed);
        const roll = rng.int(0, 9);
        if (roll < 4 || missions.length === 0) {
          const missionKind = rng.pick<unknown>([
            'Manual',
            'FirstPurchase',
            'FirstSale',
            { CompletedOrders: rng.int(1, 3) },
            { ReviewsWritten: rng.int(1, 2) },
          ]);
          const reward = invalid ? 0n : BigInt(rng.int(1, 20)) * BZR;
          const call = api.tx.rewards.createMission(
            `m${rng.int(0, 999)}`,
            null,
            reward,
            rng.int(1, 4),
            null,
            missionKind as never,
          );
          return sudoOp('create_mission', call, invalid);
        }
        const mission = rng.pick(missions);
        if (roll < 9) {
          const user = rng.pick(traders).address;
          // Invalid: a mission that completes by itself (NotManualMission) or one that does not exist.
          const target = invalid && mission.manual ? 999_999 : mission.id;
          return sudoOp('complete_mission', api.tx.rewards.completeMission(user, target), invalid || !mission.manual);
        }
        return sudoOp('close_mission', api.tx.rewards.closeMission(mission.id));
      }
      case 'cashback': {
        const amount = invalid ? 0n : BigInt(rng.int(1, 100)) * BZR;
        return sudoOp('mint_cashback', api.tx.rewards.mintCashback(signer.address, amount, 'property'), invalid);
      }
      case 'juror': {
        const juror = rng.pick(jurors);
        if (invalid) return op('register_juror', signer, api.tx.dispute.registerJuror(BZR), true);
        if (!model.jurors.has(juror.address))
          return op('register_juror', juror, api.tx.dispute.registerJuror(150n * BZR));
        return rng.chance(0.8)
          ? op('add_stake', juror, api.tx.dispute.addStake(BigInt(rng.int(1, 20)) * BZR))
          : op('unregister_juror', juror, api.tx.dispute.unregisterJuror());
      }
      case 'burn': {
        // Invalid: more than the account holds.
        const value = invalid ? 10n ** 30n : BigInt(rng.int(1, 5)) * BZR;
        return op(kind, signer, api.tx.balances.burn(value, true), invalid);
      }
      case 'force_set_balance': {
        const sink = rng.pick(sinks);
        const value = rng.pick([0n, existentialDeposit / 2n, BigInt(rng.int(1, 500)) * BZR + BigInt(rng.int(0, 999))]);
        return sudoOp(kind, api.tx.balances.forceSetBalance(sink.address, value));
      }
      case 'dust': {
        const account = rng.pick(dusts);
        const balance = free.get(account.address) ?? 0n;
        if (balance === 0n || rng.chance(0.3)) {
          return op(
            'dust_fund',
            signer,
            api.tx.balances.transferAllowDeath(account.address, BigInt(rng.int(1, 3)) * BZR),
          );
        }
        // Leaves less than the existential deposit after the fee: the account is reaped, the rest is dust.
        const value = balance - dustFee - existentialDeposit / 2n;
        if (value <= 0n) break;
        return op('dust_reap', account, api.tx.balances.transferAllowDeath(signer.address, value));
      }
      case 'open_dispute': {
        const orders = ordersIn('Paid', 'Shipped');
        if (orders.length === 0) break;
        const order = rng.pick(orders);
        if (invalid)
          return op(kind, other([order.buyer, order.seller]), api.tx.dispute.openDispute(order.id, CID.v0), true);
        return op(
          kind,
          pairOf(rng.pick([order.buyer, order.seller])),
          api.tx.dispute.openDispute(order.id, validCid()),
        );
      }
      default:
        break;
    }
    // Nothing to act on yet: a store to get things going.
    return op('create_store', signer, api.tx.commerce.createStore('Loja', CID.v1, ENCRYPTION_KEY));
  }

  // ----------------------------------------------------------------------------------------------

  it('keeps every invariant after every block', async () => {
    const started = Date.now();
    // Setup: fund the derived traders and jurors, and seat the jurors.
    await refreshNonces();
    const funding = [...traders.slice(6), ...jurors].map((pair) =>
      op('fund', alice, api.tx.balances.transferKeepAlive(pair.address, 10_000n * BZR)),
    );
    await buildBlocks(1, await submitAll(funding));
    await refreshNonces();
    const seats = jurors.map((juror) => op('register_juror', juror, api.tx.dispute.registerJuror(150n * BZR)));
    await buildBlocks(1, await submitAll(seats));
    expect(model.jurors.size).toBe(jurors.length);

    for (let blockIndex = 0; blockIndex < BLOCKS; blockIndex++) {
      await refreshNonces();
      const next = head.number + 1;
      const ops = disputeOps(next).slice(0, OPS_PER_BLOCK);
      while (ops.length < OPS_PER_BLOCK) ops.push(randomOp());
      stats.ops += ops.length;
      await buildBlocks(1, await submitAll(ops));
      // Jumps across the dispute phases (10 blocks each) and the auto-release delay (100 blocks).
      if (blockIndex % 10 === 9) await buildBlocks(rng.int(3, 12));
      if (blockIndex % 33 === 32) await buildBlocks(101);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const sorted = (map: Map<string, unknown>) => Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));
    console.log(
      JSON.stringify(
        {
          seed: SEED,
          seconds,
          ...Object.fromEntries(Object.entries(stats).filter(([, value]) => typeof value === 'number')),
          orders: Object.fromEntries(
            (['Paid', 'Shipped', 'Completed', 'Cancelled', 'Disputed', 'Resolved'] as const).map((status) => [
              status,
              ordersIn(status).length,
            ]),
          ),
          escrows: model.escrows.size,
          disputes: model.disputes.size,
          resolvedDisputes: [...model.disputes.values()].filter((dispute: DisputeModel) => dispute.resolved).length,
          zariMinted: model.zariMinted.toString(),
          kinds: sorted(
            new Map([...stats.kinds].map(([key, value]) => [key, `${value.ok} ok / ${value.failed} failed`])),
          ),
          errors: sorted(stats.errors),
          events: sorted(stats.events),
        },
        null,
        1,
      ),
    );
    expect(stats.ops).toBeGreaterThanOrEqual(Math.min(2000, BLOCKS * OPS_PER_BLOCK));
    expect(stats.failed).toBeGreaterThan(stats.ops * 0.15);
    expect(stats.succeeded).toBeGreaterThan(stats.ops * 0.4);
    expect(stats.events.get('dispute.RulingExecuted') ?? 0).toBeGreaterThan(0);
    expect(stats.events.get('escrow.AutoReleased') ?? 0).toBeGreaterThan(0);
    expect(stats.events.get('rewards.CashbackMinted') ?? 0).toBeGreaterThan(0);
  }, 600_000);
});
