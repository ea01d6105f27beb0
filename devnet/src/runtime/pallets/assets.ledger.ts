import type {
  AccountInfo,
  ArithmeticError,
  AssetAccount,
  AssetDetails,
  AssetExistenceReason,
  AssetsErrorName,
  TokenError,
} from '@bazari/chain-types/generated';
import { type BlockContext, DispatchError } from '../context.ts';
import { equalAccounts, type Preservation } from './balances.ts';

/**
 * The ledger of `pallet_assets`: asset accounts, their existence and references, and the
 * `fungibles` functions the Bazari pallets use (`mintInto`, `burnFrom`, `transferAsset`, `assetBalance`).
 */
/** ZARI, the app token minted by the Rewards pallet, created at genesis as a sufficient asset. */
export const ZARI_ASSET_ID = 1000;

/** `frame_system::Config::MaxConsumers` of standard runtimes (`ConstU32<16>`). */
const MAX_CONSUMERS = 16;
export const U32_MAX = 0xffff_ffff;
export const U128_MAX = (1n << 128n) - 1n;

export type AssetId = number;
export type ExistenceReason = AssetExistenceReason;

/** How a debit treats the minimum balance: `keepAlive` keeps it, `bestEffort` debits what it can. */
interface DebitFlags {
  readonly keepAlive: boolean;
  readonly bestEffort: boolean;
}

/** FRAME's `DepositConsequence`. */
type DepositConsequence = 'Success' | 'BelowMinimum' | 'CannotCreate' | 'UnknownAsset' | 'Overflow' | 'Blocked';

/** FRAME's `WithdrawConsequence`; `ReducedToZero` carries the dust the debit must take too. */
type WithdrawConsequence =
  | { readonly kind: 'Success' }
  | { readonly kind: 'ReducedToZero'; readonly dust: bigint }
  | { readonly kind: 'BalanceLow' | 'WouldDie' | 'UnknownAsset' | 'Underflow' | 'Overflow' | 'Frozen' };

/** Whether an account died on a debit: `Keep` when a deposit holds it open at a zero balance. */
type DeadConsequence = 'Remove' | 'Keep';

// ----------------------------------------------------------------------------------------------
// Errors

export function assetsError(ctx: BlockContext, error: AssetsErrorName): DispatchError {
  return ctx.moduleError('Assets', error);
}

function tokenError(kind: TokenError['__kind']): DispatchError {
  return new DispatchError({ __kind: 'Token', value: { __kind: kind } as TokenError });
}

function arithmeticError(kind: ArithmeticError['__kind']): DispatchError {
  return new DispatchError({ __kind: 'Arithmetic', value: { __kind: kind } as ArithmeticError });
}

/** `DepositConsequence::into_result`. */
function depositResult(consequence: DepositConsequence): void {
  switch (consequence) {
    case 'Success':
      return;
    case 'Overflow':
      throw arithmeticError('Overflow');
    default:
      throw tokenError(consequence);
  }
}

/** `WithdrawConsequence::into_result(keep_nonzero)`: the dust to debit on top, or the error. */
function withdrawResult(consequence: WithdrawConsequence, keepNonzero: boolean): bigint {
  switch (consequence.kind) {
    case 'Success':
      return 0n;
    case 'ReducedToZero':
      if (keepNonzero) throw tokenError('NotExpendable');
      return consequence.dust;
    case 'BalanceLow':
      throw tokenError('FundsUnavailable');
    case 'WouldDie':
      throw tokenError('OnlyProvider');
    case 'UnknownAsset':
      throw tokenError('UnknownAsset');
    case 'Frozen':
      throw tokenError('Frozen');
    case 'Underflow':
      throw arithmeticError('Underflow');
    case 'Overflow':
      throw arithmeticError('Overflow');
  }
}

// ----------------------------------------------------------------------------------------------
// frame_system reference counting (`inc_sufficients`, `inc_consumers`, ...)

function systemAccount(ctx: BlockContext, who: Uint8Array): AccountInfo {
  return ctx.state.get('System', 'Account', who);
}

/** `frame_system::inc_sufficients`: creates the account (NewAccount) when nothing provides for it yet. */
function incSufficients(ctx: BlockContext, who: Uint8Array): void {
  const info = systemAccount(ctx, who);
  const created = info.providers + info.sufficients === 0;
  info.sufficients += 1;
  ctx.state.set('System', 'Account', [who], info);
  if (created) ctx.deposit({ __kind: 'System', value: { __kind: 'NewAccount', account: who } });
}

/**
 * `frame_system::dec_sufficients`: the account is reaped (KilledAccount) when its last
 * sufficient reference goes and nothing provides for it.
 *
 * Devnet guard: Balances credits an account that exists only through sufficients without taking
 * a provider reference, so BZR held by such an account stands for the missing provider; the
 * account is then kept, with that provider restored, instead of destroying its BZR.
 */
function decSufficients(ctx: BlockContext, who: Uint8Array): void {
  if (!ctx.state.exists('System', 'Account', who)) return;
  const info = systemAccount(ctx, who);
  const holdsBzr = info.data.free + info.data.reserved > 0n;
  if (info.sufficients <= 1 && info.providers === 0 && !holdsBzr) {
    ctx.state.remove('System', 'Account', who);
    ctx.deposit({ __kind: 'System', value: { __kind: 'KilledAccount', account: who } });
    return;
  }
  info.sufficients = info.sufficients > 0 ? info.sufficients - 1 : 0;
  if (info.providers === 0 && holdsBzr) info.providers = 1;
  ctx.state.set('System', 'Account', [who], info);
}

/** `frame_system::inc_consumers`: needs a provider and room under `MaxConsumers`. */
function incConsumers(ctx: BlockContext, who: Uint8Array): boolean {
  const info = systemAccount(ctx, who);
  if (info.providers === 0 || info.consumers >= MAX_CONSUMERS) return false;
  info.consumers += 1;
  ctx.state.set('System', 'Account', [who], info);
  return true;
}

function decConsumers(ctx: BlockContext, who: Uint8Array): void {
  if (!ctx.state.exists('System', 'Account', who)) return;
  const info = systemAccount(ctx, who);
  if (info.consumers === 0) return;
  info.consumers -= 1;
  ctx.state.set('System', 'Account', [who], info);
}

/** `frame_system::can_accrue_consumers`. */
function canAccrueConsumers(ctx: BlockContext, who: Uint8Array, amount: number): boolean {
  const info = systemAccount(ctx, who);
  return info.providers > 0 && info.consumers + amount <= MAX_CONSUMERS;
}

// ----------------------------------------------------------------------------------------------
// Storage access

export function constant(ctx: BlockContext, name: string): bigint {
  return ctx.model.constant('Assets', name) as bigint;
}

export function details(ctx: BlockContext, id: AssetId): AssetDetails {
  const found = ctx.state.get('Assets', 'Asset', id);
  if (!found) throw assetsError(ctx, 'Unknown');
  return found;
}

export function putDetails(ctx: BlockContext, id: AssetId, value: AssetDetails): void {
  ctx.state.set('Assets', 'Asset', [id], value);
}

export function assetAccount(ctx: BlockContext, id: AssetId, who: Uint8Array): AssetAccount | null {
  return ctx.state.get('Assets', 'Account', id, who);
}

function minOf(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export const isLive = (d: AssetDetails) => d.status.__kind === 'Live';
/** `AccountStatus::is_frozen`: Blocked accounts are frozen too. */
const isFrozenAccount = (a: AssetAccount) => a.status.__kind !== 'Liquid';
const isBlockedAccount = (a: AssetAccount) => a.status.__kind === 'Blocked';

// ----------------------------------------------------------------------------------------------
// pallet_assets internals (functions.rs)

/**
 * Registers a new asset account on `d` and returns why it may exist: a deposit, a sufficient
 * reference (sufficient assets) or a consumer reference (the others).
 */
export function newAccount(
  ctx: BlockContext,
  who: Uint8Array,
  d: AssetDetails,
  deposit?: { readonly depositor: Uint8Array; readonly amount: bigint },
): ExistenceReason {
  if (d.accounts >= U32_MAX) throw arithmeticError('Overflow');
  let reason: ExistenceReason;
  if (deposit) {
    reason = equalAccounts(deposit.depositor, who)
      ? { __kind: 'DepositHeld', value: deposit.amount }
      : { __kind: 'DepositFrom', value: [deposit.depositor, deposit.amount] };
  } else if (d.is_sufficient) {
    incSufficients(ctx, who);
    d.sufficients += 1;
    reason = { __kind: 'Sufficient' };
  } else {
    if (!incConsumers(ctx, who)) throw assetsError(ctx, 'UnavailableConsumer');
    // One consumer reference must stay available, lest the account be unable to do anything else.
    if (!canAccrueConsumers(ctx, who, 1)) {
      decConsumers(ctx, who);
      throw assetsError(ctx, 'UnavailableConsumer');
    }
    reason = { __kind: 'Consumer' };
  }
  d.accounts += 1;
  return reason;
}

/** Releases what kept an asset account alive; accounts held open by a deposit are kept unless `force`. */
export function deadAccount(
  ctx: BlockContext,
  who: Uint8Array,
  d: AssetDetails,
  reason: ExistenceReason,
  force: boolean,
): DeadConsequence {
  switch (reason.__kind) {
    case 'Consumer':
      decConsumers(ctx, who);
      break;
    case 'Sufficient':
      d.sufficients = d.sufficients > 0 ? d.sufficients - 1 : 0;
      decSufficients(ctx, who);
      break;
    case 'DepositRefunded':
      break;
    case 'DepositHeld':
    case 'DepositFrom':
      if (!force) return 'Keep';
      break;
  }
  d.accounts = d.accounts > 0 ? d.accounts - 1 : 0;
  return 'Remove';
}

/** Whether `who`'s balance of `id` can go up by `amount` (`increaseSupply`: minted, not moved). */
function canIncrease(
  ctx: BlockContext,
  id: AssetId,
  who: Uint8Array,
  amount: bigint,
  increaseSupply: boolean,
): DepositConsequence {
  const d = ctx.state.get('Assets', 'Asset', id);
  if (!d || d.status.__kind === 'Destroying') return 'UnknownAsset';
  if (increaseSupply && d.supply + amount > U128_MAX) return 'Overflow';
  const account = assetAccount(ctx, id, who);
  if (account) {
    if (isBlockedAccount(account)) return 'Blocked';
    if (account.balance + amount > U128_MAX) return 'Overflow';
  } else {
    if (amount < d.min_balance) return 'BelowMinimum';
    if (!d.is_sufficient && !canAccrueConsumers(ctx, who, 2)) return 'CannotCreate';
    if (d.is_sufficient && d.sufficients >= U32_MAX) return 'Overflow';
  }
  return 'Success';
}

/** What debiting `amount` from `who` would do. */
function canDecrease(
  ctx: BlockContext,
  id: AssetId,
  who: Uint8Array,
  amount: bigint,
  keepAlive: boolean,
): WithdrawConsequence {
  const d = ctx.state.get('Assets', 'Asset', id);
  if (!d) return { kind: 'UnknownAsset' };
  if (d.supply < amount) return { kind: 'Underflow' };
  if (d.status.__kind === 'Frozen') return { kind: 'Frozen' };
  if (d.status.__kind === 'Destroying') return { kind: 'UnknownAsset' };
  if (amount === 0n) return { kind: 'Success' };
  const account = assetAccount(ctx, id, who);
  if (!account) return { kind: 'BalanceLow' };
  if (isFrozenAccount(account)) return { kind: 'Frozen' };
  if (account.balance < amount) return { kind: 'BalanceLow' };
  const rest = account.balance - amount;
  if (rest < d.min_balance) return keepAlive ? { kind: 'WouldDie' } : { kind: 'ReducedToZero', dust: rest };
  return { kind: 'Success' };
}

/** The most that can leave `who`'s account: all of it, or all but the minimum balance with `keepAlive`. */
function reducible(ctx: BlockContext, id: AssetId, who: Uint8Array, keepAlive: boolean): bigint {
  const d = details(ctx, id);
  if (!isLive(d)) throw assetsError(ctx, 'AssetNotLive');
  const account = assetAccount(ctx, id, who);
  if (!account) throw assetsError(ctx, 'NoAccount');
  if (isFrozenAccount(account)) throw assetsError(ctx, 'Frozen');
  let amount = account.balance;
  if (keepAlive) amount = amount > d.min_balance ? amount - d.min_balance : 0n;
  return minOf(amount, d.supply);
}

/** The amount to debit for a debit of `amount`: possibly less (best effort) or more (the dust). */
function prepDebit(ctx: BlockContext, id: AssetId, target: Uint8Array, amount: bigint, flags: DebitFlags): bigint {
  const available = reducible(ctx, id, target, flags.keepAlive);
  const actual = minOf(available, amount);
  if (!flags.bestEffort && actual < amount) throw assetsError(ctx, 'BalanceLow');
  return actual + withdrawResult(canDecrease(ctx, id, target, actual, flags.keepAlive), flags.keepAlive);
}

/** Credits `amount` to `beneficiary`, creating its asset account; `check` may veto and adjust the details. */
function increaseBalance(
  ctx: BlockContext,
  id: AssetId,
  beneficiary: Uint8Array,
  amount: bigint,
  check: (d: AssetDetails) => void,
): void {
  if (amount === 0n) return;
  depositResult(canIncrease(ctx, id, beneficiary, amount, true));
  const d = details(ctx, id);
  if (!isLive(d)) throw assetsError(ctx, 'AssetNotLive');
  check(d);
  const account = assetAccount(ctx, id, beneficiary);
  if (account) {
    account.balance += amount;
    ctx.state.set('Assets', 'Account', [id, beneficiary], account);
  } else {
    if (amount < d.min_balance) throw tokenError('BelowMinimum');
    const reason = newAccount(ctx, beneficiary, d, undefined);
    ctx.state.set('Assets', 'Account', [id, beneficiary], {
      balance: amount,
      status: { __kind: 'Liquid' },
      reason,
      extra: null,
    });
  }
  putDetails(ctx, id, d);
}

/** Debits `target` (removing its account when it falls below the minimum); returns the amount debited. */
function decreaseBalance(
  ctx: BlockContext,
  id: AssetId,
  target: Uint8Array,
  amount: bigint,
  flags: DebitFlags,
  check: (actual: bigint, d: AssetDetails) => void,
): bigint {
  if (amount === 0n) return 0n;
  if (!isLive(details(ctx, id))) throw assetsError(ctx, 'AssetNotLive');
  const actual = prepDebit(ctx, id, target, amount, flags);
  const d = details(ctx, id);
  check(actual, d);
  const account = assetAccount(ctx, id, target);
  if (!account) throw assetsError(ctx, 'NoAccount');
  account.balance -= actual;
  if (account.balance < d.min_balance && deadAccount(ctx, target, d, account.reason, false) === 'Remove') {
    ctx.state.remove('Assets', 'Account', id, target);
  } else {
    ctx.state.set('Assets', 'Account', [id, target], account);
  }
  putDetails(ctx, id, d);
  return actual;
}

/**
 * `do_transfer`: moves `amount` (plus the sender's dust when it would fall below the minimum
 * balance) and emits Transferred with what `dest` received. `needAdmin`: the caller must be the admin.
 */
export function doTransfer(
  ctx: BlockContext,
  id: AssetId,
  source: Uint8Array,
  dest: Uint8Array,
  amount: bigint,
  needAdmin: Uint8Array | null,
  keepAlive: boolean,
): bigint {
  if (amount === 0n) return 0n;
  if (!isLive(details(ctx, id))) throw assetsError(ctx, 'AssetNotLive');
  const debit = prepDebit(ctx, id, source, amount, { keepAlive, bestEffort: false });
  // `burn_dust` is never set by these calls: the destination receives the whole debit.
  const credit = debit;
  depositResult(canIncrease(ctx, id, dest, credit, false));

  const sourceAccount = assetAccount(ctx, id, source);
  if (!sourceAccount) throw assetsError(ctx, 'NoAccount');
  const d = details(ctx, id);
  if (needAdmin && !equalAccounts(needAdmin, d.admin)) throw assetsError(ctx, 'NoPermission');
  if (!equalAccounts(source, dest)) {
    sourceAccount.balance -= debit;
    const destAccount = assetAccount(ctx, id, dest);
    if (destAccount) {
      destAccount.balance += credit;
      ctx.state.set('Assets', 'Account', [id, dest], destAccount);
    } else {
      const reason = newAccount(ctx, dest, d, undefined);
      ctx.state.set('Assets', 'Account', [id, dest], {
        balance: credit,
        status: { __kind: 'Liquid' },
        reason,
        extra: null,
      });
    }
    if (
      sourceAccount.balance < d.min_balance &&
      deadAccount(ctx, source, d, sourceAccount.reason, false) === 'Remove'
    ) {
      ctx.state.remove('Assets', 'Account', id, source);
    } else {
      ctx.state.set('Assets', 'Account', [id, source], sourceAccount);
    }
    putDetails(ctx, id, d);
  }
  ctx.deposit({
    __kind: 'Assets',
    value: { __kind: 'Transferred', asset_id: id, from: source, to: dest, amount: credit },
  });
  return credit;
}

/** `do_force_create`, shared with `create` for the id checks. */

export function assetBalance(ctx: BlockContext, assetId: AssetId, who: Uint8Array): bigint {
  return assetAccount(ctx, assetId, who)?.balance ?? 0n;
}

/** `fungibles::Inspect::total_issuance`: the supply of `assetId`, zero if it does not exist. */
export function assetTotalIssuance(ctx: BlockContext, assetId: AssetId): bigint {
  return ctx.state.get('Assets', 'Asset', assetId)?.supply ?? 0n;
}

/** `fungibles::Inspect::reducible_balance`: what can leave `who`'s account (zero when nothing can). */
export function reducibleAssetBalance(
  ctx: BlockContext,
  assetId: AssetId,
  who: Uint8Array,
  preservation: Preservation,
): bigint {
  try {
    return reducible(ctx, assetId, who, preservation !== 'Expendable');
  } catch (error) {
    if (error instanceof DispatchError) return 0n;
    throw error;
  }
}

/**
 * `fungibles::Mutate::mint_into`: creates `amount` of `assetId` in `who`'s account (creating
 * it, with a sufficient or consumer reference), raises the supply and emits Issued. No origin
 * check: only runtime code (the Rewards pallet) calls it. Returns the amount minted.
 */
export function mintInto(ctx: BlockContext, assetId: AssetId, who: Uint8Array, amount: bigint): bigint {
  return ctx.transactional(() => {
    if (assetTotalIssuance(ctx, assetId) + amount > U128_MAX) throw arithmeticError('Overflow');
    increaseBalance(ctx, assetId, who, amount, (d) => {
      d.supply += amount;
    });
    ctx.deposit({ __kind: 'Assets', value: { __kind: 'Issued', asset_id: assetId, owner: who, amount } });
    return amount;
  });
}

/**
 * `fungibles::Mutate::burn_from`: destroys `amount` of `who`'s balance (with `Exact`, all of it
 * or nothing: FundsUnavailable; with `BestEffort`, as much as can go), plus the dust below the
 * minimum balance when the account dies. Lowers the supply, emits Burned; returns the amount burned.
 */
export function burnFrom(
  ctx: BlockContext,
  assetId: AssetId,
  who: Uint8Array,
  amount: bigint,
  preservation: Preservation = 'Expendable',
  precision: 'Exact' | 'BestEffort' = 'Exact',
): bigint {
  return ctx.transactional(() => {
    const available = reducibleAssetBalance(ctx, assetId, who, preservation);
    const target = minOf(available, amount);
    if (target !== amount && precision === 'Exact') throw tokenError('FundsUnavailable');
    if (assetTotalIssuance(ctx, assetId) < target) throw arithmeticError('Overflow');
    const flags = { keepAlive: preservation !== 'Expendable', bestEffort: true };
    const actual = decreaseBalance(ctx, assetId, who, target, flags, (debited, d) => {
      d.supply -= debited;
    });
    ctx.deposit({ __kind: 'Assets', value: { __kind: 'Burned', asset_id: assetId, owner: who, balance: actual } });
    return actual;
  });
}

/**
 * `fungibles::Mutate::transfer`: moves exactly `amount` from `from` to `to` and emits
 * Transferred. With `Preserve`, `from` keeps at least the minimum balance (TokenError
 * NotExpendable otherwise); with `Expendable`, a remainder below the minimum balance is removed
 * with the account. FRAME drops that dust without lowering the supply; here it is burned
 * (supply lowered, Burned emitted) so that the supply stays the sum of the balances.
 */
export function transferAsset(
  ctx: BlockContext,
  assetId: AssetId,
  from: Uint8Array,
  to: Uint8Array,
  amount: bigint,
  preservation: Preservation,
): bigint {
  return ctx.transactional(() => {
    const keepAlive = preservation !== 'Expendable';
    withdrawResult(canDecrease(ctx, assetId, from, amount, false), keepAlive);
    depositResult(canIncrease(ctx, assetId, to, amount, false));
    const debited = decreaseBalance(ctx, assetId, from, amount, { keepAlive, bestEffort: true }, () => {});
    increaseBalance(ctx, assetId, to, amount, () => {});
    const dust = debited - amount;
    if (dust > 0n) {
      const d = details(ctx, assetId);
      putDetails(ctx, assetId, { ...d, supply: d.supply - dust });
      ctx.deposit({ __kind: 'Assets', value: { __kind: 'Burned', asset_id: assetId, owner: from, balance: dust } });
    }
    ctx.deposit({ __kind: 'Assets', value: { __kind: 'Transferred', asset_id: assetId, from, to, amount } });
    return amount;
  });
}

// ----------------------------------------------------------------------------------------------
// Calls
