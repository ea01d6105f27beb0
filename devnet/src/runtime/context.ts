import type { RuntimeModel } from '@bazari/chain-types';
import type {
  DispatchError as DispatchErrorValue,
  EventRecord,
  Phase,
  RuntimeErrorNames,
  RuntimeEvent,
} from '@bazari/chain-types/generated';
import type { Dispatcher } from './dispatcher.ts';
import { RuntimeState, type StorageOverlay } from './state.ts';

export type Origin =
  | { readonly kind: 'Root' }
  | { readonly kind: 'Signed'; readonly who: Uint8Array }
  | { readonly kind: 'None' };

/** A dispatch that failed: its storage changes and events are discarded, the error is reported in ExtrinsicFailed. */
export class DispatchError extends Error {
  constructor(readonly value: DispatchErrorValue) {
    super(describeDispatchError(value));
  }
}

export function describeDispatchError(value: DispatchErrorValue): string {
  if (value.__kind === 'Module') return `Module error ${value.value.index}:${value.value.error[0]}`;
  return 'value' in value ? `${value.__kind}.${(value.value as { __kind: string }).__kind}` : value.__kind;
}

export interface BlockEnvironment {
  readonly number: number;
  readonly parentHash: Uint8Array;
  /** Milliseconds since the Unix epoch, as set by the Timestamp inherent. */
  readonly timestamp: bigint;
}

/**
 * Everything a pallet sees while a block executes: typed storage, the events deposited so
 * far, the current phase, and transactional layers that roll back both.
 */
export class BlockContext {
  readonly state: RuntimeState;
  readonly events: EventRecord[] = [];
  phase: Phase = { __kind: 'Initialization' };

  constructor(
    readonly model: RuntimeModel,
    readonly overlay: StorageOverlay,
    readonly block: BlockEnvironment,
    /** For calls that dispatch other calls (Utility, Sudo). */
    readonly dispatcher: Dispatcher,
  ) {
    this.state = new RuntimeState(model, overlay);
  }

  deposit(event: RuntimeEvent): void {
    this.events.push({ phase: this.phase, event, topics: [] });
  }

  /** Runs `body` in a storage layer: if it throws, its storage changes and events are undone. */
  transactional<T>(body: () => T): T {
    const eventCount = this.events.length;
    this.overlay.begin();
    try {
      const result = body();
      this.overlay.commit();
      return result;
    } catch (error) {
      this.overlay.rollback();
      this.events.length = eventCount;
      throw error;
    }
  }

  /** A module error naming the pallet's error variant, as `api.registry.findMetaError` reads it. */
  moduleError<P extends keyof RuntimeErrorNames>(pallet: P, error: RuntimeErrorNames[P]): DispatchError {
    const def = this.model.pallet(pallet).def;
    const index = Object.keys(def.errors ?? {}).indexOf(error);
    if (index < 0) throw new Error(`${pallet} has no error ${error}`);
    return new DispatchError({
      __kind: 'Module',
      value: { index: def.index, error: new Uint8Array([index, 0, 0, 0]) },
    });
  }
}

export function ensureSigned(origin: Origin): Uint8Array {
  if (origin.kind !== 'Signed') throw new DispatchError({ __kind: 'BadOrigin' });
  return origin.who;
}

export function ensureRoot(origin: Origin): void {
  if (origin.kind !== 'Root') throw new DispatchError({ __kind: 'BadOrigin' });
}
