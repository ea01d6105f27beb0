import {
  Account,
  Listing,
  ListingContent,
  ListingStatus,
  Store,
  StoreProfileContent,
  StoreStatus,
} from '../model/index.ts';
import { events } from '../types/index.ts';
import { account } from './accounts.ts';
import { contentRef } from './content-refs.ts';
import { address, type EventHandlers, on, text } from './handler.ts';
import { chainParameters, wantChainParameters } from './parameters.ts';

/**
 * Commerce's stores, listings and platform fee. Every field mirrors `Commerce.Stores` / `Commerce.Listings`:
 * stock changes made by orders are applied by the order handlers (commerce-orders.ts).
 */
export const commerceStoreHandlers: EventHandlers = {
  /** A new Open Store of `owner`, rating 0/0; its profile CID gets a Pending StoreProfileContent. */
  [events.commerce.storeCreated.name]: on({
    decode: (event) => events.commerce.storeCreated.v100.decode(event),
    want: (args, batch) => {
      batch.want(Account, address(args.owner));
      batch.want(StoreProfileContent, text(args.metadataCid));
    },
    apply: (args, { batch, block, timestamp }) => {
      const metadataCid = text(args.metadataCid);
      batch.save(
        new Store({
          id: String(args.storeId),
          owner: account(batch, address(args.owner), block.height),
          name: text(args.name),
          metadataCid,
          profile: contentRef(batch, StoreProfileContent, metadataCid),
          encryptionKey: args.encryptionKey,
          status: StoreStatus.Open,
          ratingSum: 0n,
          ratingCount: 0,
          averageRating: null,
          createdAtBlock: block.height,
          createdAt: timestamp,
          updatedAtBlock: block.height,
          closedAtBlock: null,
        }),
      );
    },
  }),

  /** Name, metadata CID (and profile) and encryption key replaced. */
  [events.commerce.storeUpdated.name]: on({
    decode: (event) => events.commerce.storeUpdated.v100.decode(event),
    want: (args, batch) => {
      batch.want(Store, String(args.storeId));
      batch.want(StoreProfileContent, text(args.metadataCid));
    },
    apply: (args, { batch, block }) => {
      const store = batch.getOrFail(Store, String(args.storeId));
      store.name = text(args.name);
      store.metadataCid = text(args.metadataCid);
      store.profile = contentRef(batch, StoreProfileContent, store.metadataCid);
      store.encryptionKey = args.encryptionKey;
      store.updatedAtBlock = block.height;
      batch.save(store);
    },
  }),

  /** Status Closed. */
  [events.commerce.storeClosed.name]: on({
    decode: (event) => events.commerce.storeClosed.v100.decode(event),
    want: (args, batch) => batch.want(Store, String(args.storeId)),
    apply: (args, { batch, block }) => {
      const store = batch.getOrFail(Store, String(args.storeId));
      store.status = StoreStatus.Closed;
      store.closedAtBlock = block.height;
      store.updatedAtBlock = block.height;
      batch.save(store);
    },
  }),

  /** A new Active Listing of the store, unitsSold 0; its metadata CID gets a Pending ListingContent. */
  [events.commerce.listingCreated.name]: on({
    decode: (event) => events.commerce.listingCreated.v100.decode(event),
    want: (args, batch) => {
      batch.want(Store, String(args.storeId));
      batch.want(Account, address(args.seller));
      batch.want(ListingContent, text(args.metadataCid));
    },
    apply: (args, { batch, block, timestamp }) => {
      const metadataCid = text(args.metadataCid);
      batch.save(
        new Listing({
          id: args.listingId.toString(),
          store: batch.getOrFail(Store, String(args.storeId)),
          seller: account(batch, address(args.seller), block.height),
          price: args.price,
          stock: BigInt(args.stock),
          metadataCid,
          content: contentRef(batch, ListingContent, metadataCid),
          status: ListingStatus.Active,
          unitsSold: 0n,
          createdAtBlock: block.height,
          createdAt: timestamp,
          updatedAtBlock: block.height,
          removedAtBlock: null,
        }),
      );
    },
  }),

  /** Price, stock and metadata CID (and content) replaced. */
  [events.commerce.listingUpdated.name]: on({
    decode: (event) => events.commerce.listingUpdated.v100.decode(event),
    want: (args, batch) => {
      batch.want(Listing, args.listingId.toString());
      batch.want(ListingContent, text(args.metadataCid));
    },
    apply: (args, { batch, block }) => {
      const listing = batch.getOrFail(Listing, args.listingId.toString());
      listing.price = args.price;
      listing.stock = BigInt(args.stock);
      listing.metadataCid = text(args.metadataCid);
      listing.content = contentRef(batch, ListingContent, listing.metadataCid);
      listing.updatedAtBlock = block.height;
      batch.save(listing);
    },
  }),

  /** Status Removed (stock and price stay as they were, as on chain). */
  [events.commerce.listingRemoved.name]: on({
    decode: (event) => events.commerce.listingRemoved.v100.decode(event),
    want: (args, batch) => batch.want(Listing, args.listingId.toString()),
    apply: (args, { batch, block }) => {
      const listing = batch.getOrFail(Listing, args.listingId.toString());
      listing.status = ListingStatus.Removed;
      listing.removedAtBlock = block.height;
      listing.updatedAtBlock = block.height;
      batch.save(listing);
    },
  }),

  /** ChainParameters.platformFee (Permill); the row starts from the storage defaults. */
  [events.commerce.platformFeeSet.name]: on({
    decode: (event) => events.commerce.platformFeeSet.v100.decode(event),
    want: (_args, batch) => wantChainParameters(batch),
    apply: (args, { batch, block }) => {
      const parameters = chainParameters(batch, block.height);
      parameters.platformFee = args.fee;
      parameters.updatedAtBlock = block.height;
      batch.save(parameters);
    },
  }),
};
