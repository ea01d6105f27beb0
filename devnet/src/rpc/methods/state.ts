import { runtimeVersion } from '@bazari/chain-types';
import { hexToU8a } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
// Buffer's hex encoding: several times faster than util's on the block and storage bytes the node serves.
import { toHex } from '../../database/bytes.ts';
import type { StoredBlock } from '../../database/chain-database.ts';
import { RuntimeApiError } from '../../runtime/runtime-api.ts';
import { RpcError } from '../errors.ts';
import type { RpcHandlers, SubscriptionSink } from '../types.ts';
import { blockAt, hexParam, invalidParams, type NodeContext } from './context.ts';

/** The largest page `state_getKeysPaged` serves, as a Substrate node. */
const MAX_KEYS_PAGE = 1000;

export function runtimeVersionJson() {
  return {
    specName: runtimeVersion.spec_name,
    implName: runtimeVersion.impl_name,
    authoringVersion: runtimeVersion.authoring_version,
    specVersion: runtimeVersion.spec_version,
    implVersion: runtimeVersion.impl_version,
    apis: runtimeVersion.apis.map(([id, version]) => [toHex(id), version]),
    transactionVersion: runtimeVersion.transaction_version,
    stateVersion: runtimeVersion.system_version,
  };
}

/** `state_*`: storage at any stored block, runtime calls, metadata, and storage subscriptions. */
export function stateMethods(ctx: NodeContext): RpcHandlers['methods'] {
  const storageAt = (block: StoredBlock, key: string) => {
    const value = ctx.chain.stateAt(block.hash).get(key);
    return value === null ? null : toHex(value);
  };
  const getStorage = ([key, hash]: unknown[]) => storageAt(blockAt(ctx, hash), hexParam(key, 'key'));
  const getKeysPaged = ([prefix, count, startKey, hash]: unknown[]) => {
    const block = blockAt(ctx, hash);
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
      throw invalidParams('count: expected a number');
    if (count > MAX_KEYS_PAGE)
      throw invalidParams(`count exceeds maximum value. value: ${count}, max: ${MAX_KEYS_PAGE}`);
    const keys = ctx.chain.database.getKeysPaged(
      block.hash,
      hexParam(prefix ?? '0x', 'prefix'),
      count,
      startKey === undefined || startKey === null ? undefined : hexParam(startKey, 'startKey'),
    );
    return keys.map((key) => toHex(key));
  };
  const getRuntimeVersion = ([hash]: unknown[]) => {
    blockAt(ctx, hash);
    return runtimeVersionJson();
  };
  return {
    state_getStorage: getStorage,
    state_getStorageAt: getStorage,
    state_getStorageHash: ([key, hash]) => {
      const value = storageAt(blockAt(ctx, hash), hexParam(key, 'key'));
      return value === null ? null : blake2AsHex(hexToU8a(value), 256);
    },
    state_getStorageSize: ([key, hash]) => {
      const value = storageAt(blockAt(ctx, hash), hexParam(key, 'key'));
      return value === null ? null : (value.length - 2) / 2;
    },
    state_getKeysPaged: getKeysPaged,
    state_getKeysPagedAt: getKeysPaged,
    state_queryStorageAt: ([keys, hash]) => {
      if (!Array.isArray(keys)) throw invalidParams('keys: expected an array');
      const block = blockAt(ctx, hash);
      return [{ block: toHex(block.hash), changes: keys.map((key) => [key, storageAt(block, hexParam(key, 'key'))]) }];
    },
    state_getRuntimeVersion: getRuntimeVersion,
    chain_getRuntimeVersion: getRuntimeVersion,
    state_getMetadata: ([hash]) => {
      blockAt(ctx, hash);
      return toHex(ctx.runtimeApi.metadata(14));
    },
    state_call: ([method, data, hash]) => {
      if (typeof method !== 'string') throw invalidParams('method: expected a string');
      const block = blockAt(ctx, hash);
      try {
        const output = ctx.runtimeApi.call(method, hexToU8a(hexParam(data ?? '0x', 'data')), {
          block,
          state: ctx.chain.stateAt(block.hash),
        });
        return toHex(output);
      } catch (error) {
        if (error instanceof RuntimeApiError) {
          throw new RpcError(4003, `Client error: Execution failed: ${error.message}`);
        }
        throw error;
      }
    },
  };
}

export function stateSubscriptions(ctx: NodeContext): RpcHandlers['subscriptions'] {
  const { chain } = ctx;
  return {
    state_subscribeRuntimeVersion: {
      notification: 'state_runtimeVersion',
      unsubscribe: ['state_unsubscribeRuntimeVersion'],
      subscribe: (_params, sink) => {
        sink.next(runtimeVersionJson());
        return () => {};
      },
    },
    state_subscribeStorage: {
      notification: 'state_storage',
      unsubscribe: ['state_unsubscribeStorage'],
      subscribe: ([keysParam], sink: SubscriptionSink) => {
        if (!Array.isArray(keysParam) || keysParam.length === 0) {
          throw invalidParams('keys: subscribing to every storage change is not supported; pass the keys');
        }
        const keys = keysParam.map((key) => hexParam(key, 'key'));
        let last = new Map(keys.map((key) => [key, readHead(key)]));
        sink.next({ block: toHex(chain.head.hash), changes: keys.map((key) => [key, last.get(key) ?? null]) });
        const listener = (block: StoredBlock) => {
          const current = new Map(keys.map((key) => [key, readHead(key)]));
          const changes = keys
            .filter((key) => current.get(key) !== last.get(key))
            .map((key) => [key, current.get(key)]);
          last = current;
          if (changes.length > 0) sink.next({ block: toHex(block.hash), changes });
        };
        chain.on('head', listener);
        return () => {
          chain.off('head', listener);
        };
      },
    },
  };

  function readHead(key: string): string | null {
    const value = chain.headState().get(key);
    return value === null ? null : toHex(value);
  }
}
