/**
 * `pallet_assets` on the devnet: the calls as real signed extrinsics through @polkadot/api on
 * an in-process node, and the `fungibles` helpers (mintInto, burnFrom, transferAsset) that the
 * Bazari pallets call.
 *
 * No call of the runtime interface mints (ZARI is issued only by the Rewards pallet), so the
 * node tests mint the way a runtime pallet does: a hook on the node's dispatcher runs `mintInto`
 * in the `on_initialize` of the next block, as Rewards will. Everything else goes through
 * extrinsics, and every check reads the chain back over RPC.
 */
import '@bazari/chain-types/augment';
import { palletAccountId } from '@bazari/chain-types';
import type { RuntimeCall } from '@bazari/chain-types/generated';
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { EventRecord } from '@polkadot/types/interfaces';
import { u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGenesis } from '../src/blockchain/genesis.ts';
import { loadChainSpec } from '../src/chain-spec/chain-spec.ts';
import { type Devnet, startDevnet } from '../src/node.ts';
import { BlockContext, DispatchError } from '../src/runtime/context.ts';
import { createRuntime } from '../src/runtime/index.ts';
import {
  assetBalance,
  assetTotalIssuance,
  burnFrom,
  mintInto,
  reducibleAssetBalance,
  transferAsset,
  ZARI_ASSET_ID,
} from '../src/runtime/pallets/assets.ledger.ts';
import { StorageOverlay } from '../src/runtime/state.ts';
import { type Outcome, submit as submitAndWait, sudo as sudoCall } from '../src/testing/index.ts';

const BZR = 10n ** 12n;
const ZARI = 10n ** 12n;
const ASSET_DEPOSIT = 10n * BZR;
const METADATA_DEPOSIT_BASE = BZR;
const METADATA_DEPOSIT_PER_BYTE = BZR / 100n;
const APPROVAL_DEPOSIT = BZR / 100n;
const ASSET_ACCOUNT_DEPOSIT = BZR / 100n;
const REWARDS_ACCOUNT = palletAccountId('bz/rwrds');
const ESCROW_ACCOUNT = palletAccountId('bz/escrw');

// ------------------------------------------------------------------------------------------------
// Node harness

let devnet: Devnet;
let api: ApiPromise;
let alice: KeyringPair;
let bob: KeyringPair;
let charlie: KeyringPair;
let dave: KeyringPair;
let eve: KeyringPair;
let ferdie: KeyringPair;
/** An account with no BZR at all. */
let zed: KeyringPair;
let zoe: KeyringPair;
const runtimeTasks: ((ctx: BlockContext) => void)[] = [];

/** Module errors are named by the api's section here: `assets.BalanceLow` (and `Token.BelowMinimum`). */
const SECTION_NAMES = { errorNaming: 'section' } as const;

/** Signs, submits and waits for its block (the node builds one per transaction). */
function submit(tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<Outcome> {
  return submitAndWait(api, tx, signer, SECTION_NAMES);
}

/** Submits `call` through `Sudo.sudo` (Alice holds the key); the error is the inner call's. */
function sudo(call: SubmittableExtrinsic<'promise'>): Promise<Outcome> {
  return sudoCall(api, alice, call, SECTION_NAMES);
}

/** Runs `task` inside the next block, in `on_initialize`, as a runtime pallet (Rewards) would. */
async function inNextBlock(task: (ctx: BlockContext) => void): Promise<EventRecord[]> {
  runtimeTasks.push(task);
  const built = await devnet.pool.buildBlock();
  const hash = u8aToHex(built.hash);
  const events = (await api.query.system.events.at(hash)) as unknown as EventRecord[];
  return events.filter(({ phase }) => phase.isInitialization);
}

function mint(id: number, who: KeyringPair, amount: bigint): Promise<EventRecord[]> {
  return inNextBlock((ctx) => {
    mintInto(ctx, id, who.publicKey, amount);
  });
}

function names(events: readonly EventRecord[]): string[] {
  return events.map(({ event }) => `${event.section}.${event.method}`);
}

async function details(id: number) {
  return (await api.query.assets.asset(id)).unwrap();
}

async function balanceOf(id: number, who: KeyringPair | Uint8Array): Promise<bigint | null> {
  const account = await api.query.assets.account(id, 'publicKey' in who ? who.address : who);
  return account.isSome ? account.unwrap().balance.toBigInt() : null;
}

async function system(who: KeyringPair | Uint8Array) {
  const info = await api.query.system.account('publicKey' in who ? who.address : who);
  return {
    providers: info.providers.toNumber(),
    consumers: info.consumers.toNumber(),
    sufficients: info.sufficients.toNumber(),
    free: info.data.free.toBigInt(),
    reserved: info.data.reserved.toBigInt(),
  };
}

async function systemAccountExists(who: KeyringPair): Promise<boolean> {
  const raw = (await api.rpc.state.getStorage(api.query.system.account.key(who.address))) as { isEmpty: boolean };
  return !raw.isEmpty;
}

/** The counters of an asset class equal what its accounts and approvals add up to. */
async function expectConsistent(id: number): Promise<void> {
  const d = await details(id);
  const accounts = await api.query.assets.account.entries(id);
  // A prefix of the (asset, owner, delegate) key: every approval of `id`.
  const approvals = await (api.query.assets.approvals.entries as (...prefix: unknown[]) => Promise<unknown[]>)(id);
  let supply = 0n;
  let sufficients = 0;
  for (const [, account] of accounts) {
    supply += account.unwrap().balance.toBigInt();
    if (account.unwrap().reason.isSufficient) sufficients++;
  }
  expect({
    supply: d.supply.toBigInt(),
    accounts: d.accounts.toNumber(),
    sufficients: d.sufficients.toNumber(),
    approvals: d.approvals.toNumber(),
  }).toEqual({ supply, accounts: accounts.length, sufficients, approvals: approvals.length });
}

beforeAll(async () => {
  devnet = await startDevnet({ port: 0 });
  // The stand-in for a runtime pallet's `on_initialize` (see `inNextBlock`).
  const dispatcher = devnet.chain.executive.dispatcher;
  const onInitialize = dispatcher.onInitialize.bind(dispatcher);
  dispatcher.onInitialize = (ctx) => {
    const weight = onInitialize(ctx);
    for (const task of runtimeTasks.splice(0)) task(ctx);
    return weight;
  };
  const provider = new WsProvider(devnet.wsUrl, false);
  await provider.connect();
  api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  [alice, bob, charlie, dave, eve, ferdie, zed, zoe] = [
    'Alice',
    'Bob',
    'Charlie',
    'Dave',
    'Eve',
    'Ferdie',
    'Zed',
    'Zoe',
  ].map((name) => keyring.addFromUri(`//${name}`));
});

afterAll(async () => {
  await api?.disconnect();
  await devnet?.close();
});

// ------------------------------------------------------------------------------------------------
// Through the node

describe('Assets on the devnet', () => {
  it('has ZARI (asset 1000) from genesis: sufficient, owned by the Rewards pallet account', async () => {
    const zari = await details(ZARI_ASSET_ID);
    expect(u8aToHex(zari.owner)).toBe(u8aToHex(REWARDS_ACCOUNT));
    expect(u8aToHex(zari.issuer)).toBe(u8aToHex(REWARDS_ACCOUNT));
    expect(zari.isSufficient.isTrue).toBe(true);
    expect(zari.minBalance.toBigInt()).toBe(1n);
    expect(zari.status.type).toBe('Live');
    expect(zari.supply.toBigInt()).toBe(0n);
    const metadata = await api.query.assets.metadata(ZARI_ASSET_ID);
    expect(metadata.symbol.toUtf8()).toBe('ZARI');
    expect(metadata.decimals.toNumber()).toBe(12);
    expect('mint' in api.tx.assets).toBe(false);
  });

  describe('create and set_metadata', () => {
    it('creates an asset owned by its creator, reserving AssetDeposit (Created)', async () => {
      const before = await system(bob);
      const outcome = await submit(api.tx.assets.create(7, bob.address, 10), bob);
      expect(outcome.error).toBeNull();
      expect(names(outcome.events)).toContain('balances.Reserved');
      const created = outcome.events.find(({ event }) => api.events.assets.Created.is(event));
      if (!created || !api.events.assets.Created.is(created.event)) throw new Error('no Created event');
      expect(created.event.data.assetId.toNumber()).toBe(7);
      expect(created.event.data.creator.toString()).toBe(bob.address);
      expect(created.event.data.owner.toString()).toBe(bob.address);

      expect((await system(bob)).reserved - before.reserved).toBe(ASSET_DEPOSIT);
      const d = await details(7);
      expect(d.owner.toString()).toBe(bob.address);
      expect(d.admin.toString()).toBe(bob.address);
      expect(d.deposit.toBigInt()).toBe(ASSET_DEPOSIT);
      expect(d.minBalance.toBigInt()).toBe(10n);
      expect(d.isSufficient.isFalse).toBe(true);
      expect(d.supply.toBigInt()).toBe(0n);
    });

    it('refuses a taken id (InUse), a zero minimum balance (MinBalanceZero) and force_create without root', async () => {
      expect((await submit(api.tx.assets.create(7, charlie.address, 1), charlie)).error).toBe('assets.InUse');
      expect((await submit(api.tx.assets.create(8, charlie.address, 0), charlie)).error).toBe('assets.MinBalanceZero');
      expect((await submit(api.tx.assets.create(ZARI_ASSET_ID, charlie.address, 5), charlie)).error).toBe(
        'assets.InUse',
      );
      expect((await submit(api.tx.assets.forceCreate(8, charlie.address, true, 1), charlie)).error).toBe('BadOrigin');
      expect((await api.query.assets.asset(8)).isNone).toBe(true);
    });

    it('sets metadata with a deposit of MetadataDepositBase + per byte, adjusted on update (MetadataSet)', async () => {
      const before = (await system(bob)).reserved;
      const outcome = await submit(api.tx.assets.setMetadata(7, 'Bob Coin', 'BOB', 6), bob);
      expect(outcome.error).toBeNull();
      const set = outcome.events.find(({ event }) => api.events.assets.MetadataSet.is(event));
      if (!set || !api.events.assets.MetadataSet.is(set.event)) throw new Error('no MetadataSet event');
      expect(set.event.data.name.toUtf8()).toBe('Bob Coin');
      expect(set.event.data.symbol.toUtf8()).toBe('BOB');
      expect(set.event.data.decimals.toNumber()).toBe(6);
      const deposit = METADATA_DEPOSIT_BASE + METADATA_DEPOSIT_PER_BYTE * 11n;
      expect((await system(bob)).reserved - before).toBe(deposit);
      const metadata = await api.query.assets.metadata(7);
      expect(metadata.deposit.toBigInt()).toBe(deposit);
      expect(metadata.name.toUtf8()).toBe('Bob Coin');

      // A shorter name: the difference is unreserved.
      expect((await submit(api.tx.assets.setMetadata(7, 'Bob', 'BOB', 6), bob)).error).toBeNull();
      expect((await system(bob)).reserved - before).toBe(METADATA_DEPOSIT_BASE + METADATA_DEPOSIT_PER_BYTE * 6n);
      expect((await api.query.assets.metadata(7)).deposit.toBigInt()).toBe(
        METADATA_DEPOSIT_BASE + METADATA_DEPOSIT_PER_BYTE * 6n,
      );
    });

    it('refuses metadata from others (NoPermission), beyond StringLimit (BadMetadata) or for unknown assets', async () => {
      expect((await submit(api.tx.assets.setMetadata(7, 'Mine', 'MINE', 6), charlie)).error).toBe(
        'assets.NoPermission',
      );
      expect((await submit(api.tx.assets.setMetadata(7, 'x'.repeat(51), 'BOB', 6), bob)).error).toBe(
        'assets.BadMetadata',
      );
      expect((await submit(api.tx.assets.setMetadata(7, 'Bob', 'B'.repeat(51), 6), bob)).error).toBe(
        'assets.BadMetadata',
      );
      expect((await submit(api.tx.assets.setMetadata(99, 'Nope', 'NOPE', 6), bob)).error).toBe('assets.Unknown');
      expect((await submit(api.tx.assets.setMetadata(ZARI_ASSET_ID, 'Mine', 'MINE', 6), bob)).error).toBe(
        'assets.NoPermission',
      );
    });

    it('weighs set_metadata by the bytes it stores', async () => {
      const short = await api.tx.assets.setMetadata(7, 'a', 'b', 6).paymentInfo(bob);
      const long = await api.tx.assets.setMetadata(7, 'a'.repeat(50), 'b'.repeat(50), 6).paymentInfo(bob);
      expect(long.weight.refTime.toBigInt()).toBeGreaterThan(short.weight.refTime.toBigInt());
    });
  });

  describe('ZARI, minted by runtime code', () => {
    it('mintInto issues ZARI: Issued, supply, and a sufficient reference on the holder', async () => {
      const before = await system(alice);
      const events = await mint(ZARI_ASSET_ID, alice, 1000n * ZARI);
      expect(names(events)).toEqual(['assets.Issued']);
      expect(await balanceOf(ZARI_ASSET_ID, alice)).toBe(1000n * ZARI);
      const account = (await api.query.assets.account(ZARI_ASSET_ID, alice.address)).unwrap();
      expect(account.reason.isSufficient).toBe(true);
      expect(account.status.isLiquid).toBe(true);
      const after = await system(alice);
      expect(after.sufficients).toBe(before.sufficients + 1);
      expect(after.consumers).toBe(before.consumers);
      const zari = await details(ZARI_ASSET_ID);
      expect(zari.supply.toBigInt()).toBe(1000n * ZARI);
      expect(zari.accounts.toNumber()).toBe(1);
      expect(zari.sufficients.toNumber()).toBe(1);
      await expectConsistent(ZARI_ASSET_ID);
    });

    it('creates the System account of a holder without BZR (NewAccount), and kills it with its last ZARI', async () => {
      expect(await systemAccountExists(zed)).toBe(false);
      const events = await mint(ZARI_ASSET_ID, zed, 5n * ZARI);
      expect(names(events)).toEqual(['system.NewAccount', 'assets.Issued']);
      expect(await system(zed)).toMatchObject({ providers: 0, sufficients: 1, free: 0n });

      // Zed cannot sign (no BZR for fees); runtime code moves its ZARI out, as Escrow would.
      const moved = await inNextBlock((ctx) => {
        transferAsset(ctx, ZARI_ASSET_ID, zed.publicKey, alice.publicKey, 5n * ZARI, 'Expendable');
      });
      expect(names(moved)).toEqual(['system.KilledAccount', 'assets.Transferred']);
      expect(await systemAccountExists(zed)).toBe(false);
      expect(await balanceOf(ZARI_ASSET_ID, zed)).toBeNull();
      await expectConsistent(ZARI_ASSET_ID);
    });

    it('keeps a ZARI-only account that has since received BZR when its ZARI leaves', async () => {
      await mint(ZARI_ASSET_ID, zoe, 5n * ZARI);
      expect((await submit(api.tx.balances.transferKeepAlive(zoe.address, 2n * BZR), alice)).error).toBeNull();
      await inNextBlock((ctx) => {
        transferAsset(ctx, ZARI_ASSET_ID, zoe.publicKey, alice.publicKey, 5n * ZARI, 'Expendable');
      });
      expect(await systemAccountExists(zoe)).toBe(true);
      expect(await system(zoe)).toMatchObject({ sufficients: 0, providers: 1, free: 2n * BZR });
      // Zoe can use the account as usual.
      expect((await submit(api.tx.balances.transferKeepAlive(alice.address, BZR / 2n), zoe)).error).toBeNull();
    });
  });

  describe('transfers and the minimum balance', () => {
    it('creates a sufficient asset through sudo (ForceCreated, no deposit)', async () => {
      const before = await system(alice);
      const outcome = await sudo(api.tx.assets.forceCreate(42, alice.address, true, 100));
      expect(outcome.error).toBeNull();
      expect(names(outcome.events)).toContain('assets.ForceCreated');
      const d = await details(42);
      expect(d.deposit.toBigInt()).toBe(0n);
      expect(d.isSufficient.isTrue).toBe(true);
      expect(d.owner.toString()).toBe(alice.address);
      expect(d.freezer.toString()).toBe(alice.address);
      expect((await system(alice)).reserved).toBe(before.reserved);
      expect((await sudo(api.tx.assets.forceCreate(42, bob.address, true, 1))).error).toBe('assets.InUse');
      expect((await sudo(api.tx.assets.forceCreate(43, bob.address, true, 0))).error).toBe('assets.MinBalanceZero');
      await mint(42, alice, 10_000n);
      expect((await details(42)).supply.toBigInt()).toBe(10_000n);
    });

    it('refuses to create an account below the minimum balance (Token.BelowMinimum)', async () => {
      const outcome = await submit(api.tx.assets.transfer(42, charlie.address, 99), alice);
      expect(outcome.error).toBe('Token.BelowMinimum');
      expect(await balanceOf(42, charlie)).toBeNull();
    });

    it('transfers, creating the destination account with a sufficient reference (Transferred)', async () => {
      const before = await system(charlie);
      const outcome = await submit(api.tx.assets.transfer(42, charlie.address, 500), alice);
      expect(outcome.error).toBeNull();
      const transferred = outcome.events.find(({ event }) => api.events.assets.Transferred.is(event));
      if (!transferred || !api.events.assets.Transferred.is(transferred.event)) throw new Error('no Transferred');
      expect(transferred.event.data.from.toString()).toBe(alice.address);
      expect(transferred.event.data.to.toString()).toBe(charlie.address);
      expect(transferred.event.data.amount.toBigInt()).toBe(500n);
      expect(await balanceOf(42, alice)).toBe(9_500n);
      expect(await balanceOf(42, charlie)).toBe(500n);
      expect((await system(charlie)).sufficients).toBe(before.sufficients + 1);
      // Below the minimum is fine into an existing account.
      expect((await submit(api.tx.assets.transfer(42, charlie.address, 1), alice)).error).toBeNull();
      expect(await balanceOf(42, charlie)).toBe(501n);
      await expectConsistent(42);
    });

    it('moves the whole balance when the sender would be left below the minimum, removing its account', async () => {
      const before = await system(charlie);
      const outcome = await submit(api.tx.assets.transfer(42, dave.address, 450), charlie);
      expect(outcome.error).toBeNull();
      const transferred = outcome.events.find(({ event }) => api.events.assets.Transferred.is(event));
      if (!transferred || !api.events.assets.Transferred.is(transferred.event)) throw new Error('no Transferred');
      expect(transferred.event.data.amount.toBigInt()).toBe(501n);
      expect(await balanceOf(42, charlie)).toBeNull();
      expect(await balanceOf(42, dave)).toBe(501n);
      expect((await system(charlie)).sufficients).toBe(before.sufficients - 1);
      await expectConsistent(42);
    });

    it('transfer_keep_alive never removes the sender: BalanceLow past the minimum balance, as FRAME', async () => {
      expect((await submit(api.tx.assets.transferKeepAlive(42, eve.address, 402), dave)).error).toBe(
        'assets.BalanceLow',
      );
      expect((await submit(api.tx.assets.transferKeepAlive(42, eve.address, 401), dave)).error).toBeNull();
      expect(await balanceOf(42, dave)).toBe(100n);
      expect(await balanceOf(42, eve)).toBe(401n);
      await expectConsistent(42);
    });

    it('names the errors of impossible transfers', async () => {
      expect((await submit(api.tx.assets.transfer(42, eve.address, 101), dave)).error).toBe('assets.BalanceLow');
      expect((await submit(api.tx.assets.transfer(42, eve.address, 1), ferdie)).error).toBe('assets.NoAccount');
      expect((await submit(api.tx.assets.transfer(4242, eve.address, 1), dave)).error).toBe('assets.Unknown');
      // Zero is a no-op.
      const zero = await submit(api.tx.assets.transfer(42, eve.address, 0), ferdie);
      expect(zero.error).toBeNull();
      expect(names(zero.events)).not.toContain('assets.Transferred');
    });

    it('force_transfer is for the admin only (NoPermission)', async () => {
      expect((await submit(api.tx.assets.forceTransfer(42, eve.address, ferdie.address, 200), bob)).error).toBe(
        'assets.NoPermission',
      );
      const outcome = await submit(api.tx.assets.forceTransfer(42, eve.address, ferdie.address, 200), alice);
      expect(outcome.error).toBeNull();
      expect(names(outcome.events)).toContain('assets.Transferred');
      expect(await balanceOf(42, eve)).toBe(201n);
      expect(await balanceOf(42, ferdie)).toBe(200n);
      await expectConsistent(42);
    });

    it('transfer_all moves what is transferable: all but the minimum with keep_alive, else everything', async () => {
      expect((await submit(api.tx.assets.transferAll(42, dave.address, true), eve)).error).toBeNull();
      expect(await balanceOf(42, eve)).toBe(100n);
      expect(await balanceOf(42, dave)).toBe(201n);
      expect((await submit(api.tx.assets.transferAll(42, dave.address, false), eve)).error).toBeNull();
      expect(await balanceOf(42, eve)).toBeNull();
      expect(await balanceOf(42, dave)).toBe(301n);
      await expectConsistent(42);
    });
  });

  describe('freeze and thaw', () => {
    it('only the freezer freezes (NoPermission), only existing accounts (NoAccount)', async () => {
      expect((await submit(api.tx.assets.freeze(42, dave.address), bob)).error).toBe('assets.NoPermission');
      expect((await submit(api.tx.assets.freeze(42, eve.address), alice)).error).toBe('assets.NoAccount');
      expect((await submit(api.tx.assets.freeze(4242, dave.address), alice)).error).toBe('assets.Unknown');
    });

    it('a frozen account cannot send (Frozen), even by force_transfer, but can receive', async () => {
      const outcome = await submit(api.tx.assets.freeze(42, dave.address), alice);
      expect(outcome.error).toBeNull();
      expect(names(outcome.events)).toContain('assets.Frozen');
      expect((await api.query.assets.account(42, dave.address)).unwrap().status.isFrozen).toBe(true);

      expect((await submit(api.tx.assets.transfer(42, alice.address, 10), dave)).error).toBe('assets.Frozen');
      expect((await submit(api.tx.assets.transferKeepAlive(42, alice.address, 10), dave)).error).toBe('assets.Frozen');
      expect((await submit(api.tx.assets.forceTransfer(42, dave.address, alice.address, 10), alice)).error).toBe(
        'assets.Frozen',
      );
      expect((await submit(api.tx.assets.transfer(42, dave.address, 10), alice)).error).toBeNull();
      expect(await balanceOf(42, dave)).toBe(311n);
    });

    it('only the admin thaws (Thawed), and the account sends again', async () => {
      expect((await submit(api.tx.assets.thaw(42, dave.address), bob)).error).toBe('assets.NoPermission');
      const outcome = await submit(api.tx.assets.thaw(42, dave.address), alice);
      expect(outcome.error).toBeNull();
      expect(names(outcome.events)).toContain('assets.Thawed');
      expect((await api.query.assets.account(42, dave.address)).unwrap().status.isLiquid).toBe(true);
      expect((await submit(api.tx.assets.transfer(42, alice.address, 11), dave)).error).toBeNull();
      expect(await balanceOf(42, dave)).toBe(300n);
      await expectConsistent(42);
    });
  });

  describe('approvals', () => {
    it('approve_transfer reserves ApprovalDeposit once and adds up the amounts (ApprovedTransfer)', async () => {
      const before = (await system(alice)).reserved;
      const outcome = await submit(api.tx.assets.approveTransfer(42, bob.address, 200), alice);
      expect(outcome.error).toBeNull();
      const approved = outcome.events.find(({ event }) => api.events.assets.ApprovedTransfer.is(event));
      if (!approved || !api.events.assets.ApprovedTransfer.is(approved.event)) throw new Error('no ApprovedTransfer');
      expect(approved.event.data.source.toString()).toBe(alice.address);
      expect(approved.event.data.delegate.toString()).toBe(bob.address);
      expect(approved.event.data.amount.toBigInt()).toBe(200n);
      expect((await submit(api.tx.assets.approveTransfer(42, bob.address, 100), alice)).error).toBeNull();
      expect((await system(alice)).reserved - before).toBe(APPROVAL_DEPOSIT);
      const approval = (await api.query.assets.approvals(42, alice.address, bob.address)).unwrap();
      expect(approval.amount.toBigInt()).toBe(300n);
      expect(approval.deposit.toBigInt()).toBe(APPROVAL_DEPOSIT);
      expect((await details(42)).approvals.toNumber()).toBe(1);
    });

    it('transfer_approved needs an approval covering the amount (Unapproved)', async () => {
      expect((await submit(api.tx.assets.transferApproved(42, alice.address, ferdie.address, 301), bob)).error).toBe(
        'assets.Unapproved',
      );
      expect((await submit(api.tx.assets.transferApproved(42, alice.address, ferdie.address, 1), charlie)).error).toBe(
        'assets.Unapproved',
      );
    });

    it('transfer_approved spends the approval, and its deposit returns once it is used up', async () => {
      const reservedBefore = (await system(alice)).reserved;
      const first = await submit(api.tx.assets.transferApproved(42, alice.address, ferdie.address, 200), bob);
      expect(first.error).toBeNull();
      expect(names(first.events)).toEqual(expect.arrayContaining(['assets.Transferred', 'assets.TransferredApproved']));
      const event = first.events.find(({ event }) => api.events.assets.TransferredApproved.is(event));
      if (!event || !api.events.assets.TransferredApproved.is(event.event)) throw new Error('no TransferredApproved');
      expect(event.event.data.owner.toString()).toBe(alice.address);
      expect(event.event.data.delegate.toString()).toBe(bob.address);
      expect(event.event.data.destination.toString()).toBe(ferdie.address);
      expect(event.event.data.amount.toBigInt()).toBe(200n);
      expect(await balanceOf(42, ferdie)).toBe(400n);
      expect((await api.query.assets.approvals(42, alice.address, bob.address)).unwrap().amount.toBigInt()).toBe(100n);
      expect((await system(alice)).reserved).toBe(reservedBefore);

      expect(
        (await submit(api.tx.assets.transferApproved(42, alice.address, ferdie.address, 100), bob)).error,
      ).toBeNull();
      expect((await api.query.assets.approvals(42, alice.address, bob.address)).isNone).toBe(true);
      expect(reservedBefore - (await system(alice)).reserved).toBe(APPROVAL_DEPOSIT);
      expect((await details(42)).approvals.toNumber()).toBe(0);
      await expectConsistent(42);
    });

    it('cancel_approval removes the approval and unreserves (ApprovalCancelled); none left: Unknown', async () => {
      const reservedBefore = (await system(alice)).reserved;
      expect((await submit(api.tx.assets.approveTransfer(42, charlie.address, 50), alice)).error).toBeNull();
      expect((await system(alice)).reserved - reservedBefore).toBe(APPROVAL_DEPOSIT);
      const outcome = await submit(api.tx.assets.cancelApproval(42, charlie.address), alice);
      expect(outcome.error).toBeNull();
      expect(names(outcome.events)).toContain('assets.ApprovalCancelled');
      expect((await system(alice)).reserved).toBe(reservedBefore);
      expect((await api.query.assets.approvals(42, alice.address, charlie.address)).isNone).toBe(true);
      expect((await submit(api.tx.assets.cancelApproval(42, charlie.address), alice)).error).toBe('assets.Unknown');
      expect((await submit(api.tx.assets.approveTransfer(4242, charlie.address, 50), alice)).error).toBe(
        'assets.Unknown',
      );
      await expectConsistent(42);
    });
  });

  describe('touch and refund', () => {
    it('touch opens an empty account held by AssetAccountDeposit (Touched, DepositHeld)', async () => {
      const before = await system(charlie);
      const outcome = await submit(api.tx.assets.touch(7), charlie);
      expect(outcome.error).toBeNull();
      expect(names(outcome.events)).toContain('assets.Touched');
      const account = (await api.query.assets.account(7, charlie.address)).unwrap();
      expect(account.balance.toBigInt()).toBe(0n);
      expect(account.reason.isDepositHeld).toBe(true);
      expect(account.reason.asDepositHeld.toBigInt()).toBe(ASSET_ACCOUNT_DEPOSIT);
      const after = await system(charlie);
      expect(after.reserved - before.reserved).toBe(ASSET_ACCOUNT_DEPOSIT);
      expect(after.consumers).toBe(before.consumers);
      expect((await details(7)).accounts.toNumber()).toBe(1);
      expect((await submit(api.tx.assets.touch(7), charlie)).error).toBe('assets.AlreadyExists');
      expect((await submit(api.tx.assets.touch(4242), charlie)).error).toBe('assets.Unknown');
    });

    it('a deposit-held account survives a zero balance; refund returns the deposit and removes it', async () => {
      // Received below the minimum balance of 10: fine, the account exists.
      await mint(7, bob, 1_000n);
      expect((await submit(api.tx.assets.transfer(7, charlie.address, 5), bob)).error).toBeNull();
      expect((await submit(api.tx.assets.transfer(7, bob.address, 5), charlie)).error).toBeNull();
      expect(await balanceOf(7, charlie)).toBe(0n);

      const before = await system(charlie);
      const outcome = await submit(api.tx.assets.refund(7, false), charlie);
      expect(outcome.error).toBeNull();
      expect(names(outcome.events)).not.toContain('assets.Burned');
      expect(before.reserved - (await system(charlie)).reserved).toBe(ASSET_ACCOUNT_DEPOSIT);
      expect(await balanceOf(7, charlie)).toBeNull();
      expect((await submit(api.tx.assets.refund(7, false), charlie)).error).toBe('assets.NoDeposit');
      await expectConsistent(7);
    });

    it('holders of a non-sufficient asset take a consumer reference, which refund returns', async () => {
      const before = await system(bob);
      const account = (await api.query.assets.account(7, bob.address)).unwrap();
      expect(account.reason.isConsumer).toBe(true);
      expect(before.consumers).toBe(1);

      // A balance is burned only with allow_burn (WouldBurn), and the supply follows.
      expect((await submit(api.tx.assets.refund(7, false), bob)).error).toBe('assets.WouldBurn');
      const outcome = await submit(api.tx.assets.refund(7, true), bob);
      expect(outcome.error).toBeNull();
      expect(names(outcome.events)).toContain('assets.Burned');
      expect((await system(bob)).consumers).toBe(0);
      expect((await details(7)).supply.toBigInt()).toBe(0n);
      await expectConsistent(7);
    });

    it('an account of a sufficient asset has no deposit to refund (NoDeposit)', async () => {
      expect((await submit(api.tx.assets.refund(ZARI_ASSET_ID, false), alice)).error).toBe('assets.NoDeposit');
      expect((await submit(api.tx.assets.refund(ZARI_ASSET_ID, true), ferdie)).error).toBe('assets.NoDeposit');
    });

    it('a touched account of a sufficient asset stays deposit-held when it receives', async () => {
      expect((await submit(api.tx.assets.touch(ZARI_ASSET_ID), eve)).error).toBeNull();
      const before = await system(eve);
      await mint(ZARI_ASSET_ID, eve, 3n * ZARI);
      const account = (await api.query.assets.account(ZARI_ASSET_ID, eve.address)).unwrap();
      expect(account.reason.isDepositHeld).toBe(true);
      expect((await system(eve)).sufficients).toBe(before.sufficients);
      const supply = (await details(ZARI_ASSET_ID)).supply.toBigInt();
      expect((await submit(api.tx.assets.refund(ZARI_ASSET_ID, true), eve)).error).toBeNull();
      expect((await details(ZARI_ASSET_ID)).supply.toBigInt()).toBe(supply - 3n * ZARI);
      await expectConsistent(ZARI_ASSET_ID);
    });
  });

  it('Balances keeps the System account of a sufficient-asset holder whose BZR runs out', async () => {
    expect(await balanceOf(42, ferdie)).toBe(500n);
    expect((await system(ferdie)).sufficients).toBe(1);
    expect((await submit(api.tx.balances.transferAll(alice.address, false), ferdie)).error).toBeNull();
    expect(await systemAccountExists(ferdie)).toBe(true);
    expect(await system(ferdie)).toMatchObject({ free: 0n, sufficients: 1 });
    expect(await balanceOf(42, ferdie)).toBe(500n);
    // Its asset still moves (by the admin, since Ferdie cannot pay fees any more).
    expect((await submit(api.tx.assets.forceTransfer(42, ferdie.address, alice.address, 500), alice)).error).toBeNull();
    expect(await balanceOf(42, ferdie)).toBeNull();
    expect((await system(ferdie)).sufficients).toBe(0);
  });

  it('keeps every asset consistent', async () => {
    for (const id of [ZARI_ASSET_ID, 7, 42]) await expectConsistent(id);
  });
});

// ------------------------------------------------------------------------------------------------
// The fungibles helpers, on a block context over the genesis state

describe('fungibles helpers', () => {
  async function genesisContext(): Promise<BlockContext> {
    const spec = await loadChainSpec();
    const { model, dispatcher } = createRuntime();
    const genesis = buildGenesis(model, dispatcher, spec);
    const overlay = new StorageOverlay({ get: (key) => genesis.state.get(key) ?? null });
    return new BlockContext(
      model,
      overlay,
      { number: 1, parentHash: genesis.hash, timestamp: spec.genesis.timestamp + 6000n },
      dispatcher,
    );
  }

  const keyring = new Keyring({ type: 'sr25519' });
  const user = () => keyring.addFromUri('//Alice').publicKey;
  const other = () => keyring.addFromUri('//Bob').publicKey;
  const nobody = () => keyring.addFromUri('//Nobody').publicKey;

  function dispatchError(body: () => unknown): string {
    try {
      body();
    } catch (error) {
      if (!(error instanceof DispatchError)) throw error;
      const value = error.value;
      if (value.__kind === 'Module') return `Module.${value.value.index}.${value.value.error[0]}`;
      if (value.__kind === 'Token' || value.__kind === 'Arithmetic') return `${value.__kind}.${value.value.__kind}`;
      return value.__kind;
    }
    throw new Error('no error');
  }

  function forceCreate(ctx: BlockContext, id: number, minBalance: bigint, isSufficient = true): void {
    const call: RuntimeCall = {
      __kind: 'Assets',
      value: {
        __kind: 'force_create',
        id,
        owner: { __kind: 'Id', value: user() },
        is_sufficient: isSufficient,
        min_balance: minBalance,
      },
    };
    ctx.dispatcher.dispatch(ctx, { kind: 'Root' }, call);
  }

  it('mintInto raises the supply and the balance (Issued); refuses unknown assets and dust accounts', async () => {
    const ctx = await genesisContext();
    expect(mintInto(ctx, ZARI_ASSET_ID, user(), 50n)).toBe(50n);
    expect(mintInto(ctx, ZARI_ASSET_ID, user(), 25n)).toBe(25n);
    expect(assetBalance(ctx, ZARI_ASSET_ID, user())).toBe(75n);
    expect(assetTotalIssuance(ctx, ZARI_ASSET_ID)).toBe(75n);
    expect(ctx.events.map(({ event }) => `${event.__kind}.${event.value.__kind}`)).toEqual([
      'Assets.Issued',
      'Assets.Issued',
    ]);
    expect(dispatchError(() => mintInto(ctx, 4242, user(), 1n))).toBe('Token.UnknownAsset');
    forceCreate(ctx, 5, 10n);
    expect(dispatchError(() => mintInto(ctx, 5, user(), 9n))).toBe('Token.BelowMinimum');
    expect(assetBalance(ctx, 5, user())).toBe(0n);
  });

  it('a non-sufficient asset needs a provider on the holder (Token.CannotCreate)', async () => {
    const ctx = await genesisContext();
    forceCreate(ctx, 6, 1n, false);
    expect(dispatchError(() => mintInto(ctx, 6, nobody(), 10n))).toBe('Token.CannotCreate');
    const consumers = ctx.state.get('System', 'Account', user()).consumers;
    mintInto(ctx, 6, user(), 10n);
    expect(ctx.state.get('System', 'Account', user()).consumers).toBe(consumers + 1);
    burnFrom(ctx, 6, user(), 10n);
    expect(ctx.state.get('System', 'Account', user()).consumers).toBe(consumers);
    expect(ctx.state.get('Assets', 'Asset', 6)?.accounts).toBe(0);
  });

  it('transferAsset into and out of the escrow pallet account, which holds ZARI without BZR', async () => {
    const ctx = await genesisContext();
    mintInto(ctx, ZARI_ASSET_ID, user(), 100n);
    ctx.events.length = 0;
    expect(transferAsset(ctx, ZARI_ASSET_ID, user(), ESCROW_ACCOUNT, 60n, 'Preserve')).toBe(60n);
    expect(assetBalance(ctx, ZARI_ASSET_ID, ESCROW_ACCOUNT)).toBe(60n);
    expect(ctx.state.get('System', 'Account', ESCROW_ACCOUNT)).toMatchObject({ providers: 0, sufficients: 1 });
    expect(ctx.events.map(({ event }) => `${event.__kind}.${event.value.__kind}`)).toEqual([
      'System.NewAccount',
      'Assets.Transferred',
    ]);

    // Preserve never empties the sender; on failure nothing changes.
    expect(dispatchError(() => transferAsset(ctx, ZARI_ASSET_ID, ESCROW_ACCOUNT, other(), 60n, 'Preserve'))).toBe(
      'Token.NotExpendable',
    );
    expect(dispatchError(() => transferAsset(ctx, ZARI_ASSET_ID, ESCROW_ACCOUNT, other(), 61n, 'Expendable'))).toBe(
      'Token.FundsUnavailable',
    );
    expect(assetBalance(ctx, ZARI_ASSET_ID, ESCROW_ACCOUNT)).toBe(60n);
    expect(reducibleAssetBalance(ctx, ZARI_ASSET_ID, ESCROW_ACCOUNT, 'Preserve')).toBe(59n);
    expect(reducibleAssetBalance(ctx, ZARI_ASSET_ID, ESCROW_ACCOUNT, 'Expendable')).toBe(60n);

    transferAsset(ctx, ZARI_ASSET_ID, ESCROW_ACCOUNT, other(), 60n, 'Expendable');
    expect(ctx.state.exists('System', 'Account', ESCROW_ACCOUNT)).toBe(false);
    expect(ctx.state.get('Assets', 'Asset', ZARI_ASSET_ID)).toMatchObject({
      supply: 100n,
      accounts: 2,
      sufficients: 2,
    });
  });

  it('an account without BZR lives while it holds any sufficient asset, and dies with the last one', async () => {
    const ctx = await genesisContext();
    forceCreate(ctx, 5, 1n);
    mintInto(ctx, ZARI_ASSET_ID, nobody(), 10n);
    mintInto(ctx, 5, nobody(), 10n);
    expect(ctx.state.get('System', 'Account', nobody())).toMatchObject({ providers: 0, consumers: 0, sufficients: 2 });
    burnFrom(ctx, ZARI_ASSET_ID, nobody(), 10n);
    expect(ctx.state.get('System', 'Account', nobody())).toMatchObject({ providers: 0, sufficients: 1 });
    ctx.events.length = 0;
    burnFrom(ctx, 5, nobody(), 10n);
    expect(ctx.state.exists('System', 'Account', nobody())).toBe(false);
    expect(ctx.events.map(({ event }) => `${event.__kind}.${event.value.__kind}`)).toEqual([
      'System.KilledAccount',
      'Assets.Burned',
    ]);
  });

  it('transferAsset delivers exactly the amount; the dust of a dying sender is burned, keeping the supply exact', async () => {
    const ctx = await genesisContext();
    forceCreate(ctx, 5, 10n);
    mintInto(ctx, 5, user(), 100n);
    ctx.events.length = 0;
    transferAsset(ctx, 5, user(), other(), 95n, 'Expendable');
    expect(assetBalance(ctx, 5, other())).toBe(95n);
    expect(ctx.state.exists('Assets', 'Account', 5, user())).toBe(false);
    expect(ctx.state.get('Assets', 'Asset', 5)).toMatchObject({ supply: 95n, accounts: 1, sufficients: 1 });
    expect(ctx.events.map(({ event }) => `${event.__kind}.${event.value.__kind}`)).toEqual([
      'Assets.Burned',
      'Assets.Transferred',
    ]);
  });

  it('burnFrom: Exact or nothing (FundsUnavailable), BestEffort what it can, Preserve keeps the minimum', async () => {
    const ctx = await genesisContext();
    forceCreate(ctx, 5, 10n);
    mintInto(ctx, 5, user(), 100n);
    expect(dispatchError(() => burnFrom(ctx, 5, user(), 101n))).toBe('Token.FundsUnavailable');
    expect(dispatchError(() => burnFrom(ctx, 5, user(), 95n, 'Preserve'))).toBe('Token.FundsUnavailable');
    expect(burnFrom(ctx, 5, user(), 95n, 'Preserve', 'BestEffort')).toBe(90n);
    expect(assetBalance(ctx, 5, user())).toBe(10n);
    // Burning below the minimum takes the dust too.
    expect(burnFrom(ctx, 5, user(), 5n)).toBe(10n);
    expect(ctx.state.get('Assets', 'Asset', 5)).toMatchObject({ supply: 0n, accounts: 0, sufficients: 0 });
    const burned = ctx.events.filter(({ event }) => event.__kind === 'Assets' && event.value.__kind === 'Burned');
    expect(burned.map(({ event }) => (event.value as { balance: bigint }).balance)).toEqual([90n, 10n]);
  });

  it('the transfer call gives the receiver the dust instead (FRAME do_transfer)', async () => {
    const ctx = await genesisContext();
    forceCreate(ctx, 5, 10n);
    mintInto(ctx, 5, user(), 100n);
    const call: RuntimeCall = {
      __kind: 'Assets',
      value: { __kind: 'transfer', id: 5, target: { __kind: 'Id', value: other() }, amount: 95n },
    };
    ctx.dispatcher.dispatch(ctx, { kind: 'Signed', who: user() }, call);
    expect(assetBalance(ctx, 5, other())).toBe(100n);
    expect(ctx.state.get('Assets', 'Asset', 5)).toMatchObject({ supply: 100n, accounts: 1 });
  });
});
