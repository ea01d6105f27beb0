/**
 * `@bazari/ipfs/content`: the content documents shared by the dApp and the squid, their schemas
 * (zod), the encrypted envelope, signed receipts and the Helia helpers. Browser- and Node-safe.
 */

export * from './base64.ts';
export * from './canonical.ts';
export * from './cid.ts';
export * from './common.ts';
export * from './envelope.ts';
export * from './evidence.ts';
export * from './ipfs.ts';
export * from './listing.ts';
export * from './receipt.ts';
export * from './review.ts';
export * from './shipping-address.ts';
export * from './store-profile.ts';
