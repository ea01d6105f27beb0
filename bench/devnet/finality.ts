import type { WsRpcClient } from './rpc.ts';

export interface FinalizedBlock {
  readonly number: number;
  readonly hash: string;
  /** Signed extrinsics in the block (the Timestamp inherent is not counted). */
  readonly signedExtrinsics: number;
  /** When the finalized-head notification that covered this block arrived (performance.now()). */
  readonly finalizedAt: number;
}

interface BlockJson {
  readonly block: { readonly header: { readonly number: string }; readonly extrinsics: readonly string[] };
}

/** Whether an opaque extrinsic (`0x` ++ compact length ++ version byte ++ …) is signed: bit 7 of the version byte. */
export function isSignedExtrinsic(hex: string): boolean {
  const mode = Number.parseInt(hex.slice(2, 4), 16) & 3;
  const prefixBytes =
    mode === 0 ? 1 : mode === 1 ? 2 : mode === 2 ? 4 : 5 + (Number.parseInt(hex.slice(2, 4), 16) >> 2);
  const version = Number.parseInt(hex.slice(2 + prefixBytes * 2, 4 + prefixBytes * 2), 16);
  return (version & 0x80) !== 0;
}

/**
 * Follows finality over `chain_subscribeFinalizedHeads` and fetches each newly finalized block (every number
 * in between too, should a notification skip some) with `chain_getBlock`, counting its signed extrinsics.
 */
export class FinalityTracker {
  readonly blocks: FinalizedBlock[] = [];
  #signedTotal = 0;
  #lastNumber: number;
  #queue: Promise<void> = Promise.resolve();
  #waiters: { target: number; resolve: () => void }[] = [];
  #error: unknown;
  #subscription: string | undefined;
  #stopped = false;

  private constructor(
    private readonly client: WsRpcClient,
    startNumber: number,
  ) {
    this.#lastNumber = startNumber;
  }

  /** Starts counting after block `startNumber` (already finalized blocks before it are ignored). */
  static async follow(client: WsRpcClient, startNumber: number): Promise<FinalityTracker> {
    const tracker = new FinalityTracker(client, startNumber);
    tracker.#subscription = await client.subscribe('chain_subscribeFinalizedHeads', [], (header) => {
      if (tracker.#stopped) return;
      const number = Number.parseInt((header as { number: string }).number, 16);
      const at = performance.now();
      tracker.#queue = tracker.#queue.then(() => tracker.#catchUp(number, at)).catch((error) => tracker.#fail(error));
    });
    return tracker;
  }

  /** Stops following finality (blocks already being fetched are still counted). */
  async stop(): Promise<void> {
    const subscription = this.#subscription;
    this.#stopped = true;
    this.#subscription = undefined;
    if (subscription !== undefined) await this.client.call('chain_unsubscribeFinalizedHeads', [subscription]);
  }

  get signedTotal(): number {
    return this.#signedTotal;
  }

  /** Resolves once `count` signed extrinsics have been seen in finalized blocks. */
  waitForSigned(count: number): Promise<void> {
    if (this.#error) return Promise.reject(this.#error);
    if (this.#signedTotal >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#waiters.push({
        target: count,
        resolve: () => (this.#error ? reject(this.#error) : resolve()),
      });
    });
  }

  async #catchUp(number: number, finalizedAt: number): Promise<void> {
    if (number <= this.#lastNumber) return;
    const numbers = Array.from({ length: number - this.#lastNumber }, (_, index) => this.#lastNumber + 1 + index);
    this.#lastNumber = number;
    const hashes = await this.client.batch<string>(numbers.map((n) => ({ method: 'chain_getBlockHash', params: [n] })));
    const blocks = await this.client.batch<BlockJson>(
      hashes.map((hash) => ({ method: 'chain_getBlock', params: [hash] })),
    );
    blocks.forEach((block, index) => {
      const signedExtrinsics = block.block.extrinsics.filter(isSignedExtrinsic).length;
      this.#signedTotal += signedExtrinsics;
      this.blocks.push({ number: numbers[index], hash: hashes[index], signedExtrinsics, finalizedAt });
    });
    this.#wake();
  }

  #fail(error: unknown): void {
    this.#error = error;
    for (const waiter of this.#waiters.splice(0)) waiter.resolve();
  }

  #wake(): void {
    const due = this.#waiters.filter((waiter) => waiter.target <= this.#signedTotal);
    this.#waiters = this.#waiters.filter((waiter) => waiter.target > this.#signedTotal);
    for (const waiter of due) waiter.resolve();
  }
}
