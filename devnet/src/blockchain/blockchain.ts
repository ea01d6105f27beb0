import { EventEmitter } from 'node:events';
import type { RuntimeModel } from '@bazari/chain-types';
import { u8aToHex } from '@polkadot/util';
import type { ChainSpec } from '../chain-spec/chain-spec.ts';
import type { ChainDatabase, StoredBlock } from '../database/chain-database.ts';
import type { Executive } from '../runtime/executive.ts';
import type { Extrinsic } from '../runtime/extrinsic.ts';
import type { StateReader } from '../runtime/state.ts';
import { IncrementalTrie } from '../trie/index.ts';
import { type BuiltBlock, buildBlock } from './block-builder.ts';
import { buildGenesis } from './genesis.ts';

export interface BlockchainEvents {
  /** A new best block (also after `setHead`). */
  head: [StoredBlock];
  /** A newly imported block, best or not. */
  imported: [StoredBlock];
  finalized: [StoredBlock];
  /** A block this node built, with the milliseconds building and storing it took. */
  built: [StoredBlock, number];
}

const KEY_PAGE = 10_000;

/**
 * The chain: its blocks and their state in the database, the best head, finality that lags
 * the head by a fixed number of blocks, and block production on top of the head. Block
 * production and head changes are serialised.
 */
export class Blockchain extends EventEmitter<BlockchainEvents> {
  #head: StoredBlock;
  #finalized: StoredBlock;
  /** The head's full state, kept as a trie: it answers head reads and gives state roots. */
  #headTrie: IncrementalTrie;
  #timeOffset = 0n;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly model: RuntimeModel,
    readonly executive: Executive,
    readonly database: ChainDatabase,
    readonly genesisHash: Uint8Array,
    readonly finalityLag: number,
    head: StoredBlock,
    finalized: StoredBlock,
    headTrie: IncrementalTrie,
  ) {
    super();
    // One listener per RPC subscription (and per watcher): many clients are normal, not a leak.
    this.setMaxListeners(0);
    this.#head = head;
    this.#finalized = finalized;
    this.#headTrie = headTrie;
  }

  /** Opens the chain stored in `database`, creating its genesis from `spec` when it is empty. */
  static async open(
    model: RuntimeModel,
    executive: Executive,
    database: ChainDatabase,
    spec: ChainSpec,
    finalityLag: number,
  ): Promise<Blockchain> {
    const stored = database.getHead();
    if (!stored) {
      const genesis = buildGenesis(model, executive.dispatcher, spec);
      const block: StoredBlock = {
        hash: genesis.hash,
        number: 0,
        parentHash: new Uint8Array(32),
        header: genesis.header,
        extrinsics: [],
      };
      await database.putBlock(block, genesis.state, { setHead: true });
      await database.setFinalized(block.hash);
      return new Blockchain(model, executive, database, block.hash, finalityLag, block, block, genesis.trie);
    }
    const genesisHash = database.getCanonicalHash(0) as Uint8Array;
    const finalized = database.getFinalized() ?? stored;
    const trie = loadTrie(database, stored.hash);
    return new Blockchain(model, executive, database, genesisHash, finalityLag, stored, finalized, trie);
  }

  get head(): StoredBlock {
    return this.#head;
  }

  get finalized(): StoredBlock {
    return this.#finalized;
  }

  getBlock(hash: Uint8Array | string): StoredBlock | undefined {
    return this.database.getBlock(hash);
  }

  getCanonicalHash(number: number): Uint8Array | undefined {
    return this.database.getCanonicalHash(number);
  }

  /** The state after block `hash` (the head's is served from memory). */
  stateAt(hash: Uint8Array | string): StateReader {
    const hex = typeof hash === 'string' ? hash : u8aToHex(hash);
    if (hex === u8aToHex(this.#head.hash)) return this.headState();
    return { get: (key) => this.database.getStorage(hex, key) };
  }

  headState(): StateReader {
    const trie = this.#headTrie;
    return { get: (key) => trie.get(Buffer.from(key.slice(2), 'hex')) ?? null };
  }

  /** The timestamp of the next block: wall-clock time (shifted by `dev_timeTravel`), always after its parent's. */
  nextTimestamp(): bigint {
    const parent = this.model
      .storage('Timestamp', 'Now')
      .decodeValue(this.headState().get(this.timestampKey())) as bigint;
    const now = BigInt(Date.now()) + this.#timeOffset;
    return now > parent ? now : parent + 1n;
  }

  /** Makes the next blocks' timestamps start at `timestamp` (milliseconds). */
  timeTravel(timestamp: bigint): void {
    this.#timeOffset = timestamp - BigInt(Date.now());
  }

  /** Builds a block on the head from `candidates` and makes it the head. */
  newBlock(candidates: readonly Extrinsic[], timestamp?: bigint): Promise<BuiltBlock> {
    return this.serialised(async () => {
      const started = performance.now();
      const trie = this.#headTrie.clone();
      const built = buildBlock(
        this.model,
        this.executive,
        this.#head,
        this.headState(),
        trie,
        candidates,
        timestamp ?? this.nextTimestamp(),
      );
      const block: StoredBlock = {
        hash: built.hash,
        number: built.number,
        parentHash: built.parentHash,
        header: built.header,
        extrinsics: built.extrinsics,
      };
      await this.database.putBlock(block, built.diff, { setHead: true });
      this.#head = block;
      this.#headTrie = trie;
      this.emit('built', block, performance.now() - started);
      this.emit('imported', block);
      this.emit('head', block);
      await this.advanceFinality();
      return built;
    });
  }

  /** Moves the head to a stored block (by hash or canonical number), e.g. to build a competing branch. */
  setHead(target: Uint8Array | string | number): Promise<StoredBlock> {
    return this.serialised(async () => {
      const hash = typeof target === 'number' ? this.database.getCanonicalHash(target) : target;
      const block = hash === undefined ? undefined : this.database.getBlock(hash);
      if (!block) throw new Error(`Block ${String(target)} not found`);
      await this.database.setHead(block.hash);
      this.#headTrie = loadTrie(this.database, block.hash);
      this.#head = block;
      if (this.#finalized.number > block.number || !this.isCanonical(this.#finalized)) {
        this.#finalized = block;
        await this.database.setFinalized(block.hash);
      }
      this.emit('head', block);
      await this.advanceFinality();
      return block;
    });
  }

  /** Resolves once no block production or head change is in progress. */
  async idle(): Promise<void> {
    await this.#queue;
  }

  private isCanonical(block: StoredBlock): boolean {
    const canonical = this.database.getCanonicalHash(block.number);
    return canonical !== undefined && u8aToHex(canonical) === u8aToHex(block.hash);
  }

  private async advanceFinality(): Promise<void> {
    const target = this.#head.number - this.finalityLag;
    if (target <= this.#finalized.number) return;
    const hash = this.database.getCanonicalHash(target);
    const block = hash && this.database.getBlock(hash);
    if (!block) return;
    await this.database.setFinalized(block.hash);
    this.#finalized = block;
    this.emit('finalized', block);
  }

  private timestampKey(): string {
    return u8aToHex(this.model.storage('Timestamp', 'Now').key());
  }

  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

/** Rebuilds the trie of a block's full state from the database (on start and when the head moves to a fork). */
function loadTrie(database: ChainDatabase, blockHash: Uint8Array): IncrementalTrie {
  const trie = new IncrementalTrie(1);
  let startKey: Uint8Array | undefined;
  for (;;) {
    const entries = database.getEntriesPaged(blockHash, new Uint8Array(0), KEY_PAGE, startKey);
    for (const [key, value] of entries) trie.set(key, value);
    if (entries.length < KEY_PAGE) return trie;
    startKey = entries[entries.length - 1][0];
  }
}
