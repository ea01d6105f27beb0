import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, open, type RootDatabase } from 'lmdb';
import type { Ancestry } from './ancestry.ts';
import { BlockTree } from './block-tree.ts';
import { type BytesLike, byteView, toBytes } from './bytes.ts';
import { InvalidBlockError, UnknownBlockError } from './errors.ts';
import { BLOCK_HASH_SIZE } from './key-encoding.ts';
import { type StateDiff, StateHistory, type StorageEntry } from './state-history.ts';
import { decodeStoredBlock, encodeStoredBlock, type StoredBlock } from './stored-block.ts';

export type { BytesLike } from './bytes.ts';
export { InvalidBlockError, UnknownBlockError } from './errors.ts';
export type { StateDiff, StorageEntry } from './state-history.ts';
export type { StoredBlock } from './stored-block.ts';

/** Either a directory to keep the database in (created if missing), or a temporary one deleted on close. */
export type ChainDatabaseOptions = { readonly path: string } | { readonly inMemory: true };

export interface PutBlockOptions {
  /** Also make the block the head, in the same transaction. */
  readonly setHead?: boolean;
}

const SCHEMA_VERSION = 1;
const MAX_U32 = 0xffff_ffff;

const HEAD_POINTER = 'head';
const FINALIZED_POINTER = 'finalized';
const SCHEMA_VERSION_POINTER = 'schema-version';

/**
 * The devnet's persistent chain store (LMDB): blocks, the canonical chain of the current head, and the full state
 * history, so storage can be read at any stored block, including blocks of abandoned forks.
 *
 * Reads are synchronous and see every write whose promise has resolved. Writes are atomic, and durable once their
 * promise resolves: they survive the process being killed.
 *
 * Sub-databases:
 * - `blocks`: hash → encoded block (see `stored-block.ts`);
 * - `block-links`, `canonical`: the block tree and the canonical index (see `block-tree.ts`);
 * - `state-versions`: the state history (see `state-history.ts` and `key-encoding.ts`);
 * - `pointers`: head and finalized hashes, schema version;
 * - `meta`: named values of the chain layer.
 */
export class ChainDatabase {
  readonly #root: RootDatabase;
  readonly #blocks: Database<Buffer, Uint8Array>;
  readonly #pointers: Database<Uint8Array, string>;
  readonly #meta: Database<Uint8Array, string>;
  readonly #tree: BlockTree;
  readonly #state: StateHistory;
  readonly #temporaryDirectory: string | undefined;

  private constructor(root: RootDatabase, temporaryDirectory: string | undefined) {
    this.#root = root;
    this.#temporaryDirectory = temporaryDirectory;
    const binary = { keyEncoding: 'binary', encoding: 'binary' } as const;
    this.#blocks = root.openDB({ name: 'blocks', ...binary });
    this.#tree = new BlockTree(
      root.openDB({ name: 'block-links', ...binary }),
      root.openDB({ name: 'canonical', keyEncoding: 'uint32', encoding: 'binary' }),
    );
    this.#state = new StateHistory(root.openDB({ name: 'state-versions', ...binary }));
    this.#pointers = root.openDB({ name: 'pointers', encoding: 'binary' });
    this.#meta = root.openDB({ name: 'meta', encoding: 'binary' });
    this.#checkSchemaVersion();
  }

  static open(options: ChainDatabaseOptions): ChainDatabase {
    if ('inMemory' in options) {
      const directory = mkdtempSync(join(tmpdir(), 'bazari-chain-db-'));
      // Nothing survives close anyway, so skipping fsync costs no durability.
      return new ChainDatabase(open({ path: directory, noSync: true }), directory);
    }
    // A data dir is a directory even when its name has a dot (lmdb takes such a path for a file).
    return new ChainDatabase(open({ path: options.path, noSubdir: false }), undefined);
  }

  /** Waits for pending writes, closes the database, and deletes it if it was temporary. */
  async close(): Promise<void> {
    await this.#root.close();
    if (this.#temporaryDirectory !== undefined) await rm(this.#temporaryDirectory, { recursive: true, force: true });
  }

  /**
   * Atomically and durably stores a block and the state diff it produced; once resolved, a `kill -9` cannot lose it.
   *
   * The parent must be stored with number `block.number - 1`, except for the first block ever stored (the genesis,
   * or the base block of a fork of another chain), whose diff must create its whole state. Storing an already
   * stored block again is a no-op (apart from `options.setHead`).
   *
   * @throws {UnknownBlockError} the parent is not stored.
   * @throws {InvalidBlockError} malformed hashes or number, or a number not following the parent's.
   * @throws {RangeError} a storage key too long for LMDB (about 1,900 bytes).
   */
  async putBlock(block: StoredBlock, stateDiff: StateDiff, options: PutBlockOptions = {}): Promise<void> {
    assertStorable(block);
    const encodedBlock = encodeStoredBlock(block);
    const stateRecords = StateHistory.encodeDiff(block.number, block.hash, stateDiff);
    await this.#root.childTransaction(() => {
      if (!this.#blocks.doesExist(block.hash)) {
        this.#assertExtendsTree(block);
        this.#blocks.put(block.hash, encodedBlock);
        this.#tree.addLink(block.hash, { number: block.number, parentHash: block.parentHash });
        this.#state.write(stateRecords);
      }
      if (options.setHead) this.#setHeadInTransaction(block.hash);
    });
    await this.#root.flushed;
  }

  getBlock(blockHash: BytesLike): StoredBlock | undefined {
    const hash = toBytes(blockHash);
    const encoded = this.#blocks.get(hash);
    return encoded === undefined ? undefined : decodeStoredBlock(hash, encoded);
  }

  hasBlock(blockHash: BytesLike): boolean {
    return this.#blocks.doesExist(toBytes(blockHash));
  }

  /** The hash of the block at `blockNumber` in the ancestry of the current head. */
  getCanonicalHash(blockNumber: number): Uint8Array | undefined {
    if (!Number.isInteger(blockNumber) || blockNumber < 0 || blockNumber > MAX_U32) return undefined;
    return this.#tree.canonicalHash(blockNumber);
  }

  /**
   * Durably makes a stored block the head and rewrites the canonical index to its ancestry; blocks of the branch
   * left behind stay readable by hash.
   *
   * @throws {UnknownBlockError} the block is not stored.
   */
  async setHead(blockHash: BytesLike): Promise<void> {
    const hash = toBytes(blockHash);
    await this.#root.childTransaction(() => this.#setHeadInTransaction(hash));
    await this.#root.flushed;
  }

  getHead(): StoredBlock | undefined {
    return this.#blockAt(HEAD_POINTER);
  }

  /**
   * Durably records a stored block as the finalized one.
   *
   * @throws {UnknownBlockError} the block is not stored.
   */
  async setFinalized(blockHash: BytesLike): Promise<void> {
    const hash = toBytes(blockHash);
    await this.#root.childTransaction(() => {
      if (!this.#blocks.doesExist(hash)) throw new UnknownBlockError(hash, 'Cannot finalize unknown block');
      this.#pointers.put(FINALIZED_POINTER, hash);
    });
    await this.#root.flushed;
  }

  getFinalized(): StoredBlock | undefined {
    return this.#blockAt(FINALIZED_POINTER);
  }

  /**
   * The value of `key` in the state after `blockHash` was applied, or null if absent.
   *
   * @throws {UnknownBlockError} the block is not stored.
   */
  getStorage(blockHash: BytesLike, key: BytesLike): Uint8Array | null {
    return this.#state.read(this.#ancestryOf(blockHash), toBytes(key));
  }

  /**
   * Up to `count` keys starting with `prefix` present in the state after `blockHash`, in lexicographic byte order,
   * strictly after `startKey` when given.
   *
   * @throws {UnknownBlockError} the block is not stored.
   */
  getKeysPaged(blockHash: BytesLike, prefix: BytesLike, count: number, startKey?: BytesLike): Uint8Array[] {
    return this.getEntriesPaged(blockHash, prefix, count, startKey).map(([key]) => key);
  }

  /**
   * Like `getKeysPaged`, with the values: reading a whole state or prefix this way costs about one LMDB step per
   * entry instead of a seek per key.
   *
   * @throws {UnknownBlockError} the block is not stored.
   */
  getEntriesPaged(blockHash: BytesLike, prefix: BytesLike, count: number, startKey?: BytesLike): StorageEntry[] {
    const ancestry = this.#ancestryOf(blockHash);
    return this.#state.entriesPaged(
      ancestry,
      toBytes(prefix),
      count,
      startKey === undefined ? undefined : toBytes(startKey),
    );
  }

  /** A small named value of the chain layer (chain spec hash, block build mode, ...). */
  getMeta(name: string): Uint8Array | undefined {
    const value = this.#meta.get(name);
    return value === undefined ? undefined : byteView(value);
  }

  /** Durably stores a small named value. */
  async putMeta(name: string, value: Uint8Array): Promise<void> {
    await this.#meta.put(name, value);
    await this.#root.flushed;
  }

  #ancestryOf(blockHash: BytesLike): Ancestry {
    const hash = toBytes(blockHash);
    const ancestry = this.#tree.ancestryOf(hash);
    if (ancestry === undefined) throw new UnknownBlockError(hash);
    return ancestry;
  }

  #blockAt(pointer: typeof HEAD_POINTER | typeof FINALIZED_POINTER): StoredBlock | undefined {
    const hash = this.#pointers.get(pointer);
    return hash === undefined ? undefined : this.getBlock(hash);
  }

  #assertExtendsTree(block: StoredBlock): void {
    const parentLink = this.#tree.linkOf(block.parentHash);
    if (parentLink === undefined) {
      if (this.#tree.isEmpty()) return;
      throw new UnknownBlockError(block.parentHash, `Parent of block #${block.number} is not stored`);
    }
    if (block.number !== parentLink.number + 1) {
      throw new InvalidBlockError(`Block #${block.number} cannot be a child of block #${parentLink.number}`);
    }
  }

  #setHeadInTransaction(hash: Uint8Array): void {
    const link = this.#tree.linkOf(hash);
    if (link === undefined) throw new UnknownBlockError(hash, 'Cannot set head to unknown block');
    this.#tree.makeCanonical(hash, link);
    this.#pointers.put(HEAD_POINTER, hash);
  }

  #checkSchemaVersion(): void {
    const stored = this.#pointers.get(SCHEMA_VERSION_POINTER);
    if (stored === undefined) {
      this.#pointers.putSync(SCHEMA_VERSION_POINTER, Uint8Array.of(SCHEMA_VERSION));
    } else if (stored.length !== 1 || stored[0] !== SCHEMA_VERSION) {
      throw new Error(`Unsupported chain database schema version ${stored[0]}, expected ${SCHEMA_VERSION}`);
    }
  }
}

function assertStorable(block: StoredBlock): void {
  if (block.hash.length !== BLOCK_HASH_SIZE || block.parentHash.length !== BLOCK_HASH_SIZE) {
    throw new InvalidBlockError(`Block and parent hashes must be ${BLOCK_HASH_SIZE} bytes`);
  }
  if (!Number.isInteger(block.number) || block.number < 0 || block.number > MAX_U32) {
    throw new InvalidBlockError(`Block number ${block.number} is not a u32`);
  }
}
