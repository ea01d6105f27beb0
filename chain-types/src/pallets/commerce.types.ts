import { MAX_CID_LEN } from '../cid.ts';
import { enumeration, type NamedTypeDef, struct } from '../dsl.ts';

export { MAX_CID_LEN };

/** Bounds of the Bazari pallets' inputs, shared by every pallet taking names or CIDs. */
export const MAX_NAME_LEN = 64;
export const MAX_ITEMS_PER_ORDER = 32;

/** One percent as a `Permill` value (parts per million). */
export const PERCENT_IN_PERMILL = 10_000;

/** The `InvalidCid` error, the same in every pallet taking CIDs. */
export const INVALID_CID_DOCS = [
  `The content reference (CID) is empty, longer than ${MAX_CID_LEN} bytes or not a valid IPFS CID`,
  '(a CIDv0 starting with "Qm" or a multibase CIDv1).',
];

/** The structs and enums of `pallet_commerce`, as stored and as carried by its calls and events. */
export const commerceTypes: Readonly<Record<string, NamedTypeDef>> = {
  CommerceStore: struct(
    'pallet_commerce::types::Store',
    {
      owner: 'AccountId32',
      name: 'Vec<u8>',
      metadata_cid: 'Vec<u8>',
      encryption_key: '[u8; 32]',
      status: 'StoreStatus',
      rating_sum: 'u64',
      rating_count: 'u32',
      created_at: 'u32',
    },
    {
      typeNames: { name: 'BoundedVec<u8, MaxNameLen>', metadata_cid: 'Cid' },
      docs: [
        'A store. `encryption_key` is its X25519 public key, to which buyers encrypt their shipping address;',
        'its average rating is `rating_sum / rating_count` stars.',
      ],
    },
  ),
  StoreStatus: enumeration(
    'pallet_commerce::types::StoreStatus',
    {
      Open: { docs: ['The store takes orders.'] },
      Closed: { docs: ['The store takes no new orders or listings; its open orders continue.'] },
    },
    { docs: ['Whether a store takes orders.'] },
  ),
  CommerceListing: struct(
    'pallet_commerce::types::Listing',
    {
      store_id: 'u32',
      seller: 'AccountId32',
      price: 'u128',
      stock: 'u32',
      metadata_cid: 'Vec<u8>',
      status: 'ListingStatus',
      created_at: 'u32',
    },
    {
      typeNames: { metadata_cid: 'Cid' },
      docs: ['An item offered by a store at `price` per unit, with `stock` units left.'],
    },
  ),
  ListingStatus: enumeration(
    'pallet_commerce::types::ListingStatus',
    {
      Active: { docs: ['The listing can be ordered.'] },
      Removed: { docs: ['The listing was withdrawn by its store; orders already placed continue.'] },
    },
    { docs: ['Whether a listing can be ordered.'] },
  ),
  OrderItemRequest: struct(
    'pallet_commerce::types::OrderItemRequest',
    { listing_id: 'u64', quantity: 'u32' },
    { docs: ["An item a buyer asks for in `create_order`: the price is the listing's at that block."] },
  ),
  OrderItem: struct(
    'pallet_commerce::types::OrderItem',
    { listing_id: 'u64', quantity: 'u32', unit_price: 'u128' },
    { docs: ['An item of an order, at the unit price it was bought for.'] },
  ),
  CommerceOrder: struct(
    'pallet_commerce::types::Order',
    {
      buyer: 'AccountId32',
      seller: 'AccountId32',
      store_id: 'u32',
      items: 'Vec<OrderItem>',
      total: 'u128',
      escrow_id: 'u64',
      status: 'OrderStatus',
      shipping_cid: 'Option<Vec<u8>>',
      tracking_cid: 'Option<Vec<u8>>',
      created_at: 'u32',
      shipped_at: 'Option<u32>',
      auto_release_at: 'Option<u32>',
      receipt_cid: 'Option<Vec<u8>>',
      rating: 'Option<u8>',
    },
    {
      typeNames: {
        items: 'BoundedVec<OrderItem, MaxItemsPerOrder>',
        shipping_cid: 'Option<Cid>',
        tracking_cid: 'Option<Cid>',
        receipt_cid: 'Option<Cid>',
      },
      docs: [
        'An order: `total` (the sum of unit price × quantity) is held in escrow `escrow_id` until it completes,',
        'is cancelled or a dispute rules. `receipt_cid` is set once the receipt is minted, `rating` (stars)',
        'once the buyer has rated the seller.',
      ],
    },
  ),
  OrderStatus: enumeration(
    'pallet_commerce::types::OrderStatus',
    {
      Paid: { docs: ['Paid into escrow, waiting for the seller to ship.'] },
      Shipped: { docs: ['Shipped; the escrow auto-releases at `auto_release_at` unless confirmed or disputed.'] },
      Completed: { docs: ['Delivered: the seller was paid.'] },
      Cancelled: { docs: ['Cancelled: the buyer was refunded.'] },
      Disputed: { docs: ['Under dispute (`Dispute.DisputeOpened`): the escrow is frozen.'] },
      Resolved: { docs: ['The dispute ruled (`Dispute.RulingExecuted`) and the escrow was split accordingly.'] },
    },
    {
      docs: [
        'Where an order stands. Paid → Shipped → Completed; Paid or Shipped → Cancelled;',
        'Paid or Shipped → Disputed → Resolved.',
      ],
    },
  ),
};
