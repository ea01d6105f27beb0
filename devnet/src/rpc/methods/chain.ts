import { isHex } from '@polkadot/util';
// Buffer's hex encoding: several times faster than util's on the block and storage bytes the node serves.
import { toHex } from '../../database/bytes.ts';
import type { StoredBlock } from '../../database/chain-database.ts';
import type { RpcHandlers, SubscriptionSink } from '../types.ts';
import { blockJson, headerJson, invalidParams, type NodeContext, optionalHashParam } from './context.ts';

/** `chain_*`: blocks, headers, hashes by number, and head subscriptions. */
export function chainMethods(ctx: NodeContext): RpcHandlers['methods'] {
  const { chain } = ctx;
  const blockOrHead = (hashParam: unknown): StoredBlock | undefined => {
    const hash = optionalHashParam(hashParam);
    return hash === undefined ? chain.head : chain.getBlock(hash);
  };
  const hashAt = (value: unknown): string | null => {
    if (value === undefined || value === null) return toHex(chain.head.hash);
    const number = blockNumberParam(value);
    const hash = chain.getCanonicalHash(number);
    return hash ? toHex(hash) : null;
  };
  const getBlockHash = ([value]: unknown[]) => (Array.isArray(value) ? value.map(hashAt) : hashAt(value));
  const getFinalizedHead = () => toHex(chain.finalized.hash);
  return {
    chain_getBlockHash: getBlockHash,
    chain_getHead: getBlockHash,
    chain_getFinalizedHead: getFinalizedHead,
    chain_getFinalisedHead: getFinalizedHead,
    chain_getHeader: ([hash]) => {
      const block = blockOrHead(hash);
      return block ? headerJson(ctx, block) : null;
    },
    chain_getBlock: ([hash]) => {
      const block = blockOrHead(hash);
      return block ? blockJson(ctx, block) : null;
    },
  };
}

export function chainSubscriptions(ctx: NodeContext): RpcHandlers['subscriptions'] {
  const { chain } = ctx;
  const follow = (event: 'head' | 'finalized' | 'imported', initial: () => StoredBlock) => {
    return (_params: unknown[], sink: SubscriptionSink) => {
      sink.next(headerJson(ctx, initial()));
      const listener = (block: StoredBlock) => sink.next(headerJson(ctx, block));
      chain.on(event, listener);
      return () => {
        chain.off(event, listener);
      };
    };
  };
  const newHeads = (unsubscribe: string) => ({
    notification: 'chain_newHead',
    unsubscribe: [unsubscribe],
    subscribe: follow('head', () => chain.head),
  });
  const finalizedHeads = (unsubscribe: string) => ({
    notification: 'chain_finalizedHead',
    unsubscribe: [unsubscribe],
    subscribe: follow('finalized', () => chain.finalized),
  });
  // Substrate's aliases: each subscribe name is cancelled by the unsubscribe name of the same spelling.
  return {
    chain_subscribeNewHead: newHeads('chain_unsubscribeNewHead'),
    chain_subscribeNewHeads: newHeads('chain_unsubscribeNewHeads'),
    chain_subscribeFinalizedHeads: finalizedHeads('chain_unsubscribeFinalizedHeads'),
    chain_subscribeFinalisedHeads: finalizedHeads('chain_unsubscribeFinalisedHeads'),
    chain_subscribeAllHeads: {
      notification: 'chain_allHead',
      unsubscribe: ['chain_unsubscribeAllHeads'],
      subscribe: follow('imported', () => chain.head),
    },
  };
}

/** A block number as polkadot-js (number) or the Subsquid processor (hex string, odd lengths too: `0x2`) sends it. */
export function blockNumberParam(value: unknown): number {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && isHex(value, -1, true) && value.length > 2
        ? Number.parseInt(value, 16)
        : Number.NaN;
  if (!Number.isInteger(number) || number < 0 || number > 0xffffffff) {
    throw invalidParams('block number: expected an unsigned 32-bit integer or its hex');
  }
  return number;
}
