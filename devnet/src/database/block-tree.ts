import type { Database } from 'lmdb';
import { Ancestry, type CanonicalChainLookup } from './ancestry.ts';
import { bytesEqual, byteView } from './bytes.ts';
import { BLOCK_HASH_SIZE } from './key-encoding.ts';

/** Where a block sits in the tree: its height and its parent. */
export interface BlockLink {
  readonly number: number;
  readonly parentHash: Uint8Array;
}

/**
 * The shape of the stored block tree and its canonical chain.
 *
 * - links: block hash → `number (u32 BE) ++ parentHash`, a small record so that walking ancestry never decodes
 *   whole blocks;
 * - canonical: block number (uint32 key) → block hash, exactly the stored ancestry of the head.
 */
export class BlockTree implements CanonicalChainLookup {
  readonly #links: Database<Buffer, Uint8Array>;
  readonly #canonical: Database<Uint8Array, number>;

  constructor(links: Database<Buffer, Uint8Array>, canonical: Database<Uint8Array, number>) {
    this.#links = links;
    this.#canonical = canonical;
  }

  linkOf(blockHash: Uint8Array): BlockLink | undefined {
    const encoded = this.#links.get(blockHash);
    if (encoded === undefined) return undefined;
    return { number: encoded.readUInt32BE(0), parentHash: byteView(encoded, 4, BLOCK_HASH_SIZE) };
  }

  isEmpty(): boolean {
    return this.#links.getKeysCount({ limit: 1 }) === 0;
  }

  /** Must run inside a write transaction. */
  addLink(blockHash: Uint8Array, link: BlockLink): void {
    const encoded = Buffer.allocUnsafe(4 + BLOCK_HASH_SIZE);
    encoded.writeUInt32BE(link.number, 0);
    encoded.set(link.parentHash, 4);
    this.#links.put(blockHash, encoded);
  }

  canonicalHash(blockNumber: number): Uint8Array | undefined {
    const hash = this.#canonical.get(blockNumber);
    return hash === undefined ? undefined : byteView(hash);
  }

  isCanonical(blockNumber: number, blockHash: Uint8Array): boolean {
    const canonicalHash = this.#canonical.get(blockNumber);
    return canonicalHash !== undefined && bytesEqual(canonicalHash, blockHash);
  }

  /** The ancestry of a stored block, or undefined if the block is unknown. */
  ancestryOf(blockHash: Uint8Array): Ancestry | undefined {
    let link = this.linkOf(blockHash);
    if (link === undefined) return undefined;
    const tipNumber = link.number;
    const branch = new Map<number, Uint8Array>();
    let hash = blockHash;
    while (!this.isCanonical(link.number, hash)) {
      branch.set(link.number, hash);
      const parentLink = this.linkOf(link.parentHash);
      if (parentLink === undefined) return new Ancestry(tipNumber, blockHash, -1, branch, this);
      hash = link.parentHash;
      link = parentLink;
    }
    return new Ancestry(tipNumber, blockHash, link.number, branch, this);
  }

  /**
   * Rewrites the canonical index to be the ancestry of `head`, a stored block: entries above the head are removed and
   * the head's branch is written down to where it meets the current canonical chain. Must run inside a write
   * transaction.
   */
  makeCanonical(head: Uint8Array, headLink: BlockLink): void {
    for (const blockNumber of [...this.#canonical.getKeys({ start: headLink.number + 1 })]) {
      this.#canonical.remove(blockNumber);
    }
    let hash = head;
    let link: BlockLink | undefined = headLink;
    while (link !== undefined && !this.isCanonical(link.number, hash)) {
      this.#canonical.put(link.number, hash);
      hash = link.parentHash;
      link = this.linkOf(hash);
    }
  }
}
