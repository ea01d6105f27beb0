import type {
  CommerceErrorName,
  CommerceListing,
  CommerceOrder,
  CommerceStore,
  OrderItem,
  OrderStatus,
} from '@bazari/chain-types/generated';
import type { BlockContext } from '../context.ts';
import { WEIGHTS } from '../weights.ts';
import { equalAccounts } from './balances.ts';
import { ensureValidCid } from './cid.ts';
import { type AccountId, arithmeticOverflow, freezeEscrow, releaseEscrow, splitEscrow } from './escrow.rules.ts';
import { onOrderCompleted } from './rewards.ts';

/**
 * The rules of `pallet_commerce` as functions: checks, reads, pricing, order completion, and the
 * cross-pallet interface Escrow and Dispute call (re-exported by `commerce.ts`). See `commerce.ts`.
 */

/** Mirror of `MaxItemsPerOrder`, for weights known before dispatch (checked against the metadata in tests). */
export const MAX_ITEMS_PER_ORDER = 32;
export const U32_MAX = 0xffff_ffff;
export const U64_MAX = (1n << 64n) - 1n;
const U128_MAX = (1n << 128n) - 1n;

type IndexItem = 'StoresByOwner' | 'ListingsByStore' | 'OrdersByBuyer' | 'OrdersBySeller';

export function commerceError(ctx: BlockContext, error: CommerceErrorName): ReturnType<BlockContext['moduleError']> {
  return ctx.moduleError('Commerce', error);
}

/** Writes an entry of a `()`-valued index map (its SCALE value is empty). */
export function markIndex(ctx: BlockContext, item: IndexItem, ...keys: unknown[]): void {
  ctx.state.setRaw(ctx.model.storage('Commerce', item).keyHex(...keys), new Uint8Array(0));
}

export function ensureName(ctx: BlockContext, name: Uint8Array): void {
  if (name.length === 0) throw commerceError(ctx, 'EmptyName');
  if (name.length > (ctx.model.constant('Commerce', 'MaxNameLen') as number)) throw commerceError(ctx, 'NameTooLong');
}

export function ensureCid(ctx: BlockContext, cid: Uint8Array | null): void {
  if (cid !== null) ensureValidCid(ctx, 'Commerce', cid);
}

export function cidWeight(...cids: (Uint8Array | null)[]): bigint {
  return cids.reduce((total, cid) => total + WEIGHTS.cidPerByte * BigInt(cid?.length ?? 0), 0n);
}

// ------------------------------------------------------------------------------------------------
// Reads

export function getStore(ctx: BlockContext, storeId: number): CommerceStore | null {
  return ctx.state.get('Commerce', 'Stores', storeId);
}

export function getListing(ctx: BlockContext, listingId: bigint): CommerceListing | null {
  return ctx.state.get('Commerce', 'Listings', listingId);
}

export function getOrder(ctx: BlockContext, orderId: bigint): CommerceOrder | null {
  return ctx.state.get('Commerce', 'Orders', orderId);
}

export function existingStore(ctx: BlockContext, storeId: number): CommerceStore {
  const store = getStore(ctx, storeId);
  if (!store) throw commerceError(ctx, 'StoreNotFound');
  return store;
}

export function ownedStore(ctx: BlockContext, storeId: number, who: AccountId): CommerceStore {
  const store = existingStore(ctx, storeId);
  if (!equalAccounts(store.owner, who)) throw commerceError(ctx, 'NotStoreOwner');
  return store;
}

export function openStore(ctx: BlockContext, storeId: number, who: AccountId): CommerceStore {
  const store = ownedStore(ctx, storeId, who);
  if (store.status.__kind === 'Closed') throw commerceError(ctx, 'StoreClosed');
  return store;
}

/** A listing of a store the caller owns: ListingNotFound, NotStoreOwner, ListingRemoved. */
export function ownedListing(ctx: BlockContext, listingId: bigint, who: AccountId): CommerceListing {
  const listing = getListing(ctx, listingId);
  if (!listing) throw commerceError(ctx, 'ListingNotFound');
  ownedStore(ctx, listing.store_id, who);
  if (listing.status.__kind === 'Removed') throw commerceError(ctx, 'ListingRemoved');
  return listing;
}

export function existingOrder(ctx: BlockContext, orderId: bigint): CommerceOrder {
  const order = getOrder(ctx, orderId);
  if (!order) throw commerceError(ctx, 'OrderNotFound');
  return order;
}

export function ensureStatus(ctx: BlockContext, order: CommerceOrder, ...allowed: OrderStatus['__kind'][]): void {
  if (!allowed.includes(order.status.__kind)) throw commerceError(ctx, 'InvalidOrderStatus');
}

export function setStatus(
  ctx: BlockContext,
  orderId: bigint,
  order: CommerceOrder,
  status: OrderStatus['__kind'],
): CommerceOrder {
  const next = { ...order, status: { __kind: status } } as CommerceOrder;
  ctx.state.set('Commerce', 'Orders', [orderId], next);
  return next;
}

// ------------------------------------------------------------------------------------------------
// Orders

interface PricedOrder {
  readonly store: CommerceStore;
  readonly items: OrderItem[];
  readonly listings: CommerceListing[];
  readonly total: bigint;
}

/** Every check of `create_order`, in the order a wallet meets them; returns the priced items. */
export function priceOrder(
  ctx: BlockContext,
  buyer: AccountId,
  storeId: number,
  requests: readonly { listing_id: bigint; quantity: number }[],
  shippingCid: Uint8Array | null,
): PricedOrder {
  if (requests.length === 0) throw commerceError(ctx, 'EmptyOrder');
  if (requests.length > (ctx.model.constant('Commerce', 'MaxItemsPerOrder') as number)) {
    throw commerceError(ctx, 'TooManyItems');
  }
  ensureCid(ctx, shippingCid);
  const store = existingStore(ctx, storeId);
  if (store.status.__kind === 'Closed') throw commerceError(ctx, 'StoreClosed');
  if (equalAccounts(store.owner, buyer)) throw commerceError(ctx, 'CannotBuyOwnListing');
  const seen = new Set<bigint>();
  const items: OrderItem[] = [];
  const listings: CommerceListing[] = [];
  let total = 0n;
  for (const { listing_id, quantity } of requests) {
    if (quantity === 0) throw commerceError(ctx, 'ZeroQuantity');
    if (seen.has(listing_id)) throw commerceError(ctx, 'DuplicateItem');
    seen.add(listing_id);
    const listing = getListing(ctx, listing_id);
    if (!listing) throw commerceError(ctx, 'ListingNotFound');
    if (listing.store_id !== storeId) throw commerceError(ctx, 'ListingNotInStore');
    if (listing.status.__kind === 'Removed') throw commerceError(ctx, 'ListingRemoved');
    if (quantity > listing.stock) throw commerceError(ctx, 'InsufficientStock');
    total += listing.price * BigInt(quantity);
    if (total > U128_MAX) throw arithmeticOverflow();
    items.push({ listing_id, quantity, unit_price: listing.price });
    listings.push(listing);
  }
  return { store, items, listings, total };
}

/**
 * Completes a Shipped order (the buyer's confirmation or the escrow's auto-release): releases the escrow
 * with the platform fee, marks the order Completed, emits `OrderCompleted` and runs the Rewards hook.
 * Returns the weight used.
 */
export function completeOrder(
  ctx: BlockContext,
  orderId: bigint,
  order: CommerceOrder,
  event: 'Released' | 'AutoReleased',
): bigint {
  const fee = ctx.state.get('Commerce', 'PlatformFee');
  const { sellerAmount, platformFee } = releaseEscrow(ctx, order.escrow_id, fee, event);
  setStatus(ctx, orderId, order, 'Completed');
  ctx.deposit({
    __kind: 'Commerce',
    value: { __kind: 'OrderCompleted', order_id: orderId, seller_amount: sellerAmount, platform_fee: platformFee },
  });
  const rewards = onOrderCompleted(ctx, { orderId, buyer: order.buyer, seller: order.seller, total: order.total });
  return WEIGHTS.commerceCompleteOrder + rewards;
}

// ------------------------------------------------------------------------------------------------
// The cross-pallet interface (Escrow's auto-release, Dispute)

/**
 * Escrow's `on_initialize` calls this when the escrow of order `orderId` is due: the order completes
 * exactly as by `confirm_delivery`, with `Escrow.AutoReleased` instead of `Escrow.Released`. Errors
 * (OrderNotFound, InvalidOrderStatus unless Shipped) leave everything as it was. Returns the weight used.
 */
export function completeOrderOnAutoRelease(ctx: BlockContext, orderId: bigint): bigint {
  const order = existingOrder(ctx, orderId);
  ensureStatus(ctx, order, 'Shipped');
  return completeOrder(ctx, orderId, order, 'AutoReleased');
}

/**
 * For Dispute's `open_dispute`: a Paid or Shipped order becomes Disputed and its escrow is frozen
 * (`Escrow.Frozen {escrow_id, dispute_id}`; it leaves the auto-release index). Commerce emits no event of
 * its own: `Dispute.DisputeOpened` carries the order. Errors: OrderNotFound, InvalidOrderStatus, then
 * the escrow's. Returns the order as it now is.
 */
export function markDisputed(ctx: BlockContext, orderId: bigint, disputeId: bigint): CommerceOrder {
  const order = existingOrder(ctx, orderId);
  ensureStatus(ctx, order, 'Paid', 'Shipped');
  freezeEscrow(ctx, order.escrow_id, disputeId);
  return setStatus(ctx, orderId, order, 'Disputed');
}

/**
 * For Dispute's `execute_ruling`: splits the frozen escrow of a Disputed order, `toBuyer` to the buyer and
 * the rest of the total to the seller (no platform fee; zero parts are left out of `Escrow.SplitReleased`),
 * and marks the order Resolved. Stock is not restored and Rewards is not called (a resolved order is not a
 * completed one). Errors: OrderNotFound, InvalidOrderStatus (not Disputed), Escrow `InvalidSplit` (`toBuyer`
 * above the total). Returns both parts.
 */
export function resolveOrder(
  ctx: BlockContext,
  orderId: bigint,
  toBuyer: bigint,
): { toBuyer: bigint; toSeller: bigint } {
  const order = existingOrder(ctx, orderId);
  ensureStatus(ctx, order, 'Disputed');
  if (toBuyer < 0n || toBuyer > order.total) throw ctx.moduleError('Escrow', 'InvalidSplit');
  const toSeller = order.total - toBuyer;
  const payouts: [AccountId, bigint][] = [
    [order.buyer, toBuyer],
    [order.seller, toSeller],
  ];
  splitEscrow(
    ctx,
    order.escrow_id,
    payouts.filter(([, amount]) => amount > 0n),
  );
  setStatus(ctx, orderId, order, 'Resolved');
  return { toBuyer, toSeller };
}
