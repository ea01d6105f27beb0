/** The devnet's own RPC methods, through an `ApiPromise`. */
import type { ApiPromise } from '@polkadot/api';

/** Builds `count` blocks now (`dev_newBlock`); returns the last one's hash. */
export async function newBlocks(api: ApiPromise, count = 1): Promise<string> {
  return (await api.rpc('dev_newBlock' as never, { count } as never)) as unknown as string;
}

/** Sets the next block's timestamp (`dev_timeTravel`, milliseconds). */
export async function timeTravel(api: ApiPromise, timestamp: number): Promise<void> {
  await api.rpc('dev_timeTravel' as never, timestamp as never);
}
