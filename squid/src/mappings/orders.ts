import { ChainEvent, type Order, type OrderStatus, OrderStatusChange } from '../model/index.ts';
import type { Event } from '../processor.ts';
import type { BatchStore } from './batch.ts';
import type { EventContext } from './handler.ts';

/**
 * What the Commerce and Escrow mappings share about orders: status changes with their timeline, the
 * parties of orders created earlier in the same batch, and the UTC day of a block.
 */

export const U32_MAX = 0xffff_ffffn;

/** `MaxItemsPerOrder` (Commerce constant): an order's items are `<order id>-0` … `<order id>-31` at most. */
export const MAX_ITEMS_PER_ORDER = 32;

export function orderItemId(orderId: string, position: number): string {
  return `${orderId}-${position}`;
}

/**
 * Sets an order's status as the chain does and appends the change to its timeline: one OrderStatusChange
 * per status change, named after the event that made it (saved in the raw log just before). Saves the order.
 */
export function changeOrderStatus(context: EventContext, order: Order, status: OrderStatus): void {
  const { batch, block, event, timestamp, extrinsicHash } = context;
  order.status = status;
  order.updatedAtBlock = block.height;
  batch.save(order);
  batch.save(
    new OrderStatusChange({
      id: event.id,
      order,
      status,
      blockNumber: block.height,
      timestamp,
      extrinsicHash: extrinsicHash ?? null,
      event: batch.getOrFail(ChainEvent, event.id),
    }),
  );
}

interface OrderParties {
  readonly buyer: string;
  readonly seller: string;
}

/**
 * The buyer and seller (SS58) of the orders created in a batch, known from their `OrderCreated` before
 * anything is loaded: handlers of later events of those orders need them to declare rows named after
 * a party (SellerDailySales), which a loaded Order would give only for orders of earlier batches.
 */
const partiesByBatch = new WeakMap<BatchStore, Map<string, OrderParties>>();

export function notePendingOrder(batch: BatchStore, orderId: string, parties: OrderParties): void {
  const known = partiesByBatch.get(batch) ?? new Map<string, OrderParties>();
  partiesByBatch.set(batch, known);
  known.set(orderId, parties);
}

/** The parties of an order: from `OrderCreated` in this batch, else from the loaded Order (after the first load). */
export function orderParties(batch: BatchStore, order: Order | undefined, orderId: string): OrderParties | undefined {
  const pending = partiesByBatch.get(batch)?.get(orderId);
  if (pending) return pending;
  return order ? { buyer: order.buyer.id, seller: order.seller.id } : undefined;
}

/** Midnight UTC of an event's block: the day of SellerDailySales. */
export function utcDay(event: Event): Date {
  const time = new Date(event.block.timestamp ?? 0);
  return new Date(Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), time.getUTCDate()));
}

export function sellerDayId(seller: string, day: Date): string {
  return `${seller}-${day.toISOString().slice(0, 10)}`;
}

/** The average of a rating sum and count; null without ratings. */
export function average(sum: bigint | number, count: number): number | null {
  return count === 0 ? null : Number(sum) / count;
}
