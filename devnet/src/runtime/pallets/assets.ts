import type { AssetAccount, AssetDetails, AssetMetadata } from '@bazari/chain-types/generated';
import { type BlockContext, ensureRoot, ensureSigned } from '../context.ts';
import type { PalletRuntime } from '../dispatcher.ts';
import { WEIGHTS } from '../weights.ts';
import {
  type AssetId,
  assetAccount,
  assetsError,
  constant,
  deadAccount,
  details,
  doTransfer,
  type ExistenceReason,
  isLive,
  newAccount,
  putDetails,
  reducibleAssetBalance,
  transferAsset,
  U32_MAX,
  U128_MAX,
} from './assets.ledger.ts';
import { equalAccounts, lookup, reserve, unreserve } from './balances.ts';

/**
 * `pallet_assets` (instance for ZARI and other app tokens), following FRAME's rules for the
 * calls the runtime interface exposes, plus the `fungibles` trait functions the Bazari pallets
 * use (`mintInto`, `burnFrom`, `transferAsset`, `assetBalance`).
 *
 * Configuration, as a runtime would set it: `CreateOrigin = EnsureSigned`, `ForceOrigin =
 * EnsureRoot`, `Freezer = ()` and `Holder = ()` (no partial freezes or holds), and the
 * `AutoIncAssetId` callback (when `NextAssetId` is set, created ids must equal it and advance it).
 */

function ensureNewAssetId(ctx: BlockContext, id: AssetId, minBalance: bigint): void {
  if (ctx.state.exists('Assets', 'Asset', id)) throw assetsError(ctx, 'InUse');
  if (minBalance === 0n) throw assetsError(ctx, 'MinBalanceZero');
  const next = ctx.state.get('Assets', 'NextAssetId');
  if (next !== null && next !== id) throw assetsError(ctx, 'BadAssetId');
}

/** The `AutoIncAssetId` creation callback: advances `NextAssetId` when it is set. */
function assetCreated(ctx: BlockContext): void {
  const next = ctx.state.get('Assets', 'NextAssetId');
  if (next === null) return;
  if (next >= U32_MAX) throw assetsError(ctx, 'CallbackFailed');
  ctx.state.set('Assets', 'NextAssetId', [], next + 1);
}

function newDetails(
  owner: Uint8Array,
  admin: Uint8Array,
  deposit: bigint,
  minBalance: bigint,
  isSufficient: boolean,
): AssetDetails {
  return {
    owner,
    issuer: admin,
    admin,
    freezer: admin,
    supply: 0n,
    deposit,
    min_balance: minBalance,
    is_sufficient: isSufficient,
    accounts: 0,
    sufficients: 0,
    approvals: 0,
    status: { __kind: 'Live' },
  };
}

function doSetMetadata(
  ctx: BlockContext,
  id: AssetId,
  from: Uint8Array,
  name: Uint8Array,
  symbol: Uint8Array,
  decimals: number,
): void {
  const limit = ctx.model.constant('Assets', 'StringLimit') as number;
  if (name.length > limit || symbol.length > limit) throw assetsError(ctx, 'BadMetadata');
  const d = details(ctx, id);
  if (!isLive(d)) throw assetsError(ctx, 'AssetNotLive');
  if (!equalAccounts(from, d.owner)) throw assetsError(ctx, 'NoPermission');
  const old: AssetMetadata = ctx.state.get('Assets', 'Metadata', id);
  if (old.is_frozen) throw assetsError(ctx, 'NoPermission');
  const deposit =
    constant(ctx, 'MetadataDepositBase') +
    constant(ctx, 'MetadataDepositPerByte') * BigInt(name.length + symbol.length);
  if (deposit > old.deposit) reserve(ctx, from, deposit - old.deposit);
  else unreserve(ctx, from, old.deposit - deposit);
  ctx.state.set('Assets', 'Metadata', [id], { deposit, name, symbol, decimals, is_frozen: false });
  ctx.deposit({
    __kind: 'Assets',
    value: { __kind: 'MetadataSet', asset_id: id, name, symbol, decimals, is_frozen: false },
  });
}

function doApproveTransfer(
  ctx: BlockContext,
  id: AssetId,
  owner: Uint8Array,
  delegate: Uint8Array,
  amount: bigint,
): void {
  const d = details(ctx, id);
  if (!isLive(d)) throw assetsError(ctx, 'AssetNotLive');
  const existing = ctx.state.get('Assets', 'Approvals', id, owner, delegate);
  const approval = existing ?? { amount: 0n, deposit: 0n };
  if (!existing) d.approvals += 1;
  const required = constant(ctx, 'ApprovalDeposit');
  if (approval.deposit < required) {
    reserve(ctx, owner, required - approval.deposit);
    approval.deposit = required;
  }
  approval.amount = approval.amount + amount > U128_MAX ? U128_MAX : approval.amount + amount;
  ctx.state.set('Assets', 'Approvals', [id, owner, delegate], approval);
  putDetails(ctx, id, d);
  ctx.deposit({
    __kind: 'Assets',
    value: { __kind: 'ApprovedTransfer', asset_id: id, source: owner, delegate, amount },
  });
}

function doCancelApproval(ctx: BlockContext, id: AssetId, owner: Uint8Array, delegate: Uint8Array): void {
  const d = details(ctx, id);
  if (!isLive(d)) throw assetsError(ctx, 'AssetNotLive');
  const approval = ctx.state.get('Assets', 'Approvals', id, owner, delegate);
  if (!approval) throw assetsError(ctx, 'Unknown');
  ctx.state.remove('Assets', 'Approvals', id, owner, delegate);
  unreserve(ctx, owner, approval.deposit);
  d.approvals = d.approvals > 0 ? d.approvals - 1 : 0;
  putDetails(ctx, id, d);
  ctx.deposit({ __kind: 'Assets', value: { __kind: 'ApprovalCancelled', asset_id: id, owner, delegate } });
}

/**
 * `do_transfer_approved`. FRAME deposits only the Transferred of the transfer itself; the
 * runtime interface documents TransferredApproved for this call, so it follows (it names the
 * delegate whose allowance was used).
 */
function doTransferApproved(
  ctx: BlockContext,
  id: AssetId,
  owner: Uint8Array,
  delegate: Uint8Array,
  destination: Uint8Array,
  amount: bigint,
): void {
  if (!isLive(details(ctx, id))) throw assetsError(ctx, 'AssetNotLive');
  const approval = ctx.state.get('Assets', 'Approvals', id, owner, delegate);
  if (!approval || approval.amount < amount) throw assetsError(ctx, 'Unapproved');
  const remaining = approval.amount - amount;
  doTransfer(ctx, id, owner, destination, amount, null, false);
  if (remaining === 0n) {
    ctx.state.remove('Assets', 'Approvals', id, owner, delegate);
    unreserve(ctx, owner, approval.deposit);
    const d = ctx.state.get('Assets', 'Asset', id);
    if (d) putDetails(ctx, id, { ...d, approvals: d.approvals > 0 ? d.approvals - 1 : 0 });
  } else {
    ctx.state.set('Assets', 'Approvals', [id, owner, delegate], { ...approval, amount: remaining });
  }
  ctx.deposit({
    __kind: 'Assets',
    value: { __kind: 'TransferredApproved', asset_id: id, owner, delegate, destination, amount },
  });
}

/** `do_touch` with the caller as depositor: an empty asset account held open by `AssetAccountDeposit`. */
function doTouch(ctx: BlockContext, id: AssetId, who: Uint8Array): void {
  if (ctx.state.exists('Assets', 'Account', id, who)) throw assetsError(ctx, 'AlreadyExists');
  const amount = constant(ctx, 'AssetAccountDeposit');
  const d = details(ctx, id);
  if (!isLive(d)) throw assetsError(ctx, 'AssetNotLive');
  const reason = newAccount(ctx, who, d, { depositor: who, amount });
  reserve(ctx, who, amount);
  putDetails(ctx, id, d);
  ctx.state.set('Assets', 'Account', [id, who], { balance: 0n, status: { __kind: 'Liquid' }, reason, extra: null });
  ctx.deposit({ __kind: 'Assets', value: { __kind: 'Touched', asset_id: id, who, depositor: who } });
}

/**
 * `do_refund`: removes the caller's asset account and returns its deposit (DepositHeld) or
 * consumer reference (Consumer); a remaining balance is burned (Burned) only with `allowBurn`.
 */
function doRefund(ctx: BlockContext, id: AssetId, who: Uint8Array, allowBurn: boolean): void {
  const account = assetAccount(ctx, id, who);
  if (!account) throw assetsError(ctx, 'NoDeposit');
  if (account.reason.__kind !== 'Consumer' && account.reason.__kind !== 'DepositHeld') {
    throw assetsError(ctx, 'NoDeposit');
  }
  const d = details(ctx, id);
  if (d.status.__kind === 'Destroying') throw assetsError(ctx, 'IncorrectStatus');
  if (account.balance !== 0n && !allowBurn) throw assetsError(ctx, 'WouldBurn');
  let reason: ExistenceReason = account.reason;
  if (reason.__kind === 'DepositHeld') {
    unreserve(ctx, who, reason.value);
    reason = { __kind: 'DepositRefunded' };
  }
  // Consumer and DepositRefunded accounts always die.
  deadAccount(ctx, who, d, reason, false);
  d.supply -= account.balance;
  ctx.state.remove('Assets', 'Account', id, who);
  if (account.balance !== 0n) {
    ctx.deposit({ __kind: 'Assets', value: { __kind: 'Burned', asset_id: id, owner: who, balance: account.balance } });
  }
  putDetails(ctx, id, d);
}

function setAccountStatus(
  ctx: BlockContext,
  id: AssetId,
  who: Uint8Array,
  status: AssetAccount['status']['__kind'],
): void {
  const account = assetAccount(ctx, id, who);
  if (!account) throw assetsError(ctx, 'NoAccount');
  ctx.state.set('Assets', 'Account', [id, who], { ...account, status: { __kind: status } as AssetAccount['status'] });
}

// ----------------------------------------------------------------------------------------------
// fungibles traits, for the other pallets (Rewards, Escrow): each is atomic.

/** `fungibles::Inspect::balance`: `who`'s balance of `assetId`, zero without an asset account. */

export const assetsRuntime: PalletRuntime<'Assets'> = {
  name: 'Assets',
  calls: {
    create: {
      weight: () => WEIGHTS.assetsCreate,
      dispatch: (ctx, origin, { id, admin, min_balance }) => {
        const owner = ensureSigned(origin);
        const adminAccount = lookup(admin);
        ensureNewAssetId(ctx, id, min_balance);
        const deposit = constant(ctx, 'AssetDeposit');
        reserve(ctx, owner, deposit);
        putDetails(ctx, id, newDetails(owner, adminAccount, deposit, min_balance, false));
        assetCreated(ctx);
        ctx.deposit({
          __kind: 'Assets',
          value: { __kind: 'Created', asset_id: id, creator: owner, owner: adminAccount },
        });
      },
    },
    force_create: {
      weight: () => WEIGHTS.assetsAdmin,
      dispatch: (ctx, origin, { id, owner, is_sufficient, min_balance }) => {
        ensureRoot(origin);
        const ownerAccount = lookup(owner);
        ensureNewAssetId(ctx, id, min_balance);
        putDetails(ctx, id, newDetails(ownerAccount, ownerAccount, 0n, min_balance, is_sufficient));
        assetCreated(ctx);
        ctx.deposit({ __kind: 'Assets', value: { __kind: 'ForceCreated', asset_id: id, owner: ownerAccount } });
      },
    },
    transfer: {
      weight: () => WEIGHTS.assetsTransfer,
      dispatch: (ctx, origin, { id, target, amount }) => {
        doTransfer(ctx, id, ensureSigned(origin), lookup(target), amount, null, false);
      },
    },
    transfer_keep_alive: {
      weight: () => WEIGHTS.assetsTransfer,
      dispatch: (ctx, origin, { id, target, amount }) => {
        doTransfer(ctx, id, ensureSigned(origin), lookup(target), amount, null, true);
      },
    },
    force_transfer: {
      weight: () => WEIGHTS.assetsTransfer,
      dispatch: (ctx, origin, { id, source, dest, amount }) => {
        const admin = ensureSigned(origin);
        doTransfer(ctx, id, lookup(source), lookup(dest), amount, admin, false);
      },
    },
    freeze: {
      weight: () => WEIGHTS.assetsAdmin,
      dispatch: (ctx, origin, { id, who }) => {
        const sender = ensureSigned(origin);
        const d = details(ctx, id);
        if (d.status.__kind === 'Destroying') throw assetsError(ctx, 'IncorrectStatus');
        if (!equalAccounts(sender, d.freezer)) throw assetsError(ctx, 'NoPermission');
        const account = lookup(who);
        setAccountStatus(ctx, id, account, 'Frozen');
        ctx.deposit({ __kind: 'Assets', value: { __kind: 'Frozen', asset_id: id, who: account } });
      },
    },
    thaw: {
      weight: () => WEIGHTS.assetsAdmin,
      dispatch: (ctx, origin, { id, who }) => {
        const sender = ensureSigned(origin);
        const d = details(ctx, id);
        if (d.status.__kind === 'Destroying') throw assetsError(ctx, 'IncorrectStatus');
        if (!equalAccounts(sender, d.admin)) throw assetsError(ctx, 'NoPermission');
        const account = lookup(who);
        setAccountStatus(ctx, id, account, 'Liquid');
        ctx.deposit({ __kind: 'Assets', value: { __kind: 'Thawed', asset_id: id, who: account } });
      },
    },
    set_metadata: {
      weight: ({ name, symbol }) =>
        WEIGHTS.assetsSetMetadata + WEIGHTS.assetsMetadataPerByte * BigInt(name.length + symbol.length),
      dispatch: (ctx, origin, { id, name, symbol, decimals }) => {
        doSetMetadata(ctx, id, ensureSigned(origin), name, symbol, decimals);
      },
    },
    approve_transfer: {
      weight: () => WEIGHTS.assetsApprove,
      dispatch: (ctx, origin, { id, delegate, amount }) => {
        doApproveTransfer(ctx, id, ensureSigned(origin), lookup(delegate), amount);
      },
    },
    cancel_approval: {
      weight: () => WEIGHTS.assetsApprove,
      dispatch: (ctx, origin, { id, delegate }) => {
        doCancelApproval(ctx, id, ensureSigned(origin), lookup(delegate));
      },
    },
    transfer_approved: {
      weight: () => WEIGHTS.assetsTransferApproved,
      dispatch: (ctx, origin, { id, owner, destination, amount }) => {
        const delegate = ensureSigned(origin);
        doTransferApproved(ctx, id, lookup(owner), delegate, lookup(destination), amount);
      },
    },
    touch: {
      weight: () => WEIGHTS.assetsTouch,
      dispatch: (ctx, origin, { id }) => {
        doTouch(ctx, id, ensureSigned(origin));
      },
    },
    refund: {
      weight: () => WEIGHTS.assetsRefund,
      dispatch: (ctx, origin, { id, allow_burn }) => {
        doRefund(ctx, id, ensureSigned(origin), allow_burn);
      },
    },
    transfer_all: {
      weight: () => WEIGHTS.assetsTransfer,
      dispatch: (ctx, origin, { id, dest, keep_alive }) => {
        const from = ensureSigned(origin);
        const preservation = keep_alive ? 'Preserve' : 'Expendable';
        const amount = reducibleAssetBalance(ctx, id, from, preservation);
        const to = lookup(dest);
        // `fungibles::Mutate::transfer` of everything transferable: never leaves dust.
        transferAsset(ctx, id, from, to, amount, preservation);
      },
    },
  },
};
