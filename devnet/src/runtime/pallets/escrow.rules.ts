import type { EscrowDetails, EscrowErrorName } from '@bazari/chain-types/generated';
import { type BlockContext, DispatchError } from '../context.ts';
import { assetBalance, reducibleAssetBalance, transferAsset } from './assets.ledger.ts';
import { equalAccounts, type Preservation, reducibleBalance, transfer } from './balances.ts';

/**
 * The rules of `pallet_escrow` as functions: the pallet account, the due index, and the cross-pallet
 * interface Commerce and Dispute call (re-exported by `escrow.ts`). See `escrow.ts` for the design.
 */

export type AccountId = Uint8Array;
/** Parts per million, as `sp_arithmetic::Permill`. */
export type Permill = number;
export const PERMILL_ONE = 1_000_000;

/** Mirrors of the pallet's constants, for weights (known before dispatch); checked against the metadata in tests. */
export const MAX_SPLITS = 16;
export const MAX_AUTO_RELEASES_PER_BLOCK = 64;
export const U32_MAX = 0xffff_ffff;
const U64_MAX = (1n << 64n) - 1n;

// ------------------------------------------------------------------------------------------------
// Arithmetic shared by the Bazari pallets

/** `Permill * amount` as FRAME computes it: rounded to the nearest, halves down. Rates above 100% count as 100%. */
export function permillOf(rate: Permill, amount: bigint): bigint {
  const parts = BigInt(Math.min(Math.max(rate, 0), PERMILL_ONE));
  const product = amount * parts;
  const quotient = product / 1_000_000n;
  const remainder = product % 1_000_000n;
  return remainder * 2n > 1_000_000n ? quotient + 1n : quotient;
}

/** `Permill::mul_floor`. */
export function permillFloor(rate: Permill, amount: bigint): bigint {
  return (amount * BigInt(Math.min(Math.max(rate, 0), PERMILL_ONE))) / 1_000_000n;
}

export function arithmeticOverflow(): DispatchError {
  return new DispatchError({ __kind: 'Arithmetic', value: { __kind: 'Overflow' } });
}

// ------------------------------------------------------------------------------------------------
// Accounts and funds

export function escrowError(ctx: BlockContext, error: EscrowErrorName): DispatchError {
  return ctx.moduleError('Escrow', error);
}

export function escrowPalletAccount(ctx: BlockContext): AccountId {
  return ctx.model.constant('Escrow', 'EscrowPalletAccount') as AccountId;
}

export function treasuryAccount(ctx: BlockContext): AccountId {
  return ctx.model.constant('Commerce', 'TreasuryAccount') as AccountId;
}

/** What the pallet account holds of `asset` (BZR when null): the sum of the open escrows in it. */
export function escrowHoldings(ctx: BlockContext, asset: number | null): bigint {
  const account = escrowPalletAccount(ctx);
  return asset === null ? ctx.state.get('System', 'Account', account).data.free : assetBalance(ctx, asset, account);
}

/** The pallet account's permanent provider and sufficient references (see the module comment). */
function takePalletAccountReferences(ctx: BlockContext): void {
  const account = escrowPalletAccount(ctx);
  const existed = ctx.state.exists('System', 'Account', account);
  ctx.state.mutate('System', 'Account', [account], (info) => ({
    ...info,
    providers: info.providers + 1,
    sufficients: info.sufficients + 1,
  }));
  if (!existed) ctx.deposit({ __kind: 'System', value: { __kind: 'NewAccount', account } });
}

function moveFunds(
  ctx: BlockContext,
  asset: number | null,
  from: AccountId,
  to: AccountId,
  amount: bigint,
  preservation: Preservation,
): void {
  if (amount === 0n) return;
  if (asset === null) transfer(ctx, from, to, amount, preservation);
  else transferAsset(ctx, asset, from, to, amount, preservation);
}

function tokenError(kind: 'FundsUnavailable' | 'UnknownAsset' | 'BelowMinimum'): DispatchError {
  return new DispatchError({ __kind: 'Token', value: { __kind: kind } });
}

/**
 * Whether `depositor` can lock `amount` of `asset` (BZR when null): the checks the transfer into the
 * escrow would make, with the same errors (Balances `InsufficientBalance` / `Expendability`, Token
 * `UnknownAsset` / `BelowMinimum` / `FundsUnavailable`), so callers can check before any effect.
 */
export function ensureCanLock(ctx: BlockContext, depositor: AccountId, amount: bigint, asset: number | null): void {
  if (asset === null) {
    if (reducibleBalance(ctx, depositor, 'Expendable') < amount)
      throw ctx.moduleError('Balances', 'InsufficientBalance');
    if (reducibleBalance(ctx, depositor, 'Preserve') < amount) throw ctx.moduleError('Balances', 'Expendability');
    return;
  }
  const details = ctx.state.get('Assets', 'Asset', asset);
  if (details?.status.__kind !== 'Live') throw tokenError('UnknownAsset');
  if (amount < details.min_balance) throw tokenError('BelowMinimum');
  if (reducibleAssetBalance(ctx, asset, depositor, 'Expendable') < amount) throw tokenError('FundsUnavailable');
}

// ------------------------------------------------------------------------------------------------
// The due index

/** Adds `escrowId` to the first block at or after `at` with room; returns that block and how many were probed. */
function insertDue(ctx: BlockContext, escrowId: bigint, at: number): { block: number; probes: number } {
  const max = ctx.model.constant('Escrow', 'MaxEscrowsPerBlock') as number;
  for (let block = at, probes = 1; block <= U32_MAX; block++, probes++) {
    const due = ctx.state.get('Escrow', 'EscrowsDueAt', block);
    if (due.length < max) {
      ctx.state.set('Escrow', 'EscrowsDueAt', [block], [...due, escrowId]);
      return { block, probes };
    }
  }
  throw arithmeticOverflow();
}

/** Takes `escrowId` out of the index of block `at`, if it is there. */
function removeDue(ctx: BlockContext, escrowId: bigint, at: number | null): void {
  if (at === null) return;
  const due = ctx.state.get('Escrow', 'EscrowsDueAt', at);
  const index = due.indexOf(escrowId);
  if (index < 0) return;
  const rest = due.filter((_, position) => position !== index);
  if (rest.length === 0) ctx.state.remove('Escrow', 'EscrowsDueAt', at);
  else ctx.state.set('Escrow', 'EscrowsDueAt', [at], rest);
}

// ------------------------------------------------------------------------------------------------
// The cross-pallet interface (Commerce, Dispute)

export interface LockEscrowParams {
  readonly depositor: AccountId;
  readonly beneficiary: AccountId;
  readonly amount: bigint;
  /** An asset id of Assets, or null for BZR. */
  readonly asset: number | null;
  /** The block at which it auto-releases to the beneficiary (must be in the future), or null. */
  readonly autoReleaseAt: number | null;
  /** The Commerce order it pays for: the escrow is then moved only through Commerce and Dispute. */
  readonly orderId: bigint | null;
}

export function getEscrow(ctx: BlockContext, escrowId: bigint): EscrowDetails | null {
  return ctx.state.get('Escrow', 'Escrows', escrowId);
}

/**
 * Locks the depositor's funds in a new escrow (moving them to the pallet account) and emits `Locked`;
 * returns the escrow id. Errors: ZeroAmount, BeneficiaryIsDepositor, ZeroAutoReleaseDelay (an
 * auto-release not after the current block), then the transfer's (see `ensureCanLock`).
 */
export function lockEscrow(ctx: BlockContext, params: LockEscrowParams): bigint {
  const { depositor, beneficiary, amount, asset, autoReleaseAt, orderId } = params;
  const now = ctx.block.number;
  if (amount <= 0n) throw escrowError(ctx, 'ZeroAmount');
  if (equalAccounts(depositor, beneficiary)) throw escrowError(ctx, 'BeneficiaryIsDepositor');
  if (autoReleaseAt !== null && autoReleaseAt <= now) throw escrowError(ctx, 'ZeroAutoReleaseDelay');
  ensureCanLock(ctx, depositor, amount, asset);
  const escrowId = ctx.state.get('Escrow', 'NextEscrowId');
  if (escrowId >= U64_MAX) throw arithmeticOverflow();

  if (escrowId === 0n) takePalletAccountReferences(ctx);
  moveFunds(ctx, asset, depositor, escrowPalletAccount(ctx), amount, asset === null ? 'Preserve' : 'Expendable');
  const auto_release_at = autoReleaseAt === null ? null : insertDue(ctx, escrowId, autoReleaseAt).block;
  ctx.state.set('Escrow', 'NextEscrowId', [], escrowId + 1n);
  ctx.state.set('Escrow', 'Escrows', [escrowId], {
    depositor,
    beneficiary,
    amount,
    asset,
    status: { __kind: 'Locked' },
    auto_release_at,
    order_id: orderId,
    created_at: now,
  });
  ctx.deposit({
    __kind: 'Escrow',
    value: {
      __kind: 'Locked',
      escrow_id: escrowId,
      depositor,
      beneficiary,
      amount,
      asset,
      auto_release_at,
      order_id: orderId,
    },
  });
  return escrowId;
}

/** The escrow if it can move: EscrowNotFound, EscrowFrozen (a dispute holds it) or EscrowNotLocked otherwise. */
function lockedEscrow(ctx: BlockContext, escrowId: bigint): EscrowDetails {
  const escrow = getEscrow(ctx, escrowId);
  if (!escrow) throw escrowError(ctx, 'EscrowNotFound');
  if (escrow.status.__kind === 'Frozen') throw escrowError(ctx, 'EscrowFrozen');
  if (escrow.status.__kind !== 'Locked') throw escrowError(ctx, 'EscrowNotLocked');
  return escrow;
}

/**
 * (Re)schedules a locked escrow's auto-release at the first block at or after `at` with room in the
 * index, and emits `AutoReleaseScheduled`; returns that block. `at` must be after the current block
 * (ZeroAutoReleaseDelay).
 */
export function scheduleAutoRelease(ctx: BlockContext, escrowId: bigint, at: number): number {
  const escrow = lockedEscrow(ctx, escrowId);
  if (at <= ctx.block.number) throw escrowError(ctx, 'ZeroAutoReleaseDelay');
  removeDue(ctx, escrowId, escrow.auto_release_at);
  const { block } = insertDue(ctx, escrowId, at);
  ctx.state.set('Escrow', 'Escrows', [escrowId], { ...escrow, auto_release_at: block });
  ctx.deposit({
    __kind: 'Escrow',
    value: { __kind: 'AutoReleaseScheduled', escrow_id: escrowId, auto_release_at: block },
  });
  return block;
}

export interface ReleaseOutcome {
  /** What the beneficiary received. */
  readonly sellerAmount: bigint;
  /** What the treasury received. */
  readonly platformFee: bigint;
}

/**
 * Pays a locked escrow to its beneficiary, `platformFee` of it (rounded as FRAME's `Permill * x`) to
 * the treasury, and emits `Released` (or `AutoReleased` when `event` says so, from `on_initialize`).
 * Errors: EscrowNotFound, EscrowFrozen, EscrowNotLocked, then the transfers'.
 */
export function releaseEscrow(
  ctx: BlockContext,
  escrowId: bigint,
  platformFee: Permill = 0,
  event: 'Released' | 'AutoReleased' = 'Released',
): ReleaseOutcome {
  const escrow = lockedEscrow(ctx, escrowId);
  const fee = permillOf(platformFee, escrow.amount);
  const net = escrow.amount - fee;
  const account = escrowPalletAccount(ctx);
  removeDue(ctx, escrowId, escrow.auto_release_at);
  moveFunds(ctx, escrow.asset, account, escrow.beneficiary, net, 'Expendable');
  moveFunds(ctx, escrow.asset, account, treasuryAccount(ctx), fee, 'Expendable');
  ctx.state.set('Escrow', 'Escrows', [escrowId], { ...escrow, status: { __kind: 'Released' } });
  ctx.deposit({
    __kind: 'Escrow',
    value: { __kind: event, escrow_id: escrowId, to: escrow.beneficiary, amount: net, platform_fee: fee },
  });
  return { sellerAmount: net, platformFee: fee };
}

/** Gives a locked escrow back to its depositor and emits `Refunded`; errors as `releaseEscrow`. */
export function refundEscrow(ctx: BlockContext, escrowId: bigint): void {
  const escrow = lockedEscrow(ctx, escrowId);
  removeDue(ctx, escrowId, escrow.auto_release_at);
  moveFunds(ctx, escrow.asset, escrowPalletAccount(ctx), escrow.depositor, escrow.amount, 'Expendable');
  ctx.state.set('Escrow', 'Escrows', [escrowId], { ...escrow, status: { __kind: 'Refunded' } });
  ctx.deposit({
    __kind: 'Escrow',
    value: { __kind: 'Refunded', escrow_id: escrowId, to: escrow.depositor, amount: escrow.amount },
  });
}

/**
 * Freezes a locked escrow for a dispute (no release, refund or auto-release until its ruling splits it;
 * it leaves the due index) and emits `Frozen`. Errors: EscrowNotFound, EscrowFrozen, EscrowNotLocked.
 */
export function freezeEscrow(ctx: BlockContext, escrowId: bigint, disputeId: bigint): void {
  const escrow = lockedEscrow(ctx, escrowId);
  removeDue(ctx, escrowId, escrow.auto_release_at);
  ctx.state.set('Escrow', 'Escrows', [escrowId], { ...escrow, status: { __kind: 'Frozen' } });
  ctx.deposit({ __kind: 'Escrow', value: { __kind: 'Frozen', escrow_id: escrowId, dispute_id: disputeId } });
}

/**
 * Divides a Locked or Frozen escrow (a ruling) into the given amounts, which must add up to exactly the
 * escrow (InvalidSplit; 1 to `MaxSplits` payouts, else InvalidSplit / TooManySplits; zero amounts are
 * allowed and move nothing), and emits `SplitReleased` with the payouts as given. Errors: EscrowNotFound,
 * EscrowNotLocked, InvalidSplit, TooManySplits, then the transfers'.
 */
export function splitEscrow(
  ctx: BlockContext,
  escrowId: bigint,
  payouts: readonly (readonly [AccountId, bigint])[],
): void {
  const escrow = getEscrow(ctx, escrowId);
  if (!escrow) throw escrowError(ctx, 'EscrowNotFound');
  if (escrow.status.__kind !== 'Locked' && escrow.status.__kind !== 'Frozen') throw escrowError(ctx, 'EscrowNotLocked');
  ensureSplitCount(ctx, payouts.length);
  let total = 0n;
  for (const [, amount] of payouts) {
    if (amount < 0n) throw escrowError(ctx, 'InvalidSplit');
    total += amount;
  }
  if (total !== escrow.amount) throw escrowError(ctx, 'InvalidSplit');

  const account = escrowPalletAccount(ctx);
  removeDue(ctx, escrowId, escrow.auto_release_at);
  // Smallest first: what stays in the pallet account until the last payout is at least the largest one.
  const order = [...payouts].sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [to, amount] of order) moveFunds(ctx, escrow.asset, account, to, amount, 'Expendable');
  ctx.state.set('Escrow', 'Escrows', [escrowId], { ...escrow, status: { __kind: 'Split' } });
  ctx.deposit({
    __kind: 'Escrow',
    value: { __kind: 'SplitReleased', escrow_id: escrowId, payouts: payouts.map(([to, amount]) => [to, amount]) },
  });
}

function ensureSplitCount(ctx: BlockContext, count: number): void {
  if (count === 0) throw escrowError(ctx, 'InvalidSplit');
  if (count > (ctx.model.constant('Escrow', 'MaxSplits') as number)) throw escrowError(ctx, 'TooManySplits');
}

/** The amounts of `amount` split by shares (positive, adding up to exactly 100%): floors, the dust to the last. */
export function splitAmounts(
  ctx: BlockContext,
  amount: bigint,
  splits: readonly (readonly [AccountId, Permill])[],
): [AccountId, bigint][] {
  ensureSplitCount(ctx, splits.length);
  let shares = 0;
  for (const [, share] of splits) {
    if (share <= 0 || share > PERMILL_ONE) throw escrowError(ctx, 'InvalidSplit');
    shares += share;
  }
  if (shares !== PERMILL_ONE) throw escrowError(ctx, 'InvalidSplit');
  let paid = 0n;
  return splits.map(([to, share], index) => {
    const part = index === splits.length - 1 ? amount - paid : permillFloor(share, amount);
    paid += part;
    return [to, part];
  });
}
