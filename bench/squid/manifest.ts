/**
 * What a generated bench chain is: its options, the manifest of what it holds (written next to it in the cache,
 * and checked against the squid's database), and the metadata CIDs of its listings.
 */
import { createHash } from 'node:crypto';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { create as createDigest } from 'multiformats/hashes/digest';
import { sha256 } from 'multiformats/hashes/sha2';

/** Bump when the generated chain changes, so that old caches are not reused. */
export const GENERATOR_VERSION = 3;

/** A CIDv1 (raw, sha2-256, base32) of `text`: each listing gets its own metadata CID, as real listings do. */
export function rawCid(text: string): string {
  return CID.createV1(raw.code, createDigest(sha256.code, createHash('sha256').update(text).digest())).toString();
}

/** The metadata CID of listing `index` of store `store` (the bench fills its content in the database). */
export const listingCid = (store: number, index: number) => rawCid(`bench-squid listing ${store}/${index}`);

export interface GenerateOptions {
  readonly orders: number;
  readonly buyers: number;
  readonly sellers: number;
  readonly listingsPerStore: number;
  readonly days: number;
  /** `create_order` calls per `utility.batchAll` extrinsic. */
  readonly callsPerExtrinsic: number;
  /** Order extrinsics per block. */
  readonly extrinsicsPerBlock: number;
}

export interface ChainManifest {
  readonly version: number;
  readonly options: GenerateOptions;
  readonly head: number;
  readonly headHash: string;
  /** Events of the indexed pallets (and failed extrinsics), by `Pallet.Event`. */
  readonly events: Record<string, number>;
  readonly indexedEvents: number;
  readonly signedExtrinsics: number;
  readonly orders: number;
  readonly shipped: number;
  readonly completed: number;
  readonly cancelled: number;
  readonly sellers: string[];
  readonly buyers: string[];
  readonly storeIds: number[];
  readonly listingIds: string[];
  /** Seconds the generation took. */
  readonly seconds: number;
}

export interface CachedChain {
  readonly dir: string;
  readonly chainDir: string;
  readonly manifest: ChainManifest;
  readonly generated: boolean;
}
