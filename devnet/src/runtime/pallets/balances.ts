import type { AccountInfo, MultiAddress } from '@bazari/chain-types/generated';
import { type BlockContext, DispatchError, ensureRoot, ensureSigned } from '../context.ts';
import type { PalletRuntime } from '../dispatcher.ts';
import { lookupSigner } from '../signer.ts';
import { WEIGHTS } from '../weights.ts';

/** Whether a debit may take an account below the existential deposit and reap it. */
export type Preservation = 'Expendable' | 'Preserve';

export function existentialDeposit(ctx: BlockContext): bigint {
  return ctx.model.constant('Balances', 'ExistentialDeposit') as bigint;
}

export function account(ctx: BlockContext, who: Uint8Array): AccountInfo {
  return ctx.state.get('System', 'Account', who);
}

export function freeBalance(ctx: BlockContext, who: Uint8Array): bigint {
  return account(ctx, who).data.free;
}

/** Free balance that can leave the account: above frozen funds, and above the ED when preserving it. */
export function reducibleBalance(ctx: BlockContext, who: Uint8Array, preservation: Preservation): bigint {
  const { data } = account(ctx, who);
  const untouchable = data.frozen > data.reserved ? data.frozen - data.reserved : 0n;
  const floor = preservation === 'Preserve' ? bigMax(untouchable, existentialDeposit(ctx)) : untouchable;
  return data.free > floor ? data.free - floor : 0n;
}

/** Resolves a `MultiAddress` call argument to an account id. */
export function lookup(address: MultiAddress): Uint8Array {
  const account = lookupSigner(address);
  if (!account) throw new DispatchError({ __kind: 'CannotLookup' });
  return account;
}

/**
 * Writes an account's balances, creating it (NewAccount, Endowed) when it crosses the
 * existential deposit and reaping it (DustLost, KilledAccount) when it falls below.
 */
function writeAccount(ctx: BlockContext, who: Uint8Array, info: AccountInfo, existed: boolean): void {
  const ed = existentialDeposit(ctx);
  const total = info.data.free + info.data.reserved;
  if (total < ed && info.consumers === 0 && info.sufficients === 0) {
    if (existed) {
      if (total > 0n) {
        ctx.deposit({ __kind: 'Balances', value: { __kind: 'DustLost', account: who, amount: total } });
        ctx.state.mutate('Balances', 'TotalIssuance', [], (issuance) => issuance - total);
      }
      ctx.state.remove('System', 'Account', who);
      ctx.deposit({ __kind: 'System', value: { __kind: 'KilledAccount', account: who } });
    }
    return;
  }
  if (!existed) {
    info.providers = Math.max(info.providers, 1);
    ctx.deposit({ __kind: 'System', value: { __kind: 'NewAccount', account: who } });
    ctx.deposit({ __kind: 'Balances', value: { __kind: 'Endowed', account: who, free_balance: info.data.free } });
  }
  ctx.state.set('System', 'Account', [who], info);
}

/** Credits `amount` to `who`'s free balance without changing issuance (the funds come from a debit). */
function credit(ctx: BlockContext, who: Uint8Array, amount: bigint): void {
  const existed = ctx.state.exists('System', 'Account', who);
  const info = account(ctx, who);
  if (!existed && amount < existentialDeposit(ctx)) throw ctx.moduleError('Balances', 'ExistentialDeposit');
  info.data.free += amount;
  writeAccount(ctx, who, info, existed);
}

function debit(ctx: BlockContext, who: Uint8Array, amount: bigint, preservation: Preservation): void {
  if (reducibleBalance(ctx, who, 'Expendable') < amount) throw ctx.moduleError('Balances', 'InsufficientBalance');
  if (reducibleBalance(ctx, who, preservation) < amount) throw ctx.moduleError('Balances', 'Expendability');
  const info = account(ctx, who);
  info.data.free -= amount;
  writeAccount(ctx, who, info, true);
}

export function transfer(
  ctx: BlockContext,
  from: Uint8Array,
  to: Uint8Array,
  amount: bigint,
  preservation: Preservation,
): void {
  if (amount === 0n || equalAccounts(from, to)) {
    ctx.deposit({ __kind: 'Balances', value: { __kind: 'Transfer', from, to, amount } });
    return;
  }
  ctx.transactional(() => {
    debit(ctx, from, amount, preservation);
    credit(ctx, to, amount);
    ctx.deposit({ __kind: 'Balances', value: { __kind: 'Transfer', from, to, amount } });
  });
}

/** Takes `amount` out of circulation from `who` (fees before they are deposited elsewhere). */
export function withdraw(ctx: BlockContext, who: Uint8Array, amount: bigint, preservation: Preservation): void {
  ctx.transactional(() => {
    debit(ctx, who, amount, preservation);
    ctx.deposit({ __kind: 'Balances', value: { __kind: 'Withdraw', who, amount } });
  });
}

/** Puts `amount` previously withdrawn into `who`'s account. */
export function depositInto(ctx: BlockContext, who: Uint8Array, amount: bigint): void {
  if (amount === 0n) return;
  ctx.transactional(() => {
    credit(ctx, who, amount);
    ctx.deposit({ __kind: 'Balances', value: { __kind: 'Deposit', who, amount } });
  });
}

export function reserve(ctx: BlockContext, who: Uint8Array, amount: bigint): void {
  ctx.transactional(() => {
    if (reducibleBalance(ctx, who, 'Preserve') < amount) throw ctx.moduleError('Balances', 'InsufficientBalance');
    const info = account(ctx, who);
    info.data.free -= amount;
    info.data.reserved += amount;
    writeAccount(ctx, who, info, true);
    ctx.deposit({ __kind: 'Balances', value: { __kind: 'Reserved', who, amount } });
  });
}

/** Returns up to `amount` of reserved funds to free balance; returns what was unreserved. */
export function unreserve(ctx: BlockContext, who: Uint8Array, amount: bigint): bigint {
  const info = account(ctx, who);
  const actual = bigMin(amount, info.data.reserved);
  if (actual === 0n) return 0n;
  info.data.reserved -= actual;
  info.data.free += actual;
  writeAccount(ctx, who, info, true);
  ctx.deposit({ __kind: 'Balances', value: { __kind: 'Unreserved', who, amount: actual } });
  return actual;
}

/** Moves reserved funds of `from` into the free balance of `to`; returns what was moved. */
export function repatriateReserved(ctx: BlockContext, from: Uint8Array, to: Uint8Array, amount: bigint): bigint {
  return ctx.transactional(() => {
    const info = account(ctx, from);
    const actual = bigMin(amount, info.data.reserved);
    if (actual === 0n) return 0n;
    info.data.reserved -= actual;
    writeAccount(ctx, from, info, true);
    credit(ctx, to, actual);
    ctx.deposit({
      __kind: 'Balances',
      value: { __kind: 'ReserveRepatriated', from, to, amount: actual, destination_status: { __kind: 'Free' } },
    });
    return actual;
  });
}

/** Creates new BZR in `who`'s account (genesis endowments, documented issuance changes). */
export function mint(ctx: BlockContext, who: Uint8Array, amount: bigint): void {
  ctx.transactional(() => {
    credit(ctx, who, amount);
    ctx.state.mutate('Balances', 'TotalIssuance', [], (issuance) => issuance + amount);
    ctx.deposit({ __kind: 'Balances', value: { __kind: 'Minted', who, amount } });
  });
}

/** `force_set_balance`: a balance below the existential deposit wipes the account out (free 0). */
function setFreeBalance(ctx: BlockContext, who: Uint8Array, requested: bigint): void {
  const free = requested < existentialDeposit(ctx) ? 0n : requested;
  const existed = ctx.state.exists('System', 'Account', who);
  const info = account(ctx, who);
  const old = info.data.free;
  info.data.free = free;
  ctx.state.mutate('Balances', 'TotalIssuance', [], (issuance) => issuance - old + free);
  // The account's own events (NewAccount, Endowed or KilledAccount) come first, as pallet_balances emits them.
  writeAccount(ctx, who, info, existed);
  ctx.deposit({ __kind: 'Balances', value: { __kind: 'BalanceSet', who, free } });
}

export function equalAccounts(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function bigMin(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function bigMax(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

export const balancesRuntime: PalletRuntime<'Balances'> = {
  name: 'Balances',
  calls: {
    transfer_allow_death: {
      weight: () => WEIGHTS.balancesTransfer,
      dispatch: (ctx, origin, { dest, value }) =>
        transfer(ctx, ensureSigned(origin), lookup(dest), value, 'Expendable'),
    },
    transfer_keep_alive: {
      weight: () => WEIGHTS.balancesTransfer,
      dispatch: (ctx, origin, { dest, value }) => transfer(ctx, ensureSigned(origin), lookup(dest), value, 'Preserve'),
    },
    force_transfer: {
      weight: () => WEIGHTS.balancesTransfer,
      dispatch: (ctx, origin, { source, dest, value }) => {
        ensureRoot(origin);
        transfer(ctx, lookup(source), lookup(dest), value, 'Expendable');
      },
    },
    transfer_all: {
      weight: () => WEIGHTS.balancesTransfer,
      dispatch: (ctx, origin, { dest, keep_alive }) => {
        const from = ensureSigned(origin);
        const preservation = keep_alive ? 'Preserve' : 'Expendable';
        transfer(ctx, from, lookup(dest), reducibleBalance(ctx, from, preservation), preservation);
      },
    },
    force_set_balance: {
      weight: () => WEIGHTS.balancesSetBalance,
      dispatch: (ctx, origin, { who, new_free }) => {
        ensureRoot(origin);
        setFreeBalance(ctx, lookup(who), new_free);
      },
    },
    burn: {
      weight: () => WEIGHTS.balancesTransfer,
      dispatch: (ctx, origin, { value, keep_alive }) => {
        const who = ensureSigned(origin);
        debit(ctx, who, value, keep_alive ? 'Preserve' : 'Expendable');
        ctx.state.mutate('Balances', 'TotalIssuance', [], (issuance) => issuance - value);
        ctx.deposit({ __kind: 'Balances', value: { __kind: 'Burned', who, amount: value } });
      },
    },
  },
};
