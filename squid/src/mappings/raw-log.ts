import { ChainEvent } from '../model/index.ts';
import type { Block, Event } from '../processor.ts';
import type { BatchStore } from './batch.ts';
import { toJson } from './handler.ts';

/**
 * The pallets whose indexed events make the raw log. Utility and Sudo events are read only to find
 * the failed calls inside batches and sudo; they are not Bazari's events.
 */
const RAW_LOG_PALLETS = new Set(['Commerce', 'Escrow', 'Rewards', 'Dispute', 'Assets', 'System']);

/** The raw log: every indexed event of the Bazari pallets, ZARI and failed Bazari calls, as the chain emitted it. */
export function recordChainEvent(batch: BatchStore, block: Block, event: Event, timestamp: Date): void {
  const [pallet, name] = event.name.split('.');
  if (!RAW_LOG_PALLETS.has(pallet)) return;
  batch.save(
    new ChainEvent({
      id: event.id,
      blockNumber: block.height,
      blockHash: block.hash,
      timestamp,
      indexInBlock: event.index,
      extrinsicHash: event.extrinsic?.hash ?? null,
      extrinsicIndex: event.extrinsicIndex ?? null,
      pallet,
      name,
      args: toJson(event.args),
    }),
  );
}
