import { TypeormDatabase } from '@subsquid/typeorm-store';
import { BatchStore } from './mappings/batch.ts';
import type { EventHandler } from './mappings/handler.ts';
import { handlers, SAVE_ORDER } from './mappings/index.ts';
import { recordChainEvent } from './mappings/raw-log.ts';
import { type Block, type Event, processor } from './processor.ts';

interface DecodedEvent {
  readonly block: Block;
  readonly event: Event;
  readonly handler: EventHandler<unknown>;
  readonly args: unknown;
}

processor.run(new TypeormDatabase({ supportHotBlocks: true }), async (ctx) => {
  const batch = new BatchStore(ctx.store, SAVE_ORDER);
  const decoded: DecodedEvent[] = [];
  for (const block of ctx.blocks) {
    for (const event of block.events) {
      const handler = handlers[event.name];
      if (!handler) continue;
      const args = handler.decode(event);
      if (handler.indexed && !handler.indexed(args, event)) continue;
      handler.want?.(args, batch, event);
      decoded.push({ block: block.header, event, handler, args });
    }
  }
  await batch.load();
  for (const { handler, args } of decoded) handler.wantRelated?.(args, batch);
  await batch.load();

  for (const { block, event, handler, args } of decoded) {
    const timestamp = new Date(block.timestamp ?? 0);
    const extrinsicHash = event.extrinsic?.hash;
    recordChainEvent(batch, block, event, timestamp);
    handler.apply(args, { block, event, batch, timestamp, extrinsicHash });
  }
  await batch.flush();
});
