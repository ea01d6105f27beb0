import * as ss58 from '@subsquid/ss58';
import type { Block, Event } from '../processor.ts';
import type { BatchStore } from './batch.ts';

/** What a handler sees while applying one event. */
export interface EventContext {
  readonly block: Block;
  readonly event: Event;
  readonly batch: BatchStore;
  /** The block's timestamp. */
  readonly timestamp: Date;
  /** The hash of the extrinsic that emitted the event; undefined for block initialization/finalization events. */
  readonly extrinsicHash: string | undefined;
}

/**
 * The mapping of one event: `decode` with the generated binding, declare the entities it reads
 * (`want`, and `wantRelated` once those are loaded, for entities found through them), then `apply`
 * in memory. Handlers never touch the database themselves.
 */
export interface EventHandler<Args> {
  decode(event: Event): Args;
  /** Whether the squid indexes this occurrence (e.g. only ZARI's Assets events); indexed when absent. */
  indexed?(args: Args, event: Event): boolean;
  want?(args: Args, batch: BatchStore, event: Event): void;
  wantRelated?(args: Args, batch: BatchStore): void;
  apply(args: Args, context: EventContext): void;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry of handlers of different argument types
export type EventHandlers = Readonly<Record<string, EventHandler<any>>>;

export function on<Args>(handler: EventHandler<Args>): EventHandler<Args> {
  return handler;
}

const addressCodec = ss58.codec(42);

/** An AccountId32 (0x hex, as the bindings decode it) as its SS58 address. */
export function address(accountId: string): string {
  return addressCodec.encode(accountId);
}

/** Bytes (0x hex, as the bindings decode them) as UTF-8 text: names and CIDs. */
export function text(bytes: string): string {
  return Buffer.from(bytes.slice(2), 'hex').toString('utf8');
}

export function optionalText(bytes: string | undefined): string | null {
  return bytes === undefined ? null : text(bytes);
}

/** Event arguments as JSON: bigints as decimal strings. */
export function toJson(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (_, item) => (typeof item === 'bigint' ? item.toString() : item)));
}
