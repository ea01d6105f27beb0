import {
  Account,
  Listing,
  Order,
  OrderItem,
  OrderStatus,
  Receipt,
  ReceiptContent,
  Review,
  ReviewContent,
  SellerDailySales,
  Store,
} from '../model/index.ts';
import type { Event } from '../processor.ts';
import { events } from '../types/index.ts';
import { account } from './accounts.ts';
import type { BatchStore } from './batch.ts';
import { contentRef } from './content-refs.ts';
import { address, type EventHandlers, on, optionalText, text } from './handler.ts';
import {
  average,
  changeOrderStatus,
  MAX_ITEMS_PER_ORDER,
  notePendingOrder,
  orderItemId,
  orderParties,
  sellerDayId,
  U32_MAX,
  utcDay,
} from './orders.ts';

/**
 * Commerce's orders, mirroring `Commerce.Orders` (and the listing stock and store ratings orders change).
 * Statuses Disputed and Resolved, set by the Dispute pallet without a Commerce event, are applied by the
 * Escrow handlers of `Frozen` and `SplitReleased`, which the chain emits for exactly those changes.
 *
 * Account figures (see schema.graphql):
 * - purchases / sales: orders placed as buyer / received as seller, whatever became of them (cancelled included);
 * - purchasesVolume: the totals of the buyer's Completed orders (not Resolved ones);
 * - salesCompleted: orders that became Completed or Resolved, as seller;
 * - salesVolume: the `seller_amount` of each Completed order (total minus platform fee) plus the seller's part
 *   of each dispute ruling (Escrow.SplitReleased of an order's escrow);
 * - ratingSum / ratingCount / averageRating: the stars received by the stores the account owns;
 * - reviewsWritten: ratings given (`SellerRated`, with or without a review CID), as Rewards counts them.
 * Listing.unitsSold: the quantities of the orders that include it, minus those of cancelled ones.
 * SellerDailySales: Completed orders only, on the UTC day of their completion block.
 */

const orderId = (id: bigint) => id.toString();

export const commerceOrderHandlers: EventHandlers = {
  /**
   * A new Paid Order with its OrderItem rows; each listing's stock goes down and unitsSold up by the
   * quantity; purchases of the buyer and sales of the seller + 1.
   */
  [events.commerce.orderCreated.name]: on({
    decode: (event) => events.commerce.orderCreated.v100.decode(event),
    want: (args, batch) => {
      const buyer = address(args.buyer);
      const seller = address(args.seller);
      batch.want(Account, buyer);
      batch.want(Account, seller);
      batch.want(Store, String(args.storeId));
      for (const item of args.items) batch.want(Listing, item.listingId.toString());
      notePendingOrder(batch, orderId(args.orderId), { buyer, seller });
    },
    apply: (args, { batch, block, timestamp }) => {
      const id = orderId(args.orderId);
      const buyer = account(batch, address(args.buyer), block.height);
      const seller = account(batch, address(args.seller), block.height);
      const order = batch.save(
        new Order({
          id,
          buyer,
          seller,
          store: batch.getOrFail(Store, String(args.storeId)),
          total: args.total,
          status: OrderStatus.Paid,
          shippingCid: optionalText(args.shippingCid),
          trackingCid: null,
          autoReleaseAt: null,
          sellerAmount: null,
          platformFee: null,
          cancelledBy: null,
          stockRestored: null,
          rating: null,
          createdAtBlock: block.height,
          createdAt: timestamp,
          shippedAtBlock: null,
          completedAtBlock: null,
          updatedAtBlock: block.height,
        }),
      );
      args.items.forEach((item, position) => {
        const listing = batch.getOrFail(Listing, item.listingId.toString());
        listing.stock -= BigInt(item.quantity);
        listing.unitsSold += BigInt(item.quantity);
        listing.updatedAtBlock = block.height;
        batch.save(listing);
        batch.save(
          new OrderItem({
            id: orderItemId(id, position),
            order,
            listing,
            quantity: BigInt(item.quantity),
            unitPrice: item.unitPrice,
            subtotal: item.unitPrice * BigInt(item.quantity),
          }),
        );
      });
      buyer.purchases += 1;
      seller.sales += 1;
      batch.save(buyer);
      batch.save(seller);
    },
  }),

  /** The order's first timeline entry, Paid (the escrow was linked by Escrow.Locked). */
  [events.commerce.orderPaid.name]: on({
    decode: (event) => events.commerce.orderPaid.v100.decode(event),
    want: (args, batch) => batch.want(Order, orderId(args.orderId)),
    apply: (args, context) => {
      changeOrderStatus(context, context.batch.getOrFail(Order, orderId(args.orderId)), OrderStatus.Paid);
    },
  }),

  /**
   * Cancelled, with who cancelled and whether the stock came back: each item's listing loses the units
   * from unitsSold and, when `stockRestored`, gets them back in stock (capped at u32::MAX as on chain).
   */
  [events.commerce.orderCancelled.name]: on({
    decode: (event) => events.commerce.orderCancelled.v100.decode(event),
    want: (args, batch) => {
      const id = orderId(args.orderId);
      batch.want(Order, id);
      batch.want(Account, address(args.by));
      for (let position = 0; position < MAX_ITEMS_PER_ORDER; position++)
        batch.want(OrderItem, orderItemId(id, position));
    },
    wantRelated: (args, batch) => {
      // Items of orders from earlier batches (those of this batch's orders had their listings declared).
      for (const item of orderItems(batch, orderId(args.orderId))) batch.want(Listing, item.listing.id);
    },
    apply: (args, context) => {
      const { batch, block } = context;
      const id = orderId(args.orderId);
      const order = batch.getOrFail(Order, id);
      order.cancelledBy = account(batch, address(args.by), block.height);
      order.stockRestored = args.stockRestored;
      changeOrderStatus(context, order, OrderStatus.Cancelled);
      for (const item of orderItems(batch, id)) {
        const listing = batch.getOrFail(Listing, item.listing.id);
        listing.unitsSold -= item.quantity;
        if (args.stockRestored) {
          const restored = listing.stock + item.quantity;
          listing.stock = restored > U32_MAX ? U32_MAX : restored;
        }
        listing.updatedAtBlock = block.height;
        batch.save(listing);
      }
    },
  }),

  /** Shipped, with the tracking CID, the shipping block and the auto-release block. */
  [events.commerce.orderShipped.name]: on({
    decode: (event) => events.commerce.orderShipped.v100.decode(event),
    want: (args, batch) => batch.want(Order, orderId(args.orderId)),
    apply: (args, context) => {
      const order = context.batch.getOrFail(Order, orderId(args.orderId));
      order.trackingCid = optionalText(args.trackingCid);
      order.autoReleaseAt = args.autoReleaseAt;
      order.shippedAtBlock = context.block.height;
      changeOrderStatus(context, order, OrderStatus.Shipped);
    },
  }),

  /**
   * Completed (by confirmation or auto-release): seller amount and platform fee; the buyer's
   * purchasesVolume, the seller's salesCompleted and salesVolume, and the seller's day of sales.
   */
  [events.commerce.orderCompleted.name]: on({
    decode: (event: Event) => ({ ...events.commerce.orderCompleted.v100.decode(event), day: utcDay(event) }),
    want: (args, batch) => batch.want(Order, orderId(args.orderId)),
    wantRelated: (args, batch) => {
      const id = orderId(args.orderId);
      const parties = orderParties(batch, batch.get(Order, id), id);
      if (!parties) return;
      batch.want(Account, parties.buyer);
      batch.want(Account, parties.seller);
      batch.want(SellerDailySales, sellerDayId(parties.seller, args.day));
    },
    apply: (args, context) => {
      const { batch, block } = context;
      const order = batch.getOrFail(Order, orderId(args.orderId));
      order.sellerAmount = args.sellerAmount;
      order.platformFee = args.platformFee;
      order.completedAtBlock = block.height;
      changeOrderStatus(context, order, OrderStatus.Completed);

      const buyer = account(batch, order.buyer.id, block.height);
      buyer.purchasesVolume += order.total;
      batch.save(buyer);
      const seller = account(batch, order.seller.id, block.height);
      seller.salesCompleted += 1;
      seller.salesVolume += args.sellerAmount;
      batch.save(seller);

      const day = batch.getOrCreate(
        SellerDailySales,
        sellerDayId(seller.id, args.day),
        () =>
          new SellerDailySales({
            id: sellerDayId(seller.id, args.day),
            seller,
            day: args.day,
            orders: 0,
            gross: 0n,
            platformFees: 0n,
            net: 0n,
          }),
      );
      day.orders += 1;
      day.gross += order.total;
      day.platformFees += args.platformFee;
      day.net += args.sellerAmount;
      batch.save(day);
    },
  }),

  /** A Receipt (id = order id) with its Pending ReceiptContent. */
  [events.commerce.receiptMinted.name]: on({
    decode: (event) => events.commerce.receiptMinted.v100.decode(event),
    want: (args, batch) => {
      batch.want(Order, orderId(args.orderId));
      batch.want(Account, address(args.by));
      batch.want(ReceiptContent, text(args.receiptCid));
    },
    apply: (args, { batch, block, timestamp, extrinsicHash }) => {
      const order = batch.getOrFail(Order, orderId(args.orderId));
      const cid = text(args.receiptCid);
      order.updatedAtBlock = block.height;
      batch.save(order);
      batch.save(
        new Receipt({
          id: order.id,
          order,
          cid,
          content: contentRef(batch, ReceiptContent, cid),
          mintedBy: account(batch, address(args.by), block.height),
          blockNumber: block.height,
          timestamp,
          extrinsicHash: extrinsicHash ?? '',
        }),
      );
    },
  }),

  /**
   * The order's rating; the store's rating sum/count (count capped at u32::MAX as on chain) and average;
   * the store owner's ratingSum/ratingCount/averageRating; the buyer's reviewsWritten; a Review (id = order
   * id) with its Pending ReviewContent when it has a CID.
   */
  [events.commerce.sellerRated.name]: on({
    decode: (event) => events.commerce.sellerRated.v100.decode(event),
    want: (args, batch) => {
      batch.want(Order, orderId(args.orderId));
      batch.want(Store, String(args.storeId));
      batch.want(Account, address(args.buyer));
      if (args.reviewCid !== undefined) batch.want(ReviewContent, text(args.reviewCid));
    },
    wantRelated: (args, batch) => {
      const store = batch.get(Store, String(args.storeId));
      if (store) batch.want(Account, store.owner.id);
    },
    apply: (args, { batch, block, timestamp, extrinsicHash }) => {
      const order = batch.getOrFail(Order, orderId(args.orderId));
      order.rating = args.stars;
      order.updatedAtBlock = block.height;
      batch.save(order);

      const store = batch.getOrFail(Store, String(args.storeId));
      store.ratingSum += BigInt(args.stars);
      store.ratingCount = Math.min(store.ratingCount + 1, Number(U32_MAX));
      store.averageRating = average(store.ratingSum, store.ratingCount);
      store.updatedAtBlock = block.height;
      batch.save(store);

      const owner = account(batch, store.owner.id, block.height);
      owner.ratingSum += args.stars;
      owner.ratingCount += 1;
      owner.averageRating = average(owner.ratingSum, owner.ratingCount);
      batch.save(owner);

      const buyer = account(batch, address(args.buyer), block.height);
      buyer.reviewsWritten += 1;
      batch.save(buyer);

      const reviewCid = optionalText(args.reviewCid);
      batch.save(
        new Review({
          id: order.id,
          order,
          store,
          buyer,
          stars: args.stars,
          reviewCid,
          content: reviewCid === null ? null : contentRef(batch, ReviewContent, reviewCid),
          blockNumber: block.height,
          timestamp,
          extrinsicHash: extrinsicHash ?? '',
        }),
      );
    },
  }),
};

/** The loaded or created items of an order, by position. */
function orderItems(batch: BatchStore, id: string): OrderItem[] {
  const items: OrderItem[] = [];
  for (let position = 0; position < MAX_ITEMS_PER_ORDER; position++) {
    const item = batch.get(OrderItem, orderItemId(id, position));
    if (!item) break;
    items.push(item);
  }
  return items;
}
