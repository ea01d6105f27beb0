import { Account, Escrow, EscrowPayout, EscrowPayoutKind, EscrowStatus, Order, OrderStatus } from '../model/index.ts';
import { events } from '../types/index.ts';
import { account } from './accounts.ts';
import type { BatchStore } from './batch.ts';
import { address, type EventContext, type EventHandlers, on } from './handler.ts';
import { changeOrderStatus } from './orders.ts';

/**
 * The Escrow pallet, mirroring `Escrow.Escrows` (status, amount, asset, auto_release_at, order), with one
 * EscrowPayout per transfer out of an escrow. The chain keeps `auto_release_at` when an escrow closes or
 * freezes, and so does the squid.
 *
 * The Dispute pallet changes an order's status without a Commerce event, through the order's escrow:
 * `open_dispute` freezes it (`Escrow.Frozen`, then `Dispute.DisputeOpened`): the order becomes Disputed;
 * `execute_ruling` splits it (`Escrow.SplitReleased`, then `Dispute.RulingExecuted`): the order becomes
 * Resolved. Only Dispute freezes escrows, and only order escrows split this way, so these two handlers
 * make those status changes (timeline entries named after the Escrow events), and count the ruling in the
 * seller's salesCompleted and salesVolume (its part of the split).
 */

const escrowId = (id: bigint) => id.toString();

/** The order of a loaded escrow and its parties (beneficiary = seller, depositor = buyer of an order escrow). */
function wantEscrowOrder(batch: BatchStore, id: bigint): void {
  const escrow = batch.get(Escrow, escrowId(id));
  if (!escrow?.order) return;
  batch.want(Order, escrow.order.id);
  batch.want(Account, escrow.beneficiary.id);
  batch.want(Account, escrow.depositor.id);
}

function close(context: EventContext, id: bigint, status: EscrowStatus): Escrow {
  const escrow = context.batch.getOrFail(Escrow, escrowId(id));
  escrow.status = status;
  escrow.closedAtBlock = context.block.height;
  context.batch.save(escrow);
  return escrow;
}

function payout(
  context: EventContext,
  escrow: Escrow,
  position: number,
  kind: EscrowPayoutKind,
  to: string,
  amount: bigint,
  platformFee: bigint,
): void {
  const { batch, block, event, timestamp, extrinsicHash } = context;
  batch.save(
    new EscrowPayout({
      id: `${event.id}-${position}`,
      escrow,
      kind,
      to: account(batch, to, block.height),
      amount,
      platformFee,
      blockNumber: block.height,
      timestamp,
      extrinsicHash: extrinsicHash ?? null,
    }),
  );
}

/** Released and AutoReleased: the beneficiary got `amount` and the treasury `platformFee`. */
function releaseHandler(
  type: typeof events.escrow.released | typeof events.escrow.autoReleased,
  kind: EscrowPayoutKind,
) {
  return on({
    decode: (event) => type.v100.decode(event),
    want: (args, batch) => {
      batch.want(Escrow, escrowId(args.escrowId));
      batch.want(Account, address(args.to));
    },
    apply: (args, context) => {
      const escrow = close(context, args.escrowId, EscrowStatus.Released);
      payout(context, escrow, 0, kind, address(args.to), args.amount, args.platformFee);
    },
  });
}

export const escrowHandlers: EventHandlers = {
  /** A new Locked Escrow; `orderId` links it to its Order (created just before, by OrderCreated). */
  [events.escrow.locked.name]: on({
    decode: (event) => events.escrow.locked.v100.decode(event),
    want: (args, batch) => {
      batch.want(Account, address(args.depositor));
      batch.want(Account, address(args.beneficiary));
      if (args.orderId !== undefined) batch.want(Order, args.orderId.toString());
    },
    apply: (args, { batch, block, timestamp }) => {
      batch.save(
        new Escrow({
          id: escrowId(args.escrowId),
          depositor: account(batch, address(args.depositor), block.height),
          beneficiary: account(batch, address(args.beneficiary), block.height),
          amount: args.amount,
          asset: args.asset ?? null,
          status: EscrowStatus.Locked,
          autoReleaseAt: args.autoReleaseAt ?? null,
          order: args.orderId === undefined ? null : batch.getOrFail(Order, args.orderId.toString()),
          createdAtBlock: block.height,
          createdAt: timestamp,
          closedAtBlock: null,
        }),
      );
    },
  }),

  /** autoReleaseAt (an order shipped). */
  [events.escrow.autoReleaseScheduled.name]: on({
    decode: (event) => events.escrow.autoReleaseScheduled.v100.decode(event),
    want: (args, batch) => batch.want(Escrow, escrowId(args.escrowId)),
    apply: (args, { batch }) => {
      const escrow = batch.getOrFail(Escrow, escrowId(args.escrowId));
      escrow.autoReleaseAt = args.autoReleaseAt;
      batch.save(escrow);
    },
  }),

  /** Status Released; a Release payout (the order's completion is OrderCompleted's). */
  [events.escrow.released.name]: releaseHandler(events.escrow.released, EscrowPayoutKind.Release),

  /** Status Released by on_initialize; an AutoRelease payout without extrinsic. */
  [events.escrow.autoReleased.name]: releaseHandler(events.escrow.autoReleased, EscrowPayoutKind.AutoRelease),

  /** Status Refunded; a Refund payout to the depositor (an order's cancellation is OrderCancelled's). */
  [events.escrow.refunded.name]: on({
    decode: (event) => events.escrow.refunded.v100.decode(event),
    want: (args, batch) => {
      batch.want(Escrow, escrowId(args.escrowId));
      batch.want(Account, address(args.to));
    },
    apply: (args, context) => {
      const escrow = close(context, args.escrowId, EscrowStatus.Refunded);
      payout(context, escrow, 0, EscrowPayoutKind.Refund, address(args.to), args.amount, 0n);
    },
  }),

  /**
   * Status Split; one Split payout per part, as emitted (zero parts included). An order's escrow is split
   * only by a dispute ruling: the order becomes Resolved and its seller's salesCompleted and salesVolume
   * count the ruling.
   */
  [events.escrow.splitReleased.name]: on({
    decode: (event) => events.escrow.splitReleased.v100.decode(event),
    want: (args, batch) => {
      batch.want(Escrow, escrowId(args.escrowId));
      for (const [to] of args.payouts) batch.want(Account, address(to));
    },
    wantRelated: (args, batch) => wantEscrowOrder(batch, args.escrowId),
    apply: (args, context) => {
      const { batch, block } = context;
      const escrow = close(context, args.escrowId, EscrowStatus.Split);
      args.payouts.forEach(([to, amount], position) => {
        payout(context, escrow, position, EscrowPayoutKind.Split, address(to), amount, 0n);
      });
      if (!escrow.order) return;
      const order = batch.getOrFail(Order, escrow.order.id);
      changeOrderStatus(context, order, OrderStatus.Resolved);
      const seller = account(batch, order.seller.id, block.height);
      seller.salesCompleted += 1;
      for (const [to, amount] of args.payouts) if (address(to) === seller.id) seller.salesVolume += amount;
      batch.save(seller);
    },
  }),

  /** Status Frozen (a dispute opened): the order becomes Disputed. */
  [events.escrow.frozen.name]: on({
    decode: (event) => events.escrow.frozen.v100.decode(event),
    want: (args, batch) => batch.want(Escrow, escrowId(args.escrowId)),
    wantRelated: (args, batch) => wantEscrowOrder(batch, args.escrowId),
    apply: (args, context) => {
      const { batch } = context;
      const escrow = batch.getOrFail(Escrow, escrowId(args.escrowId));
      escrow.status = EscrowStatus.Frozen;
      batch.save(escrow);
      if (escrow.order) changeOrderStatus(context, batch.getOrFail(Order, escrow.order.id), OrderStatus.Disputed);
    },
  }),
};
