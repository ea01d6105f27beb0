import { EventEmitter } from 'node:events';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { BlockContext } from '../runtime/context.ts';
import { decodeExtrinsic, type Extrinsic, ExtrinsicFormatError } from '../runtime/extrinsic.ts';
import type { SignatureVerifier } from '../runtime/signature-verifier.ts';
import { StorageOverlay } from '../runtime/state.ts';
import { InvalidTransactionError, noteSignatureVerified, type ValidTransaction } from '../runtime/validation.ts';
import type { BuiltBlock } from './block-builder.ts';
import type { Blockchain } from './blockchain.ts';

export type BlockBuildMode = 'instant' | 'interval' | 'manual';

/** The statuses `author_submitAndWatchExtrinsic` reports, in polkadot-js's wire form. */
export type TransactionStatus =
  | 'future'
  | 'ready'
  | { readonly inBlock: string }
  | { readonly retracted: string }
  | { readonly finalized: string }
  | { readonly usurped: string }
  | 'dropped'
  | 'invalid';

/** A submission the pool refuses, with the author RPC error code a Substrate node answers. */
export class PoolError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: string,
  ) {
    super(message);
  }
}

interface PooledTransaction {
  readonly extrinsic: Extrinsic;
  readonly hash: string;
  readonly signer: string;
  readonly nonce: number;
  readonly priority: bigint;
  /** Ready: every nonce from the account's current one up to this one is in the pool; otherwise future. */
  ready: boolean;
}

/** How long after the first arrival an instant-mode block waits for more transactions. */
const INSTANT_BATCH_MS = 3;
/** Substrate bans an included transaction's hash from re-entering the pool for 30 minutes. */
const BAN_TIME_MS = 30 * 60 * 1000;

/**
 * The transaction pool: validates submissions against the block after the head, keeps
 * transactions whose nonce is not due yet as "future", and produces blocks according to the
 * build mode (instant, interval or manual), reporting each transaction's status to watchers.
 */
export class TransactionPool extends EventEmitter<{ status: [string, TransactionStatus] }> {
  readonly #transactions = new Map<string, PooledTransaction>();
  /** The same transactions by signer, then nonce: duplicate-nonce and readiness checks without a scan of the pool. */
  readonly #bySigner = new Map<string, Map<number, PooledTransaction>>();
  /** Hashes included in a block, with the block hash, until that block is finalized. */
  readonly #awaitingFinality = new Map<string, { block: string; number: number }>();
  readonly #banned = new Map<string, number>();
  #mode: BlockBuildMode;
  #blockTime: number;
  #timer: NodeJS.Timeout | undefined;
  #building: Promise<unknown> | undefined;

  constructor(
    readonly chain: Blockchain,
    mode: BlockBuildMode,
    blockTime: number,
    /** Receives failures of automatic block production, which has no caller to report to. */
    private readonly onError: (error: unknown) => void,
  ) {
    super();
    // One 'status' listener per watched transaction: any number may be in flight.
    this.setMaxListeners(0);
    this.#mode = mode;
    this.#blockTime = blockTime;
    chain.on('finalized', (block) => this.onFinalized(block.number));
    this.applyMode();
  }

  get mode(): BlockBuildMode {
    return this.#mode;
  }

  setMode(mode: BlockBuildMode): void {
    this.#mode = mode;
    this.applyMode();
  }

  close(): void {
    clearTimeout(this.#timer);
    clearInterval(this.#timer);
  }

  /** Checks signatures on another thread ahead of `submitAsync`; see `useSignatureVerifier`. */
  #verifier: SignatureVerifier | undefined;

  /**
   * Lets `submitAsync` verify signatures on the verifier's thread before validating on this one, which then
   * skips the signature (the most expensive check) when it passed.
   */
  useSignatureVerifier(verifier: SignatureVerifier | undefined): void {
    this.#verifier = verifier;
  }

  /** Validates and adds an extrinsic; returns its hash. Throws PoolError when it is refused. */
  submit(bytes: Uint8Array): string {
    return this.admit(this.decode(bytes));
  }

  /**
   * As `submit`, with the signature verified first by the signature verifier, if any, while this thread goes on
   * with other work. Rejects with PoolError when the extrinsic is refused; the outcome is the same as `submit`'s.
   */
  async submitAsync(bytes: Uint8Array): Promise<string> {
    const extrinsic = this.decode(bytes);
    const verifier = this.#verifier;
    if (verifier && !this.#transactions.has(u8aToHex(extrinsic.hash))) {
      const pending = this.chain.executive.signatureCheck(this.nextBlockContext(), extrinsic);
      if (pending && (await verifier.verify(pending.check))) noteSignatureVerified(extrinsic, pending.checkpoint);
    }
    return this.admit(extrinsic);
  }

  private admit(extrinsic: Extrinsic): string {
    const hash = u8aToHex(extrinsic.hash);
    if (this.#transactions.has(hash)) throw new PoolError(1013, 'Transaction Already Imported');
    const bannedAt = this.#banned.get(hash);
    if (bannedAt !== undefined && Date.now() - bannedAt < BAN_TIME_MS) {
      throw new PoolError(1012, 'Transaction is temporarily banned');
    }
    const valid = this.validate(extrinsic);
    const signer = u8aToHex(valid.signer);
    const other = this.#bySigner.get(signer)?.get(valid.nonce);
    if (other) {
      if (other.priority >= valid.priority) {
        throw new PoolError(
          1014,
          `Priority is too low: (${other.priority} vs ${valid.priority})`,
          'The transaction has too low priority to replace another transaction already in the pool.',
        );
      }
      this.#delete(other.hash);
      this.emit('status', other.hash, { usurped: hash });
    }
    const transaction: PooledTransaction = {
      extrinsic,
      hash,
      signer,
      nonce: valid.nonce,
      priority: valid.priority,
      ready: false,
    };
    this.#add(transaction);
    const promoted = this.refreshReadiness(signer, valid.accountNonce);
    queueMicrotask(() => {
      this.emit('status', hash, transaction.ready ? 'ready' : 'future');
      // Transactions that waited for this nonce (Substrate reports them Ready once promoted from the future queue).
      for (const other of promoted) if (other !== transaction) this.emit('status', other.hash, 'ready');
    });
    // Instant mode builds when a transaction can go in: a future one waits for the nonce it needs.
    if (this.#mode === 'instant' && transaction.ready) this.scheduleInstantBlock();
    return hash;
  }

  /** Checks an extrinsic as `TaggedTransactionQueue_validate_transaction` does, on the block after the head. */
  validate(extrinsic: Extrinsic): ValidTransaction {
    const ctx = this.nextBlockContext();
    try {
      return this.chain.executive.validate(ctx, extrinsic);
    } catch (error) {
      if (error instanceof InvalidTransactionError) {
        const { validity } = error;
        if (validity.kind === 'Invalid') throw new PoolError(1010, 'Invalid Transaction', error.message);
        // Substrate sends the Debug form of UnknownTransaction here, e.g. `NoUnsignedValidator`, `Custom(3)`.
        const { reason } = validity;
        const debug = reason.__kind === 'Custom' ? `Custom(${reason.value})` : reason.__kind;
        throw new PoolError(1011, 'Unknown Transaction Validity', debug);
      }
      throw error;
    }
  }

  /** A context for the block after the head, as the runtime sees it when validating transactions. */
  private nextBlockContext(): BlockContext {
    const chain = this.chain;
    const head = chain.head;
    const overlay = new StorageOverlay(chain.headState());
    const ctx = new BlockContext(
      chain.model,
      overlay,
      { number: head.number + 1, parentHash: head.hash, timestamp: chain.nextTimestamp() },
      chain.executive.dispatcher,
    );
    ctx.state.set('System', 'BlockHash', [head.number], head.hash);
    return ctx;
  }

  decode(bytes: Uint8Array): Extrinsic {
    try {
      return decodeExtrinsic(this.chain.model, bytes);
    } catch (error) {
      if (error instanceof ExtrinsicFormatError) {
        throw new PoolError(1002, 'Verification Error: Runtime error: Could not decode `tx`', error.message);
      }
      throw error;
    }
  }

  /** Every transaction in the pool, ready or future. */
  pending(): Extrinsic[] {
    return [...this.#transactions.values()].map((transaction) => transaction.extrinsic);
  }

  /** The transactions that can go in the next block (`author_pendingExtrinsics` lists these, as Substrate). */
  ready(): Extrinsic[] {
    return [...this.#transactions.values()]
      .filter((transaction) => transaction.ready)
      .map((transaction) => transaction.extrinsic);
  }

  remove(hash: string): boolean {
    const removed = this.#delete(hash);
    if (removed) this.emit('status', hash, 'dropped');
    return removed;
  }

  /** Builds one block from the pool now (dev_newBlock, interval ticks, instant mode). */
  buildBlock(): Promise<BuiltBlock> {
    const build = (async () => {
      await this.#building;
      const candidates = this.orderedCandidates();
      const built = await this.chain.newBlock(candidates.map((transaction) => transaction.extrinsic));
      this.afterBlock(built);
      return built;
    })();
    this.#building = build.catch(() => undefined);
    return build;
  }

  private orderedCandidates(): PooledTransaction[] {
    const candidates: PooledTransaction[] = [];
    for (const queue of this.#bySigner.values()) {
      const sorted = queue.size === 1 ? queue.values() : [...queue.values()].sort((a, b) => a.nonce - b.nonce);
      for (const transaction of sorted) candidates.push(transaction);
    }
    return candidates;
  }

  private afterBlock(built: BuiltBlock): void {
    const blockHash = u8aToHex(built.hash);
    const now = Date.now();
    for (const extrinsic of built.included) {
      const hash = u8aToHex(extrinsic.hash);
      this.#delete(hash);
      this.#banned.delete(hash);
      this.#banned.set(hash, now);
      this.#awaitingFinality.set(hash, { block: blockHash, number: built.number });
      this.emit('status', hash, { inBlock: blockHash });
    }
    for (const { extrinsic } of built.rejected) {
      const hash = u8aToHex(extrinsic.hash);
      this.#delete(hash);
      this.emit('status', hash, 'invalid');
    }
    // Bans are kept in the order they were made, so the expired ones are at the front.
    for (const [hash, bannedAt] of this.#banned) {
      if (now - bannedAt < BAN_TIME_MS) break;
      this.#banned.delete(hash);
    }
    for (const signer of [...this.#bySigner.keys()]) {
      for (const promoted of this.refreshReadiness(signer, this.accountNonce(signer))) {
        this.emit('status', promoted.hash, 'ready');
      }
    }
    this.onFinalized(this.chain.finalized.number);
    if (this.#mode === 'instant' && built.deferred.length > 0 && built.included.length > 0) this.scheduleInstantBlock();
  }

  private onFinalized(finalizedNumber: number): void {
    for (const [hash, inclusion] of this.#awaitingFinality) {
      if (inclusion.number > finalizedNumber) continue;
      this.#awaitingFinality.delete(hash);
      const canonical = this.chain.getCanonicalHash(inclusion.number);
      const status: TransactionStatus =
        canonical && u8aToHex(canonical) === inclusion.block
          ? { finalized: inclusion.block }
          : { retracted: inclusion.block };
      this.emit('status', hash, status);
    }
  }

  /**
   * Marks `signer`'s transactions ready when every nonce from `accountNonce` up to theirs is in the pool, future
   * otherwise; returns those that were future and are now ready.
   */
  private refreshReadiness(signer: string, accountNonce: number): PooledTransaction[] {
    const nonces = this.#bySigner.get(signer) ?? new Map<number, PooledTransaction>();
    const queue = [...nonces.values()];
    let gap = accountNonce;
    while (nonces.has(gap)) gap++;
    const promoted: PooledTransaction[] = [];
    for (const transaction of queue) {
      const ready = transaction.nonce >= accountNonce && transaction.nonce < gap;
      if (ready && !transaction.ready) promoted.push(transaction);
      transaction.ready = ready;
    }
    return promoted.sort((a, b) => a.nonce - b.nonce);
  }

  #add(transaction: PooledTransaction): void {
    this.#transactions.set(transaction.hash, transaction);
    const queue = this.#bySigner.get(transaction.signer);
    if (queue) queue.set(transaction.nonce, transaction);
    else this.#bySigner.set(transaction.signer, new Map([[transaction.nonce, transaction]]));
  }

  /** Removes a transaction from the pool and from its signer's queue. */
  #delete(hash: string): boolean {
    const transaction = this.#transactions.get(hash);
    if (!transaction) return false;
    this.#transactions.delete(hash);
    const queue = this.#bySigner.get(transaction.signer);
    if (queue?.get(transaction.nonce) === transaction) {
      queue.delete(transaction.nonce);
      if (queue.size === 0) this.#bySigner.delete(transaction.signer);
    }
    return true;
  }

  /** The nonce `signer` (0x-hex account id) has in the head's state. */
  private accountNonce(signer: string): number {
    const entry = this.chain.model.storage('System', 'Account');
    const key = u8aToHex(entry.key(hexToU8a(signer)));
    return (entry.decodeValue(this.chain.headState().get(key)) as { nonce: number }).nonce;
  }

  private scheduleInstantBlock(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.buildBlock().catch(this.onError);
    }, INSTANT_BATCH_MS);
  }

  private applyMode(): void {
    clearTimeout(this.#timer);
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#mode === 'interval') {
      this.#timer = setInterval(() => {
        this.buildBlock().catch(this.onError);
      }, this.#blockTime);
    } else if (this.#mode === 'instant' && this.#transactions.size > 0) this.scheduleInstantBlock();
  }
}
