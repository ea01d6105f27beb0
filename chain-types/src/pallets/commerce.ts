import { pallet } from '../dsl.ts';
import {
  commerceTypes,
  INVALID_CID_DOCS,
  MAX_CID_LEN,
  MAX_ITEMS_PER_ORDER,
  MAX_NAME_LEN,
  PERCENT_IN_PERMILL,
} from './commerce.types.ts';
import { palletAccountId } from './escrow.ts';

const AUTO_RELEASE_BLOCKS = 100;

const storeFields = { name: 'Vec<u8>', metadata_cid: 'Vec<u8>', encryption_key: '[u8; 32]' };
const storeTypeNames = { name: 'BoundedVec<u8, MaxNameLen>', metadata_cid: 'Cid' };
const listingFields = { price: 'Compact<u128>', stock: 'u32', metadata_cid: 'Vec<u8>' };

/** `pallet_commerce`: stores, listings and orders, each order paid through an escrow. */
export const commercePallet = pallet({
  name: 'Commerce',
  index: 10,
  crate: 'pallet_commerce',
  docs: [
    'The marketplace: stores, their listings and orders. One signature creates an order and locks its payment',
    'in Escrow; the seller ships, the buyer confirms (or the escrow auto-releases), and the seller is paid minus',
    'the platform fee, which goes to the treasury.',
  ],
  types: commerceTypes,
  calls: {
    create_store: {
      index: 0,
      args: storeFields,
      typeNames: storeTypeNames,
      docs: [
        'Open a store owned by the caller: any signed account.',
        `Checks a name of 1 to ${MAX_NAME_LEN} bytes and a valid metadata CID. \`encryption_key\` is the store's`,
        'X25519 public key, with which buyers encrypt their shipping address to the seller. Emits `StoreCreated`.',
      ],
    },
    update_store: {
      index: 1,
      args: { store_id: 'u32', ...storeFields },
      typeNames: storeTypeNames,
      docs: [
        "Replace a store's name, metadata CID and encryption key: the store owner, while the store is open.",
        'Same checks as `create_store`. Emits `StoreUpdated`.',
      ],
    },
    close_store: {
      index: 2,
      args: { store_id: 'u32' },
      docs: [
        'Close a store for good: the store owner. It takes no new orders or listings; open orders continue.',
        'Emits `StoreClosed`.',
      ],
    },
    create_listing: {
      index: 3,
      args: { store_id: 'u32', ...listingFields },
      typeNames: { metadata_cid: 'Cid' },
      docs: [
        'Offer an item in an open store: the store owner. Checks a price above zero and a valid metadata CID.',
        'Emits `ListingCreated`.',
      ],
    },
    update_listing: {
      index: 4,
      args: { listing_id: 'u64', ...listingFields },
      typeNames: { metadata_cid: 'Cid' },
      docs: [
        "Replace a listing's price, stock and metadata CID: the store owner, on a listing not removed.",
        'Orders already placed keep their prices. Emits `ListingUpdated`.',
      ],
    },
    remove_listing: {
      index: 5,
      args: { listing_id: 'u64' },
      docs: ['Withdraw a listing for good: the store owner. Open orders continue. Emits `ListingRemoved`.'],
    },
    create_order: {
      index: 6,
      args: { store_id: 'u32', items: 'Vec<OrderItemRequest>', shipping_cid: 'Option<Vec<u8>>' },
      typeNames: { items: 'BoundedVec<OrderItemRequest, MaxItemsPerOrder>', shipping_cid: 'Option<Cid>' },
      docs: [
        'Buy from an open store and pay in the same signature: any signed account but the store owner.',
        `Checks 1 to ${MAX_ITEMS_PER_ORDER} distinct listings of that store, each with a quantity within its stock.`,
        'The total is the sum of current price × quantity; stock is decremented and the total locked in Escrow.',
        '`shipping_cid` points to the shipping address encrypted to the store key.',
        'Emits `OrderCreated`, `Escrow.Locked` and `OrderPaid`; the order is `Paid`.',
      ],
    },
    cancel_order: {
      index: 7,
      args: { order_id: 'u64' },
      docs: [
        'Cancel an order with a full refund: the buyer while it is `Paid`, the seller while `Paid` or `Shipped`.',
        'Stock is restored if it had not shipped. Emits `Escrow.Refunded` and `OrderCancelled`.',
      ],
    },
    mark_shipped: {
      index: 8,
      args: { order_id: 'u64', tracking_cid: 'Option<Vec<u8>>' },
      typeNames: { tracking_cid: 'Option<Cid>' },
      docs: [
        'Declare a `Paid` order shipped: the seller. The escrow then auto-releases `AutoReleaseBlocks` later',
        'unless the buyer confirms or disputes first. Emits `Escrow.AutoReleaseScheduled` and `OrderShipped`.',
      ],
    },
    confirm_delivery: {
      index: 9,
      args: { order_id: 'u64' },
      docs: [
        'Confirm a `Shipped` order arrived: the buyer. The escrow pays the seller, minus `PlatformFee` to the',
        'treasury, and the order is `Completed`. Emits `Escrow.Released` and `OrderCompleted`.',
      ],
    },
    mint_receipt: {
      index: 10,
      args: { order_id: 'u64', receipt_cid: 'Vec<u8>' },
      typeNames: { receipt_cid: 'Cid' },
      docs: [
        'Record the receipt of a `Completed` or `Resolved` order: its buyer or seller, once per order.',
        'Emits `ReceiptMinted`.',
      ],
    },
    rate_seller: {
      index: 11,
      args: { order_id: 'u64', stars: 'u8', review_cid: 'Option<Vec<u8>>' },
      typeNames: { review_cid: 'Option<Cid>' },
      docs: [
        'Rate the store of a `Completed` or `Resolved` order with 1 to 5 stars: its buyer, once per order.',
        "The store's rating sum and count are updated on chain. Emits `SellerRated`.",
      ],
    },
    set_platform_fee: {
      index: 12,
      args: { fee: 'Permill' },
      docs: [
        'Set the share of each completed order that goes to the treasury: root only, at most `MaxPlatformFee`.',
        'Emits `PlatformFeeSet`.',
      ],
    },
  },
  events: {
    StoreCreated: {
      index: 0,
      fields: { store_id: 'u32', owner: 'AccountId32', ...storeFields },
      typeNames: storeTypeNames,
      docs: ['A store was opened.'],
    },
    StoreUpdated: {
      index: 1,
      fields: { store_id: 'u32', ...storeFields },
      typeNames: storeTypeNames,
      docs: ['A store now has this name, metadata CID and encryption key.'],
    },
    StoreClosed: {
      index: 2,
      fields: { store_id: 'u32' },
      docs: ['A store was closed: no new orders or listings.'],
    },
    ListingCreated: {
      index: 3,
      fields: {
        listing_id: 'u64',
        store_id: 'u32',
        seller: 'AccountId32',
        price: 'u128',
        stock: 'u32',
        metadata_cid: 'Vec<u8>',
      },
      typeNames: { metadata_cid: 'Cid' },
      docs: ['A listing was created with this price and stock.'],
    },
    ListingUpdated: {
      index: 4,
      fields: { listing_id: 'u64', price: 'u128', stock: 'u32', metadata_cid: 'Vec<u8>' },
      typeNames: { metadata_cid: 'Cid' },
      docs: ['A listing now has this price, stock and metadata CID.'],
    },
    ListingRemoved: {
      index: 5,
      fields: { listing_id: 'u64' },
      docs: ['A listing was withdrawn.'],
    },
    OrderCreated: {
      index: 6,
      fields: {
        order_id: 'u64',
        buyer: 'AccountId32',
        seller: 'AccountId32',
        store_id: 'u32',
        items: 'Vec<OrderItem>',
        total: 'u128',
        shipping_cid: 'Option<Vec<u8>>',
      },
      typeNames: { items: 'BoundedVec<OrderItem, MaxItemsPerOrder>', shipping_cid: 'Option<Cid>' },
      docs: ["An order was placed: the stock of each item's listing went down by its quantity."],
    },
    OrderPaid: {
      index: 7,
      fields: { order_id: 'u64', escrow_id: 'u64' },
      docs: ["The order's total is locked in this escrow; the order is `Paid`."],
    },
    OrderCancelled: {
      index: 8,
      fields: { order_id: 'u64', by: 'AccountId32', stock_restored: 'bool' },
      docs: [
        'An order was cancelled by its buyer or seller and its escrow refunded to the buyer.',
        "`stock_restored`: each item's quantity went back to its listing's stock (the order had not shipped).",
      ],
    },
    OrderShipped: {
      index: 9,
      fields: { order_id: 'u64', tracking_cid: 'Option<Vec<u8>>', auto_release_at: 'u32' },
      typeNames: { tracking_cid: 'Option<Cid>' },
      docs: ['An order shipped; its escrow auto-releases at block `auto_release_at` unless confirmed or disputed.'],
    },
    OrderCompleted: {
      index: 10,
      fields: { order_id: 'u64', seller_amount: 'u128', platform_fee: 'u128' },
      docs: [
        'An order completed, confirmed by the buyer or auto-released: the seller got `seller_amount` and the',
        'treasury `platform_fee`.',
      ],
    },
    ReceiptMinted: {
      index: 11,
      fields: { order_id: 'u64', receipt_cid: 'Vec<u8>', by: 'AccountId32' },
      typeNames: { receipt_cid: 'Cid' },
      docs: ['The receipt of an order was recorded.'],
    },
    SellerRated: {
      index: 12,
      fields: { order_id: 'u64', store_id: 'u32', buyer: 'AccountId32', stars: 'u8', review_cid: 'Option<Vec<u8>>' },
      typeNames: { review_cid: 'Option<Cid>' },
      docs: ["A buyer rated a store: `stars` were added to the store's rating sum and its count went up by one."],
    },
    PlatformFeeSet: {
      index: 13,
      fields: { fee: 'Permill' },
      docs: ['The platform fee is now `fee` of each completed order.'],
    },
  },
  errors: {
    InvalidCid: INVALID_CID_DOCS,
    EmptyName: ['The name cannot be empty.'],
    NameTooLong: [`The name is too long: at most ${MAX_NAME_LEN} bytes.`],
    StoreNotFound: ['There is no store with this id.'],
    NotStoreOwner: ['Only the owner of the store can do this.'],
    StoreClosed: ['This store is closed.'],
    ZeroPrice: ['The price must be greater than zero.'],
    ListingNotFound: ['There is no listing with this id.'],
    ListingRemoved: ['This listing has been removed.'],
    ListingNotInStore: ['This listing belongs to another store; an order buys from one store.'],
    EmptyOrder: ['An order needs at least one item.'],
    TooManyItems: [`An order can have at most ${MAX_ITEMS_PER_ORDER} items.`],
    DuplicateItem: ['The same listing appears twice in the order: combine the quantities.'],
    ZeroQuantity: ['Each item needs a quantity of at least one.'],
    InsufficientStock: ['Not enough stock for the quantity ordered.'],
    CannotBuyOwnListing: ['You cannot buy from your own store.'],
    OrderNotFound: ['There is no order with this id.'],
    InvalidOrderStatus: ['The order is not in a state that allows this.'],
    NotBuyer: ['Only the buyer of the order can do this.'],
    NotSeller: ['Only the seller of the order can do this.'],
    NotOrderParty: ['Only the buyer or the seller of the order can do this.'],
    ReceiptAlreadyMinted: ['The receipt of this order has already been recorded.'],
    AlreadyRated: ['You have already rated this order.'],
    InvalidStars: ['A rating is from 1 to 5 stars.'],
    FeeTooHigh: ['The platform fee is above the maximum (`MaxPlatformFee`).'],
  },
  storage: {
    NextStoreId: { value: 'u32', modifier: 'Default', docs: ['The id the next store will get.'] },
    Stores: {
      value: 'CommerceStore',
      keys: [{ hasher: 'Twox64Concat', type: 'u32' }],
      modifier: 'Optional',
      docs: ['Every store by id, kept when closed.'],
    },
    StoresByOwner: {
      value: '()',
      keys: [
        { hasher: 'Blake2_128Concat', type: 'AccountId32' },
        { hasher: 'Twox64Concat', type: 'u32' },
      ],
      modifier: 'Optional',
      docs: ['The stores of each owner: iterate the prefix of an account.'],
    },
    NextListingId: { value: 'u64', modifier: 'Default', docs: ['The id the next listing will get.'] },
    Listings: {
      value: 'CommerceListing',
      keys: [{ hasher: 'Twox64Concat', type: 'u64' }],
      modifier: 'Optional',
      docs: ['Every listing by id, kept when removed.'],
    },
    ListingsByStore: {
      value: '()',
      keys: [
        { hasher: 'Twox64Concat', type: 'u32' },
        { hasher: 'Twox64Concat', type: 'u64' },
      ],
      modifier: 'Optional',
      docs: ['The listings of each store: iterate the prefix of a store id.'],
    },
    NextOrderId: { value: 'u64', modifier: 'Default', docs: ['The id the next order will get.'] },
    Orders: {
      value: 'CommerceOrder',
      keys: [{ hasher: 'Twox64Concat', type: 'u64' }],
      modifier: 'Optional',
      docs: ['Every order by id, in every status.'],
    },
    OrdersByBuyer: {
      value: '()',
      keys: [
        { hasher: 'Blake2_128Concat', type: 'AccountId32' },
        { hasher: 'Twox64Concat', type: 'u64' },
      ],
      modifier: 'Optional',
      docs: ['The orders of each buyer: iterate the prefix of an account.'],
    },
    OrdersBySeller: {
      value: '()',
      keys: [
        { hasher: 'Blake2_128Concat', type: 'AccountId32' },
        { hasher: 'Twox64Concat', type: 'u64' },
      ],
      modifier: 'Optional',
      docs: ['The orders of each seller: iterate the prefix of an account.'],
    },
    PlatformFee: {
      value: 'Permill',
      modifier: 'Default',
      default: 5 * PERCENT_IN_PERMILL,
      docs: ['The share of each completed order paid to the treasury; 5% until root sets it.'],
    },
  },
  constants: {
    MaxItemsPerOrder: { type: 'u32', value: MAX_ITEMS_PER_ORDER, docs: ['How many items one order may hold.'] },
    MaxNameLen: { type: 'u32', value: MAX_NAME_LEN, docs: ['The longest store name, in bytes.'] },
    MaxCidLen: { type: 'u32', value: MAX_CID_LEN, docs: ['The longest CID, in ASCII bytes.'] },
    AutoReleaseBlocks: {
      type: 'u32',
      value: AUTO_RELEASE_BLOCKS,
      docs: ['How many blocks after shipping the escrow of an order auto-releases to the seller.'],
    },
    MaxPlatformFee: {
      type: 'Permill',
      value: 20 * PERCENT_IN_PERMILL,
      docs: ['The highest platform fee root may set.'],
    },
    TreasuryAccount: {
      type: 'AccountId32',
      value: palletAccountId('py/trsry'),
      docs: ['The account receiving platform fees: PalletId `py/trsry` (b"modl" ++ id ++ zeros), as pallet_treasury.'],
    },
  },
});
