import {
  type Call as _Call,
  type Event as _Event,
  type Extrinsic as _Extrinsic,
  type BlockHeader,
  type DataHandlerContext,
  SubstrateBatchProcessor,
  type SubstrateBatchProcessorFields,
} from '@subsquid/substrate-processor';
import { calls, events } from './types/index.ts';

/** Every event the squid indexes: the four Bazari pallets, the Assets pallet (ZARI) and failed extrinsics. */
export const INDEXED_EVENTS: readonly string[] = [
  ...[events.commerce, events.escrow, events.rewards, events.dispute, events.assets].flatMap((pallet) =>
    Object.values(pallet).map((event) => event.name),
  ),
  events.system.extrinsicFailed.name,
  // Failures inside batches, dispatch_as and sudo (FailedCall rows for calls into the Bazari pallets).
  ...[events.utility.batchInterrupted, events.utility.itemFailed, events.utility.dispatchedAs].map(
    (event) => event.name,
  ),
  ...[events.sudo.sudid, events.sudo.sudoAsDone].map((event) => event.name),
];

/** Calls into the Bazari pallets and the calls that wrap them: a failed extrinsic's call is known only if requested. */
export const WATCHED_CALLS: readonly string[] = [
  calls.commerce,
  calls.escrow,
  calls.rewards,
  calls.dispute,
  calls.utility,
  calls.sudo,
].flatMap((pallet) => Object.values(pallet).map((call) => call.name));

/** The default node: the devnet of `npm run devnet`. */
const DEVNET_ENDPOINT = 'ws://127.0.0.1:9944';

export const processor = new SubstrateBatchProcessor()
  .setRpcEndpoint({
    url: process.env.RPC_ENDPOINT ?? DEVNET_ENDPOINT,
    rateLimit: Number(process.env.RPC_RATE_LIMIT ?? 1000),
    capacity: Number(process.env.RPC_CAPACITY ?? 10),
  })
  .setRpcDataIngestionSettings({ headPollInterval: Number(process.env.RPC_HEAD_POLL_MS ?? 250) })
  .addEvent({ name: [...INDEXED_EVENTS], extrinsic: true, call: true })
  .addCall({ name: [...WATCHED_CALLS] })
  .setFields({
    block: { timestamp: true },
    event: { name: true, args: true, phase: true },
    extrinsic: { hash: true, success: true, error: true, signature: true },
    call: { name: true, args: true, origin: true, success: true, error: true },
  })
  .setBlockRange({ from: 0 });

/**
 * The processor's hot ingestion skips a new head that is already final when it arrives, so against
 * a node that finalizes every block as it builds it (the devnet's default finality lag of 0, or
 * instant seal) the newest block would wait for the next one. RPC_FINALITY_CONFIRMATION=N makes
 * the processor treat blocks as final N blocks below the head instead of following the node's
 * finalized heads; leave it unset against a node with GRANDPA finality. It defaults to 1 only when
 * RPC_ENDPOINT is unset, i.e. for the default devnet.
 */
const finalityConfirmation = process.env.RPC_FINALITY_CONFIRMATION ?? (process.env.RPC_ENDPOINT ? undefined : '1');
if (finalityConfirmation) processor.setFinalityConfirmation(Number(finalityConfirmation));

export type Fields = SubstrateBatchProcessorFields<typeof processor>;
export type Block = BlockHeader<Fields>;
export type Event = _Event<Fields>;
export type Call = _Call<Fields>;
export type Extrinsic = _Extrinsic<Fields>;
export type ProcessorContext<Store> = DataHandlerContext<Store, Fields>;
