/**
 * Shared harness of the Bazari pallet tests: an in-process devnet (instant blocks: one block per
 * transaction, awaited through its InBlock status and events) with an `ApiPromise` typed by the
 * chain-types augmentation, the dev accounts, outcome and error decoding, snapshots of the pallets'
 * storage to prove a failed call changed nothing, and the Commerce flows the tests build on.
 */
import '@bazari/chain-types/augment';
import { palletAccountId } from '@bazari/chain-types';
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Event, EventRecord } from '@polkadot/types/interfaces';
import { u8aToHex } from '@polkadot/util';
import { xxhashAsHex } from '@polkadot/util-crypto';
import { expect } from 'vitest';
import { type Devnet, startDevnet } from '../../src/node.ts';
import type { BlockContext } from '../../src/runtime/context.ts';
import {
  CID,
  type DevAccounts,
  devAccounts,
  emptyKeyring,
  type Outcome,
  submit as submitAndWait,
  sudo as sudoCall,
} from '../../src/testing/index.ts';

export { BAD_CIDS, CID, newBlocks, type Outcome } from '../../src/testing/index.ts';

export const BZR = 10n ** 12n;
export const ZARI_ASSET_ID = 1000;
export const ESCROW_ACCOUNT = palletAccountId('bz/escrw');
export const TREASURY_ACCOUNT = palletAccountId('py/trsry');
export const ENCRYPTION_KEY = new Uint8Array(32).fill(7);

export type Accounts = DevAccounts;

/** Module errors are named by the api's section here: `commerce.InvalidCid`, `balances.InsufficientBalance`. */
const SECTION_NAMES = { errorNaming: 'section' } as const;

export interface Harness {
  readonly devnet: Devnet;
  readonly api: ApiPromise;
  readonly accounts: Accounts;
  /**
   * Runs `task` in the `on_initialize` of a new block, after the pallets' hooks, as another runtime pallet
   * (Dispute) would call the exported cross-pallet functions; returns that block's hash and Initialization events.
   */
  inNextBlock(task: (ctx: BlockContext) => void): Promise<{ blockHash: string; events: EventRecord[] }>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const devnet = await startDevnet({ port: 0 });
  const provider = new WsProvider(devnet.wsUrl, false);
  await provider.connect();
  const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  const tasks: ((ctx: BlockContext) => void)[] = [];
  const dispatcher = devnet.chain.executive.dispatcher;
  const onInitialize = dispatcher.onInitialize.bind(dispatcher);
  dispatcher.onInitialize = (ctx) => {
    const weight = onInitialize(ctx);
    for (const task of tasks.splice(0)) task(ctx);
    return weight;
  };
  const accounts = devAccounts(emptyKeyring(api.registry.chainSS58));
  return {
    devnet,
    api,
    accounts,
    inNextBlock: async (task) => {
      tasks.push(task);
      const built = await devnet.pool.buildBlock();
      const blockHash = u8aToHex(built.hash);
      const records = (await api.query.system.events.at(blockHash)) as unknown as EventRecord[];
      return { blockHash, events: records.filter(({ phase }) => phase.isInitialization) };
    },
    close: async () => {
      await api.disconnect();
      await devnet.close();
    },
  };
}

/** Signs, submits and waits for the transaction's block (InBlock, or Finalized when finality came first). */
export function submit(api: ApiPromise, tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<Outcome> {
  return submitAndWait(api, tx, signer, SECTION_NAMES);
}

/** Submits `call` through `Sudo.sudo` (Alice holds the key); the outcome's error is the inner call's. */
export function sudo(api: ApiPromise, alice: KeyringPair, call: SubmittableExtrinsic<'promise'>): Promise<Outcome> {
  return sudoCall(api, alice, call, SECTION_NAMES);
}

/** Expects success and returns the outcome. */
export async function ok(outcome: Promise<Outcome>): Promise<Outcome> {
  const resolved = await outcome;
  expect(resolved.error).toBeNull();
  return resolved;
}

/** The events named `section.method` (e.g. `commerce.OrderCreated`). */
export function events(outcome: { events: readonly EventRecord[] }, name: string): Event[] {
  return outcome.events.filter(({ event }) => `${event.section}.${event.method}` === name).map(({ event }) => event);
}

/** `section.method` of each event of the outcome, without the fee and system bookkeeping. */
export function eventNames(outcome: { events: readonly EventRecord[] }): string[] {
  return outcome.events
    .map(({ event }) => `${event.section}.${event.method}`)
    .filter(
      (name) =>
        !['system.ExtrinsicSuccess', 'system.ExtrinsicFailed', 'transactionPayment.TransactionFeePaid'].includes(
          name,
        ) &&
        !name.startsWith('balances.Withdraw') &&
        !name.startsWith('balances.Deposit'),
    );
}

/** An event's fields as plain JSON (numbers as numbers or hex, accounts as SS58). */
export function fields(event: Event): Record<string, unknown> {
  const data = event.data as unknown as { names: string[] | null; [index: number]: { toJSON(): unknown } };
  if (!data.names) throw new Error(`${event.section}.${event.method} has unnamed fields`);
  return Object.fromEntries(data.names.map((name, index) => [name, data[index].toJSON()]));
}

export async function blockNumber(api: ApiPromise, blockHash?: string): Promise<number> {
  const header = blockHash ? await api.rpc.chain.getHeader(blockHash) : await api.rpc.chain.getHeader();
  return header.number.toNumber();
}

export async function freeBalance(api: ApiPromise, who: string | Uint8Array, at?: string): Promise<bigint> {
  const query = at ? (await api.at(at)).query : api.query;
  return (await query.system.account(who)).data.free.toBigInt();
}

export async function zariBalance(api: ApiPromise, who: string | Uint8Array, at?: string): Promise<bigint> {
  const query = at ? (await api.at(at)).query : api.query;
  const account = await query.assets.account(ZARI_ASSET_ID, who);
  return account.isSome ? account.unwrap().balance.toBigInt() : 0n;
}

export async function zariIssuance(api: ApiPromise, at?: string): Promise<bigint> {
  const query = at ? (await api.at(at)).query : api.query;
  return (await query.assets.asset(ZARI_ASSET_ID)).unwrap().supply.toBigInt();
}

const SNAPSHOT_PALLETS = ['Commerce', 'Escrow', 'Rewards', 'Assets'];

/**
 * Every storage entry of Commerce, Escrow, Rewards and Assets at a block, plus the System account of each
 * given account (balances, references; nonces left out): what a failed call must not change.
 */
export async function snapshot(api: ApiPromise, at: string, accounts: readonly (string | Uint8Array)[] = []) {
  const entries: Record<string, string> = {};
  for (const pallet of SNAPSHOT_PALLETS) {
    const prefix = xxhashAsHex(pallet, 128);
    let start: string | undefined;
    for (;;) {
      const keys = await api.rpc.state.getKeysPaged(prefix, 1000, start, at);
      if (keys.length === 0) break;
      const values = (await api.rpc.state.queryStorageAt(keys, at)) as unknown as {
        toU8a(bare: boolean): Uint8Array;
      }[];
      keys.forEach((key, index) => {
        entries[key.toHex()] = u8aToHex(values[index].toU8a(true));
      });
      if (keys.length < 1000) break;
      start = keys[keys.length - 1].toHex();
    }
  }
  const query = (await api.at(at)).query;
  for (const who of accounts) {
    const info = await query.system.account(who);
    entries[`account:${u8aToHex(typeof who === 'string' ? api.createType('AccountId32', who).toU8a() : who)}`] =
      JSON.stringify({
        data: info.data.toJSON(),
        providers: info.providers.toNumber(),
        consumers: info.consumers.toNumber(),
        sufficients: info.sufficients.toNumber(),
      });
  }
  return entries;
}

/**
 * Submits a call expected to fail with `error`, and checks it changed nothing in the Bazari pallets, in
 * Assets, and in the balances of `watched` accounts (the escrow account and every dev account but the
 * signer, who pays the fee, are always watched).
 */
export async function expectFailure(
  harness: Harness,
  tx: SubmittableExtrinsic<'promise'>,
  signer: KeyringPair,
  error: string,
  options: { sudo?: boolean } = {},
): Promise<Outcome> {
  const { api, accounts } = harness;
  const watched = [
    ESCROW_ACCOUNT,
    ...Object.values(accounts)
      .filter((pair) => pair.address !== signer.address)
      .map((p) => p.address),
  ];
  const before = await snapshot(api, (await api.rpc.chain.getBlockHash()).toHex(), watched);
  const outcome = options.sudo ? await sudo(api, signer, tx) : await submit(api, tx, signer);
  expect(outcome.error).toBe(error);
  const after = await snapshot(api, outcome.blockHash, watched);
  expect(after).toEqual(before);
  return outcome;
}

// ------------------------------------------------------------------------------------------------
// Commerce flows

const text = (value: string) => value;

export async function createStore(harness: Harness, owner: KeyringPair, name = 'Loja da Ana'): Promise<number> {
  const { api } = harness;
  const outcome = await ok(submit(api, api.tx.commerce.createStore(text(name), CID.v1, ENCRYPTION_KEY), owner));
  const [event] = events(outcome, 'commerce.StoreCreated');
  return Number(fields(event).storeId);
}

export async function createListing(
  harness: Harness,
  owner: KeyringPair,
  storeId: number,
  price: bigint,
  stock: number,
): Promise<bigint> {
  const { api } = harness;
  const outcome = await ok(submit(api, api.tx.commerce.createListing(storeId, price, stock, CID.v0), owner));
  const [event] = events(outcome, 'commerce.ListingCreated');
  return BigInt(fields(event).listingId as number);
}

export interface PlacedOrder {
  readonly orderId: bigint;
  readonly escrowId: bigint;
  readonly outcome: Outcome;
}

export async function createOrder(
  harness: Harness,
  buyer: KeyringPair,
  storeId: number,
  items: readonly [bigint, number][],
  shippingCid: string | null = CID.v1Raw,
): Promise<PlacedOrder> {
  const { api } = harness;
  const outcome = await ok(
    submit(
      api,
      api.tx.commerce.createOrder(
        storeId,
        items.map(([listingId, quantity]) => ({ listingId, quantity })),
        shippingCid,
      ),
      buyer,
    ),
  );
  const [paid] = events(outcome, 'commerce.OrderPaid');
  const { orderId, escrowId } = fields(paid) as { orderId: number; escrowId: number };
  return { orderId: BigInt(orderId), escrowId: BigInt(escrowId), outcome };
}

/** A store of `seller` with one listing, ordered once by `buyer`: the order is Paid. */
export async function paidOrder(
  harness: Harness,
  seller: KeyringPair,
  buyer: KeyringPair,
  price = 10n * BZR,
  quantity = 1,
): Promise<PlacedOrder & { storeId: number; listingId: bigint }> {
  const storeId = await createStore(harness, seller);
  const listingId = await createListing(harness, seller, storeId, price, 10);
  const order = await createOrder(harness, buyer, storeId, [[listingId, quantity]]);
  return { ...order, storeId, listingId };
}

export async function ship(harness: Harness, seller: KeyringPair, orderId: bigint): Promise<Outcome> {
  const { api } = harness;
  return ok(submit(api, api.tx.commerce.markShipped(orderId, CID.v1Base58), seller));
}

export async function confirm(harness: Harness, buyer: KeyringPair, orderId: bigint): Promise<Outcome> {
  const { api } = harness;
  return ok(submit(api, api.tx.commerce.confirmDelivery(orderId), buyer));
}

/** An order of `buyer` from a new store of `seller`, shipped and confirmed. */
export async function completedOrder(
  harness: Harness,
  seller: KeyringPair,
  buyer: KeyringPair,
  price = 10n * BZR,
): Promise<PlacedOrder & { confirmed: Outcome }> {
  const order = await paidOrder(harness, seller, buyer, price);
  await ship(harness, seller, order.orderId);
  const confirmed = await confirm(harness, buyer, order.orderId);
  return { ...order, confirmed };
}

export async function order(api: ApiPromise, orderId: bigint) {
  return (await api.query.commerce.orders(orderId)).unwrap();
}

export async function escrow(api: ApiPromise, escrowId: bigint) {
  return (await api.query.escrow.escrows(escrowId)).unwrap();
}
