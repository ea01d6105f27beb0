import { bytesEqual } from './bytes.ts';

export interface CanonicalChainLookup {
  isCanonical(blockNumber: number, blockHash: Uint8Array): boolean;
}

/**
 * The set of blocks from a tip block down to the root, answering "is this block an ancestor of (or) the tip?" in
 * O(1) lookups. Below the fork point (the highest ancestor on the canonical chain) the ancestors are the canonical
 * blocks; above it, they are the non-canonical branch walked once when the ancestry was built.
 *
 * Only valid until the canonical chain changes (`setHead`): build one per query.
 */
export class Ancestry {
  readonly tipNumber: number;
  readonly #tipHash: Uint8Array;
  readonly #forkNumber: number;
  readonly #branch: ReadonlyMap<number, Uint8Array>;
  readonly #canonical: CanonicalChainLookup;

  /**
   * @param forkNumber the highest block number at which the ancestry is canonical, -1 when none of it is.
   * @param branch the non-canonical ancestors (tip included) by number, all above `forkNumber`.
   */
  constructor(
    tipNumber: number,
    tipHash: Uint8Array,
    forkNumber: number,
    branch: ReadonlyMap<number, Uint8Array>,
    canonical: CanonicalChainLookup,
  ) {
    this.tipNumber = tipNumber;
    this.#tipHash = tipHash;
    this.#forkNumber = forkNumber;
    this.#branch = branch;
    this.#canonical = canonical;
  }

  includes(blockNumber: number, blockHash: Uint8Array): boolean {
    if (blockNumber > this.tipNumber) return false;
    if (blockNumber === this.tipNumber) return bytesEqual(blockHash, this.#tipHash);
    if (blockNumber <= this.#forkNumber) return this.#canonical.isCanonical(blockNumber, blockHash);
    const branchHash = this.#branch.get(blockNumber);
    return branchHash !== undefined && bytesEqual(branchHash, blockHash);
  }
}
