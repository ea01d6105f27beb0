import { ensureRoot, ensureSigned } from '../context.ts';
import type { PalletRuntime } from '../dispatcher.ts';
import { WEIGHTS } from '../weights.ts';
import { equalAccounts } from './balances.ts';
import {
  cidWeight,
  commerceError,
  completeOrder,
  ensureCid,
  ensureName,
  ensureStatus,
  existingOrder,
  existingStore,
  MAX_ITEMS_PER_ORDER,
  markIndex,
  openStore,
  ownedListing,
  priceOrder,
  setStatus,
  U32_MAX,
  U64_MAX,
} from './commerce.rules.ts';
import { arithmeticOverflow, ensureCanLock, lockEscrow, refundEscrow, scheduleAutoRelease } from './escrow.rules.ts';
import { MAX_ORDER_COMPLETED_WEIGHT, MAX_REVIEW_WRITTEN_WEIGHT, onReviewWritten } from './rewards.ts';

export {
  completeOrderOnAutoRelease,
  getListing,
  getOrder,
  getStore,
  MAX_ITEMS_PER_ORDER,
  markDisputed,
  resolveOrder,
} from './commerce.rules.ts';

/**
 * `pallet_commerce`: stores, listings and orders. An order is created and paid in one signature (its
 * total locked in an Escrow owned by the order), shipped by the seller, then completed by the buyer's
 * confirmation or the escrow's auto-release, both ending in `completeOrder`: the seller is paid minus
 * `PlatformFee` (to the treasury) and Rewards mints the buyer's cashback and updates mission progress.
 *
 * State machine: Paid → Shipped → Completed; Paid (buyer or seller) or Shipped (seller) → Cancelled;
 * Paid or Shipped → Disputed (`markDisputed`, by Dispute) → Resolved (`resolveOrder`). Every call checks
 * everything before its first effect; the dispatcher's storage layer also undoes a failed call.
 */

// ------------------------------------------------------------------------------------------------
// Calls

const storeWeight = (base: bigint, name: Uint8Array, cid: Uint8Array) => base + cidWeight(name, cid);

export const commerceRuntime: PalletRuntime<'Commerce'> = {
  name: 'Commerce',
  calls: {
    create_store: {
      weight: ({ name, metadata_cid }) => storeWeight(WEIGHTS.commerceCreateStore, name, metadata_cid),
      dispatch: (ctx, origin, { name, metadata_cid, encryption_key }) => {
        const owner = ensureSigned(origin);
        ensureName(ctx, name);
        ensureCid(ctx, metadata_cid);
        const storeId = ctx.state.get('Commerce', 'NextStoreId');
        if (storeId >= U32_MAX) throw arithmeticOverflow();
        ctx.state.set('Commerce', 'NextStoreId', [], storeId + 1);
        ctx.state.set('Commerce', 'Stores', [storeId], {
          owner,
          name,
          metadata_cid,
          encryption_key,
          status: { __kind: 'Open' },
          rating_sum: 0n,
          rating_count: 0,
          created_at: ctx.block.number,
        });
        markIndex(ctx, 'StoresByOwner', owner, storeId);
        ctx.deposit({
          __kind: 'Commerce',
          value: { __kind: 'StoreCreated', store_id: storeId, owner, name, metadata_cid, encryption_key },
        });
      },
    },
    update_store: {
      weight: ({ name, metadata_cid }) => storeWeight(WEIGHTS.commerceUpdateStore, name, metadata_cid),
      dispatch: (ctx, origin, { store_id, name, metadata_cid, encryption_key }) => {
        const store = openStore(ctx, store_id, ensureSigned(origin));
        ensureName(ctx, name);
        ensureCid(ctx, metadata_cid);
        ctx.state.set('Commerce', 'Stores', [store_id], { ...store, name, metadata_cid, encryption_key });
        ctx.deposit({
          __kind: 'Commerce',
          value: { __kind: 'StoreUpdated', store_id, name, metadata_cid, encryption_key },
        });
      },
    },
    close_store: {
      weight: () => WEIGHTS.commerceCloseStore,
      dispatch: (ctx, origin, { store_id }) => {
        const store = openStore(ctx, store_id, ensureSigned(origin));
        ctx.state.set('Commerce', 'Stores', [store_id], { ...store, status: { __kind: 'Closed' } });
        ctx.deposit({ __kind: 'Commerce', value: { __kind: 'StoreClosed', store_id } });
      },
    },
    create_listing: {
      weight: ({ metadata_cid }) => WEIGHTS.commerceCreateListing + cidWeight(metadata_cid),
      dispatch: (ctx, origin, { store_id, price, stock, metadata_cid }) => {
        const seller = ensureSigned(origin);
        openStore(ctx, store_id, seller);
        if (price === 0n) throw commerceError(ctx, 'ZeroPrice');
        ensureCid(ctx, metadata_cid);
        const listingId = ctx.state.get('Commerce', 'NextListingId');
        if (listingId >= U64_MAX) throw arithmeticOverflow();
        ctx.state.set('Commerce', 'NextListingId', [], listingId + 1n);
        ctx.state.set('Commerce', 'Listings', [listingId], {
          store_id,
          seller,
          price,
          stock,
          metadata_cid,
          status: { __kind: 'Active' },
          created_at: ctx.block.number,
        });
        markIndex(ctx, 'ListingsByStore', store_id, listingId);
        ctx.deposit({
          __kind: 'Commerce',
          value: { __kind: 'ListingCreated', listing_id: listingId, store_id, seller, price, stock, metadata_cid },
        });
      },
    },
    update_listing: {
      weight: ({ metadata_cid }) => WEIGHTS.commerceUpdateListing + cidWeight(metadata_cid),
      dispatch: (ctx, origin, { listing_id, price, stock, metadata_cid }) => {
        // As documented: the owner, on a listing not removed (also in a closed store, where it cannot be ordered).
        const listing = ownedListing(ctx, listing_id, ensureSigned(origin));
        if (price === 0n) throw commerceError(ctx, 'ZeroPrice');
        ensureCid(ctx, metadata_cid);
        ctx.state.set('Commerce', 'Listings', [listing_id], { ...listing, price, stock, metadata_cid });
        ctx.deposit({
          __kind: 'Commerce',
          value: { __kind: 'ListingUpdated', listing_id, price, stock, metadata_cid },
        });
      },
    },
    remove_listing: {
      weight: () => WEIGHTS.commerceRemoveListing,
      dispatch: (ctx, origin, { listing_id }) => {
        const listing = ownedListing(ctx, listing_id, ensureSigned(origin));
        ctx.state.set('Commerce', 'Listings', [listing_id], { ...listing, status: { __kind: 'Removed' } });
        ctx.deposit({ __kind: 'Commerce', value: { __kind: 'ListingRemoved', listing_id } });
      },
    },
    create_order: {
      weight: ({ items, shipping_cid }) =>
        WEIGHTS.commerceCreateOrder +
        WEIGHTS.escrowLock +
        WEIGHTS.commerceOrderPerItem * BigInt(Math.min(items.length, MAX_ITEMS_PER_ORDER)) +
        cidWeight(shipping_cid),
      dispatch: (ctx, origin, { store_id, items: requests, shipping_cid }) => {
        const buyer = ensureSigned(origin);
        const { store, items, listings, total } = priceOrder(ctx, buyer, store_id, requests, shipping_cid);
        ensureCanLock(ctx, buyer, total, null);
        const orderId = ctx.state.get('Commerce', 'NextOrderId');
        if (orderId >= U64_MAX) throw arithmeticOverflow();
        const seller = store.owner;

        items.forEach((item, index) => {
          const listing = listings[index];
          ctx.state.set('Commerce', 'Listings', [item.listing_id], {
            ...listing,
            stock: listing.stock - item.quantity,
          });
        });
        ctx.deposit({
          __kind: 'Commerce',
          value: { __kind: 'OrderCreated', order_id: orderId, buyer, seller, store_id, items, total, shipping_cid },
        });
        const escrowId = lockEscrow(ctx, {
          depositor: buyer,
          beneficiary: seller,
          amount: total,
          asset: null,
          autoReleaseAt: null,
          orderId,
        });
        ctx.state.set('Commerce', 'NextOrderId', [], orderId + 1n);
        ctx.state.set('Commerce', 'Orders', [orderId], {
          buyer,
          seller,
          store_id,
          items,
          total,
          escrow_id: escrowId,
          status: { __kind: 'Paid' },
          shipping_cid,
          tracking_cid: null,
          created_at: ctx.block.number,
          shipped_at: null,
          auto_release_at: null,
          receipt_cid: null,
          rating: null,
        });
        markIndex(ctx, 'OrdersByBuyer', buyer, orderId);
        markIndex(ctx, 'OrdersBySeller', seller, orderId);
        ctx.deposit({ __kind: 'Commerce', value: { __kind: 'OrderPaid', order_id: orderId, escrow_id: escrowId } });
      },
    },
    cancel_order: {
      weight: () => WEIGHTS.commerceCancelOrder + WEIGHTS.commerceOrderPerItem * BigInt(MAX_ITEMS_PER_ORDER),
      dispatch: (ctx, origin, { order_id }) => {
        const by = ensureSigned(origin);
        const order = existingOrder(ctx, order_id);
        if (equalAccounts(by, order.buyer)) ensureStatus(ctx, order, 'Paid');
        else if (equalAccounts(by, order.seller)) ensureStatus(ctx, order, 'Paid', 'Shipped');
        else throw commerceError(ctx, 'NotOrderParty');

        const stockRestored = order.status.__kind === 'Paid';
        refundEscrow(ctx, order.escrow_id);
        if (stockRestored) {
          for (const { listing_id, quantity } of order.items) {
            ctx.state.mutate('Commerce', 'Listings', [listing_id], (listing) =>
              listing ? { ...listing, stock: Math.min(listing.stock + quantity, U32_MAX) } : null,
            );
          }
        }
        setStatus(ctx, order_id, order, 'Cancelled');
        ctx.deposit({
          __kind: 'Commerce',
          value: { __kind: 'OrderCancelled', order_id, by, stock_restored: stockRestored },
        });
        return (
          WEIGHTS.commerceCancelOrder + (stockRestored ? WEIGHTS.commerceOrderPerItem * BigInt(order.items.length) : 0n)
        );
      },
    },
    mark_shipped: {
      weight: ({ tracking_cid }) =>
        WEIGHTS.commerceMarkShipped + WEIGHTS.escrowSchedulePerBlock + cidWeight(tracking_cid),
      dispatch: (ctx, origin, { order_id, tracking_cid }) => {
        const who = ensureSigned(origin);
        const order = existingOrder(ctx, order_id);
        if (!equalAccounts(who, order.seller)) throw commerceError(ctx, 'NotSeller');
        ensureStatus(ctx, order, 'Paid');
        ensureCid(ctx, tracking_cid);
        const now = ctx.block.number;
        const due = now + (ctx.model.constant('Commerce', 'AutoReleaseBlocks') as number);
        if (due > U32_MAX) throw arithmeticOverflow();
        const autoReleaseAt = scheduleAutoRelease(ctx, order.escrow_id, due);
        ctx.state.set('Commerce', 'Orders', [order_id], {
          ...order,
          status: { __kind: 'Shipped' },
          tracking_cid,
          shipped_at: now,
          auto_release_at: autoReleaseAt,
        });
        ctx.deposit({
          __kind: 'Commerce',
          value: { __kind: 'OrderShipped', order_id, tracking_cid, auto_release_at: autoReleaseAt },
        });
      },
    },
    confirm_delivery: {
      weight: () => WEIGHTS.commerceCompleteOrder + MAX_ORDER_COMPLETED_WEIGHT,
      dispatch: (ctx, origin, { order_id }) => {
        const who = ensureSigned(origin);
        const order = existingOrder(ctx, order_id);
        if (!equalAccounts(who, order.buyer)) throw commerceError(ctx, 'NotBuyer');
        ensureStatus(ctx, order, 'Shipped');
        return completeOrder(ctx, order_id, order, 'Released');
      },
    },
    mint_receipt: {
      weight: ({ receipt_cid }) => WEIGHTS.commerceMintReceipt + cidWeight(receipt_cid),
      dispatch: (ctx, origin, { order_id, receipt_cid }) => {
        const by = ensureSigned(origin);
        const order = existingOrder(ctx, order_id);
        if (!equalAccounts(by, order.buyer) && !equalAccounts(by, order.seller)) {
          throw commerceError(ctx, 'NotOrderParty');
        }
        ensureStatus(ctx, order, 'Completed', 'Resolved');
        if (order.receipt_cid !== null) throw commerceError(ctx, 'ReceiptAlreadyMinted');
        ensureCid(ctx, receipt_cid);
        ctx.state.set('Commerce', 'Orders', [order_id], { ...order, receipt_cid });
        ctx.deposit({ __kind: 'Commerce', value: { __kind: 'ReceiptMinted', order_id, receipt_cid, by } });
      },
    },
    rate_seller: {
      weight: ({ review_cid }) => WEIGHTS.commerceRateSeller + MAX_REVIEW_WRITTEN_WEIGHT + cidWeight(review_cid),
      dispatch: (ctx, origin, { order_id, stars, review_cid }) => {
        const buyer = ensureSigned(origin);
        const order = existingOrder(ctx, order_id);
        if (!equalAccounts(buyer, order.buyer)) throw commerceError(ctx, 'NotBuyer');
        ensureStatus(ctx, order, 'Completed', 'Resolved');
        if (order.rating !== null) throw commerceError(ctx, 'AlreadyRated');
        if (stars < 1 || stars > 5) throw commerceError(ctx, 'InvalidStars');
        ensureCid(ctx, review_cid);
        const store = existingStore(ctx, order.store_id);
        ctx.state.set('Commerce', 'Orders', [order_id], { ...order, rating: stars });
        ctx.state.set('Commerce', 'Stores', [order.store_id], {
          ...store,
          rating_sum: store.rating_sum + BigInt(stars),
          rating_count: Math.min(store.rating_count + 1, U32_MAX),
        });
        ctx.deposit({
          __kind: 'Commerce',
          value: { __kind: 'SellerRated', order_id, store_id: order.store_id, buyer, stars, review_cid },
        });
        return WEIGHTS.commerceRateSeller + onReviewWritten(ctx, buyer) + cidWeight(review_cid);
      },
    },
    set_platform_fee: {
      weight: () => WEIGHTS.commerceSetPlatformFee,
      dispatch: (ctx, origin, { fee }) => {
        ensureRoot(origin);
        if (fee > (ctx.model.constant('Commerce', 'MaxPlatformFee') as number)) throw commerceError(ctx, 'FeeTooHigh');
        ctx.state.set('Commerce', 'PlatformFee', [], fee);
        ctx.deposit({ __kind: 'Commerce', value: { __kind: 'PlatformFeeSet', fee } });
      },
    },
  },
};
