import { u8aToHex } from '@polkadot/util';
import type { BlockBuildMode } from '../../blockchain/txpool.ts';
import type { RpcHandlers } from '../types.ts';
import { blockNumberParam } from './chain.ts';
import { hexParam, invalidParams, type NodeContext } from './context.ts';

/** The largest time a JS `Date` represents (year 275760), in milliseconds since the epoch. */
const MAX_DATE_MS = 8.64e15;

const BUILD_MODES: Record<string, BlockBuildMode> = { instant: 'instant', interval: 'interval', manual: 'manual' };

/** `dev_*`: block production and chain control in the style of Chopsticks. */
export function devMethods(ctx: NodeContext): RpcHandlers['methods'] {
  return {
    /** `dev_newBlock({ count?, to? })`: builds blocks from the pool now; returns the last block's hash. */
    dev_newBlock: async ([options]) => {
      const { count, to } = (options ?? {}) as { count?: unknown; to?: unknown };
      let blocks = count === undefined ? 1 : Number(count);
      if (to !== undefined) blocks = blockNumberParam(to) - ctx.chain.head.number;
      if (!Number.isInteger(blocks) || blocks < 1 || blocks > 10_000) {
        throw invalidParams('count: expected 1 to 10000 blocks (or `to` above the head)');
      }
      for (let built = 0; built < blocks; built++) await ctx.pool.buildBlock();
      return u8aToHex(ctx.chain.head.hash);
    },
    /** `dev_setHead(hashOrNumber)`: moves the head back to a stored block, to build a competing branch. */
    dev_setHead: async ([target]) => {
      const head =
        typeof target === 'string' && target.length === 66
          ? hexParam(target, 'hash')
          : blockNumberParam(target ?? Number.NaN);
      try {
        const block = await ctx.chain.setHead(head);
        return u8aToHex(block.hash);
      } catch (error) {
        throw invalidParams((error as Error).message);
      }
    },
    /** `dev_timeTravel(date)`: the next block's timestamp (milliseconds or an ISO date); returns it. */
    dev_timeTravel: ([date]) => {
      const timestamp = typeof date === 'number' ? date : typeof date === 'string' ? Date.parse(date) : Number.NaN;
      // Up to the last instant a JS Date can hold: a larger value would not fit the u64 Timestamp.Now of the
      // next block, and block production would fail from then on.
      if (!Number.isFinite(timestamp) || timestamp < 0 || timestamp > MAX_DATE_MS) {
        throw invalidParams('date: expected milliseconds or an ISO date');
      }
      ctx.chain.timeTravel(BigInt(Math.trunc(timestamp)));
      return Math.trunc(timestamp);
    },
    /** `dev_setBlockBuildMode('Instant' | 'Interval' | 'Manual')`. */
    dev_setBlockBuildMode: ([mode]) => {
      const buildMode = typeof mode === 'string' ? BUILD_MODES[mode.toLowerCase()] : undefined;
      if (!buildMode) throw invalidParams('mode: expected Instant, Interval or Manual');
      ctx.pool.setMode(buildMode);
      return null;
    },
  };
}
