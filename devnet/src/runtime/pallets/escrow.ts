import type { EscrowDetails } from '@bazari/chain-types/generated';
import { type BlockContext, DispatchError, ensureRoot, ensureSigned, type Origin } from '../context.ts';
import type { PalletRuntime } from '../dispatcher.ts';
import { WEIGHTS } from '../weights.ts';
import { equalAccounts, lookup } from './balances.ts';
import { completeOrderOnAutoRelease } from './commerce.rules.ts';
import {
  arithmeticOverflow,
  escrowError,
  getEscrow,
  lockEscrow,
  MAX_AUTO_RELEASES_PER_BLOCK,
  MAX_SPLITS,
  refundEscrow,
  releaseEscrow,
  splitAmounts,
  splitEscrow,
  U32_MAX,
} from './escrow.rules.ts';

export {
  type AccountId,
  arithmeticOverflow,
  ensureCanLock,
  escrowHoldings,
  escrowPalletAccount,
  freezeEscrow,
  getEscrow,
  type LockEscrowParams,
  lockEscrow,
  MAX_AUTO_RELEASES_PER_BLOCK,
  MAX_SPLITS,
  PERMILL_ONE,
  type Permill,
  permillFloor,
  permillOf,
  type ReleaseOutcome,
  refundEscrow,
  releaseEscrow,
  scheduleAutoRelease,
  splitAmounts,
  splitEscrow,
  treasuryAccount,
} from './escrow.rules.ts';

/**
 * `pallet_escrow`: funds of a depositor held in the pallet account `EscrowPalletAccount` for a
 * beneficiary, in BZR (`asset` None) or in an asset of Assets (ZARI), until they are released,
 * refunded or split. Peer-to-peer deals call it directly; Commerce locks one escrow per order and
 * moves it through the functions of `escrow.rules.ts`, re-exported here (direct calls on those
 * escrows fail with `ManagedByOrder`); Dispute freezes and splits them through the same functions.
 *
 * The pallet account. It holds exactly the sum of the open (Locked or Frozen) escrows of each
 * asset and nothing else, so it must never be reaped while it holds less than the existential
 * deposit. As a FRAME pallet account kept alive with `frame_system::inc_providers`, it takes, when
 * the very first escrow is locked (escrow id 0), a permanent provider reference and a permanent
 * sufficient reference: the provider lets it hold non-sufficient assets (their consumer
 * reference), the sufficient one is what keeps an account below the existential deposit alive in
 * the devnet's Balances. Payouts then leave it with `AllowDeath` (Expendable) semantics, down to
 * zero, without dust ever being lost. No BZR is minted for it: total issuance does not change.
 *
 * Depositors pay BZR keeping their own account alive (`Preserve`, FRAME's `KeepAlive`: they need it
 * for fees); an asset can be locked to the last unit (`Expendable`). An asset escrow must be at
 * least the asset's `min_balance`, so that whatever the pallet account keeps after a payout (the
 * other open escrows) never falls below it; split payouts are made smallest first for the same
 * reason.
 *
 * Auto-release: `EscrowsDueAt[block]` lists the escrows due at a block (at most
 * `MaxEscrowsPerBlock`; scheduling takes the first block at or after the due one with room).
 * `on_initialize` releases what is due, at most `MaxAutoReleasesPerBlock` escrows, visiting the due
 * index from `AutoReleaseCursor` (kept only while some due escrow is still waiting, as
 * pallet_scheduler's `IncompleteSince`; 0 means none) up to the current block, so its cost is
 * proportional to what is due. The escrow of an order completes the order exactly as
 * `confirm_delivery` does (Commerce). A due escrow whose payout fails (a BZR payout below the
 * existential deposit to an account that no longer exists) is left `Locked`, out of the index:
 * its parties (or root) can still move it.
 */

/** How many blocks of the due index one `on_initialize` visits at most (empty ones included). */
const MAX_DUE_BLOCKS_VISITED = 2 * MAX_AUTO_RELEASES_PER_BLOCK;

// ------------------------------------------------------------------------------------------------
// Calls and hooks

/** A direct (non-order) escrow that `origin` may move: EscrowNotFound, ManagedByOrder, then `authorised`. */
function directEscrow(
  ctx: BlockContext,
  escrowId: bigint,
  origin: Origin,
  party: 'depositor' | 'beneficiary' | 'root',
): EscrowDetails {
  if (origin.kind === 'None') throw new DispatchError({ __kind: 'BadOrigin' });
  if (party === 'root') ensureRoot(origin);
  const escrow = getEscrow(ctx, escrowId);
  if (!escrow) throw escrowError(ctx, 'EscrowNotFound');
  if (escrow.order_id !== null) throw escrowError(ctx, 'ManagedByOrder');
  if (origin.kind === 'Signed' && party !== 'root' && !equalAccounts(origin.who, escrow[party])) {
    throw escrowError(ctx, party === 'depositor' ? 'NotDepositor' : 'NotBeneficiary');
  }
  return escrow;
}

/** Releases one due escrow in its own storage layer; returns the weight used. A failed payout leaves it Locked. */
function autoRelease(ctx: BlockContext, escrowId: bigint): bigint {
  const escrow = getEscrow(ctx, escrowId);
  if (escrow?.status.__kind !== 'Locked') return WEIGHTS.dbRead;
  try {
    return ctx.transactional(() => {
      if (escrow.order_id !== null)
        return WEIGHTS.escrowAutoReleasePerEscrow + completeOrderOnAutoRelease(ctx, escrow.order_id);
      releaseEscrow(ctx, escrowId, 0, 'AutoReleased');
      return WEIGHTS.escrowAutoReleasePerEscrow;
    });
  } catch (error) {
    if (!(error instanceof DispatchError)) throw error;
    // Out of the index (taken off before the attempt), still Locked: its parties can move it.
    return WEIGHTS.escrowAutoReleasePerEscrow;
  }
}

/** `on_initialize`: releases the escrows due up to this block, at most `MaxAutoReleasesPerBlock`; the rest wait. */
function onInitialize(ctx: BlockContext): bigint {
  const now = ctx.block.number;
  const maxReleases = ctx.model.constant('Escrow', 'MaxAutoReleasesPerBlock') as number;
  const stored = ctx.state.get('Escrow', 'AutoReleaseCursor');
  let block = stored === 0 ? now : Math.min(stored, now);
  let weight = WEIGHTS.escrowOnInitialize;
  let released = 0;
  let visited = 0;
  let incompleteSince: number | null = null;
  while (block <= now) {
    if (released >= maxReleases || visited >= MAX_DUE_BLOCKS_VISITED) {
      incompleteSince = block;
      break;
    }
    visited++;
    weight += WEIGHTS.escrowAutoReleasePerBlock;
    const due = ctx.state.get('Escrow', 'EscrowsDueAt', block);
    const batch = due.slice(0, maxReleases - released);
    const rest = due.slice(batch.length);
    if (due.length > 0) {
      if (rest.length === 0) ctx.state.remove('Escrow', 'EscrowsDueAt', block);
      else ctx.state.set('Escrow', 'EscrowsDueAt', [block], rest);
    }
    for (const escrowId of batch) {
      weight += autoRelease(ctx, escrowId);
      released++;
    }
    if (rest.length > 0) {
      incompleteSince = block;
      break;
    }
    block++;
  }
  if (incompleteSince !== null) ctx.state.set('Escrow', 'AutoReleaseCursor', [], incompleteSince);
  else if (stored !== 0) ctx.state.remove('Escrow', 'AutoReleaseCursor');
  return weight;
}

export const escrowRuntime: PalletRuntime<'Escrow'> = {
  name: 'Escrow',
  calls: {
    lock: {
      weight: () => WEIGHTS.escrowLock + WEIGHTS.escrowSchedulePerBlock,
      dispatch: (ctx, origin, { beneficiary, amount, asset, auto_release_after }) => {
        const depositor = ensureSigned(origin);
        const to = lookup(beneficiary);
        const now = ctx.block.number;
        if (auto_release_after !== null && now + auto_release_after > U32_MAX) throw arithmeticOverflow();
        lockEscrow(ctx, {
          depositor,
          beneficiary: to,
          amount,
          asset,
          autoReleaseAt: auto_release_after === null ? null : now + auto_release_after,
          orderId: null,
        });
      },
    },
    release: {
      weight: () => WEIGHTS.escrowRelease,
      dispatch: (ctx, origin, { escrow_id }) => {
        directEscrow(ctx, escrow_id, origin, 'depositor');
        releaseEscrow(ctx, escrow_id);
      },
    },
    refund: {
      weight: () => WEIGHTS.escrowRefund,
      dispatch: (ctx, origin, { escrow_id }) => {
        directEscrow(ctx, escrow_id, origin, 'beneficiary');
        refundEscrow(ctx, escrow_id);
      },
    },
    split_release: {
      weight: ({ splits }) =>
        WEIGHTS.escrowSplitRelease + WEIGHTS.escrowSplitPerPayout * BigInt(Math.min(splits.length, MAX_SPLITS)),
      dispatch: (ctx, origin, { escrow_id, splits }) => {
        const escrow = directEscrow(ctx, escrow_id, origin, 'root');
        if (escrow.status.__kind === 'Frozen') throw escrowError(ctx, 'EscrowFrozen');
        if (escrow.status.__kind !== 'Locked') throw escrowError(ctx, 'EscrowNotLocked');
        splitEscrow(ctx, escrow_id, splitAmounts(ctx, escrow.amount, splits));
      },
    },
  },
  onInitialize,
};
