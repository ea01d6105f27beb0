import type { RuntimeModel } from '@bazari/chain-types';
import { BlockContext } from '../runtime/context.ts';
import type { Executive } from '../runtime/executive.ts';
import { decodeExtrinsic, type Extrinsic, encodeUnsignedExtrinsic } from '../runtime/extrinsic.ts';
import { type StateReader, type StorageDiff, StorageOverlay } from '../runtime/state.ts';
import { InvalidTransactionError } from '../runtime/validation.ts';
import { WEIGHTS } from '../runtime/weights.ts';
import type { IncrementalTrie } from '../trie/index.ts';
import { orderedTrieRoot } from '../trie/index.ts';
import { encodeHeader, hashHeader } from './header.ts';

export interface ParentBlock {
  readonly hash: Uint8Array;
  readonly number: number;
}

export interface BuiltBlock {
  readonly hash: Uint8Array;
  readonly number: number;
  readonly parentHash: Uint8Array;
  readonly header: Uint8Array;
  readonly extrinsics: readonly Uint8Array[];
  readonly diff: StorageDiff;
  /** The candidates that went in, in block order (after the inherent). */
  readonly included: readonly Extrinsic[];
  /** Candidates that are invalid on this block and must leave the pool. */
  readonly rejected: readonly { readonly extrinsic: Extrinsic; readonly error: InvalidTransactionError }[];
  /** Candidates kept for a later block: the block was full, or their nonce is not due yet. */
  readonly deferred: readonly Extrinsic[];
}

/**
 * Builds a block on `parent`: the Timestamp inherent, then as many candidates as the block's
 * weight and length limits allow, then finalization; `trie` (the parent's state) is updated
 * in place to the new block's state and gives its state root.
 */
export function buildBlock(
  model: RuntimeModel,
  executive: Executive,
  parent: ParentBlock,
  parentState: StateReader,
  trie: IncrementalTrie,
  candidates: readonly Extrinsic[],
  timestamp: bigint,
): BuiltBlock {
  const overlay = new StorageOverlay(parentState);
  const ctx = new BlockContext(
    model,
    overlay,
    { number: parent.number + 1, parentHash: parent.hash, timestamp },
    executive.dispatcher,
  );
  executive.initializeBlock(ctx);
  const inherent = decodeExtrinsic(
    model,
    encodeUnsignedExtrinsic(model, { __kind: 'Timestamp', value: { __kind: 'set', now: timestamp } }),
  );
  executive.applyInherent(ctx, 0, inherent);

  const limits = blockLimits(model);
  let weight = 0n;
  let length = inherent.bytes.length;
  const included: Extrinsic[] = [];
  const rejected: { extrinsic: Extrinsic; error: InvalidTransactionError }[] = [];
  const deferred: Extrinsic[] = [];
  for (const extrinsic of candidates) {
    const extrinsicWeight = executive.dispatcher.info(extrinsic.call).weight + WEIGHTS.extrinsicBase;
    if (weight + extrinsicWeight > limits.weight || length + extrinsic.bytes.length > limits.length) {
      deferred.push(extrinsic);
      continue;
    }
    try {
      executive.applyExtrinsic(ctx, included.length + 1, extrinsic);
    } catch (error) {
      if (!(error instanceof InvalidTransactionError)) throw error;
      const reason = error.validity.reason.__kind;
      if (reason === 'Future') deferred.push(extrinsic);
      else rejected.push({ extrinsic, error });
      continue;
    }
    included.push(extrinsic);
    weight += extrinsicWeight;
    length += extrinsic.bytes.length;
  }
  executive.finalizeBlock(ctx);

  const diff = overlay.diff();
  for (const [key, value] of diff) trie.set(Buffer.from(key.slice(2), 'hex'), value);
  const extrinsics = [inherent.bytes, ...included.map((extrinsic) => extrinsic.bytes)];
  const header = encodeHeader(model, {
    parent_hash: parent.hash,
    number: parent.number + 1,
    state_root: trie.root(),
    extrinsics_root: orderedTrieRoot(extrinsics),
    digest: { logs: [] },
  });
  return {
    hash: hashHeader(header),
    number: parent.number + 1,
    parentHash: parent.hash,
    header,
    extrinsics,
    diff,
    included,
    rejected,
    deferred,
  };
}

function blockLimits(model: RuntimeModel): { weight: bigint; length: number } {
  const weights = model.constant('System', 'BlockWeights') as {
    per_class: { normal: { max_total: { ref_time: bigint } | null } };
  };
  const length = model.constant('System', 'BlockLength') as { max: { normal: number } };
  return { weight: weights.per_class.normal.max_total?.ref_time ?? 0n, length: length.max.normal };
}
