import { hexToU8a } from '@polkadot/util';
import { PoolError, type TransactionStatus } from '../../blockchain/txpool.ts';
import { RpcError } from '../errors.ts';
import type { RpcHandlers } from '../types.ts';
import { hexParam, type NodeContext } from './context.ts';

function submit(ctx: NodeContext, param: unknown): string {
  const bytes = hexToU8a(hexParam(param, 'extrinsic'));
  try {
    return ctx.pool.submit(bytes);
  } catch (error) {
    if (error instanceof PoolError) throw new RpcError(error.code, error.message, error.data);
    throw error;
  }
}

/** As `submit`, with the signature checked on the pool's verifier thread (see `TransactionPool.submitAsync`). */
async function submitAsync(ctx: NodeContext, param: unknown): Promise<string> {
  const bytes = hexToU8a(hexParam(param, 'extrinsic'));
  try {
    return await ctx.pool.submitAsync(bytes);
  } catch (error) {
    if (error instanceof PoolError) throw new RpcError(error.code, error.message, error.data);
    throw error;
  }
}

/** Statuses after which Substrate closes the watch subscription. */
function isFinal(status: TransactionStatus): boolean {
  return (
    status === 'dropped' ||
    status === 'invalid' ||
    (typeof status === 'object' && ('finalized' in status || 'usurped' in status || 'retracted' in status))
  );
}

/** `author_*`: transaction submission, watching and the pending pool. */
export function authorMethods(ctx: NodeContext): RpcHandlers['methods'] {
  return {
    author_submitExtrinsic: ([extrinsic]) => submitAsync(ctx, extrinsic),
    author_pendingExtrinsics: () =>
      ctx.pool.ready().map((extrinsic) => `0x${Buffer.from(extrinsic.bytes).toString('hex')}`),
    author_removeExtrinsic: ([hashes]) => {
      if (!Array.isArray(hashes)) throw new RpcError(-32602, 'Invalid params', 'expected an array of extrinsic hashes');
      return hashes
        .map((entry) => (typeof entry === 'object' && entry !== null ? (entry as { hash?: string }).hash : entry))
        .filter((hash): hash is string => typeof hash === 'string' && ctx.pool.remove(hash.toLowerCase()));
    },
  };
}

export function authorSubscriptions(ctx: NodeContext): RpcHandlers['subscriptions'] {
  return {
    author_submitAndWatchExtrinsic: {
      notification: 'author_extrinsicUpdate',
      unsubscribe: ['author_unwatchExtrinsic'],
      subscribe: ([extrinsic], sink) => {
        let watched: string | undefined;
        const listener = (hash: string, status: TransactionStatus) => {
          if (hash !== watched) return;
          sink.next(status);
          if (isFinal(status)) {
            ctx.pool.off('status', listener);
            sink.end();
          }
        };
        ctx.pool.on('status', listener);
        try {
          watched = submit(ctx, extrinsic);
        } catch (error) {
          ctx.pool.off('status', listener);
          throw error;
        }
        return () => {
          ctx.pool.off('status', listener);
        };
      },
    },
  };
}
