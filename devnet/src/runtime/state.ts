import type { RuntimeModel } from '@bazari/chain-types';
import type { RuntimeStorage } from '@bazari/chain-types/generated';

/** Reads the state a block is built on: storage keys as 0x-hex, values as SCALE bytes. */
export interface StateReader {
  get(key: string): Uint8Array | null;
}

export type StorageDiff = Map<string, Uint8Array | null>;

/**
 * Uncommitted changes over a parent state, with nested transactional layers so that a failed
 * dispatch leaves no partial state (as FRAME's `#[transactional]` storage layers).
 */
export class StorageOverlay implements StateReader {
  private readonly layers: StorageDiff[] = [new Map()];

  constructor(private readonly parent: StateReader) {}

  get(key: string): Uint8Array | null {
    for (let depth = this.layers.length - 1; depth >= 0; depth--) {
      const layer = this.layers[depth];
      if (layer.has(key)) return layer.get(key) as Uint8Array | null;
    }
    return this.parent.get(key);
  }

  set(key: string, value: Uint8Array | null): void {
    this.layers[this.layers.length - 1].set(key, value);
  }

  begin(): void {
    this.layers.push(new Map());
  }

  commit(): void {
    const top = this.popLayer();
    const below = this.layers[this.layers.length - 1];
    for (const [key, value] of top) below.set(key, value);
  }

  rollback(): void {
    this.popLayer();
  }

  get depth(): number {
    return this.layers.length - 1;
  }

  /** Every change made, once all transactional layers are closed. */
  diff(): StorageDiff {
    if (this.layers.length !== 1) throw new Error('Storage layers left open');
    return this.layers[0];
  }

  private popLayer(): StorageDiff {
    if (this.layers.length === 1) throw new Error('No storage layer to close');
    return this.layers.pop() as StorageDiff;
  }
}

type PalletName = keyof RuntimeStorage;
type ItemName<P extends PalletName> = keyof RuntimeStorage[P] & string;
type Entry<P extends PalletName, I extends ItemName<P>> = RuntimeStorage[P][I] extends {
  keys: infer K extends unknown[];
  value: infer V;
}
  ? { keys: K; value: V }
  : never;
export type StorageKeys<P extends PalletName, I extends ItemName<P>> = Entry<P, I>['keys'];
export type StorageValue<P extends PalletName, I extends ItemName<P>> = Entry<P, I>['value'];
/** The value to write: `null` removes an Optional entry. */
export type StorageInput<P extends PalletName, I extends ItemName<P>> = Exclude<StorageValue<P, I>, null>;

/** Typed storage access for pallet code, keyed by pallet and item names of the runtime interface. */
export class RuntimeState {
  constructor(
    readonly model: RuntimeModel,
    readonly overlay: StorageOverlay,
  ) {}

  get<P extends PalletName, I extends ItemName<P>>(pallet: P, item: I, ...keys: StorageKeys<P, I>): StorageValue<P, I> {
    const entry = this.model.storage(pallet, item);
    return entry.decodeValue(this.overlay.get(entry.keyHex(...keys))) as StorageValue<P, I>;
  }

  exists<P extends PalletName, I extends ItemName<P>>(pallet: P, item: I, ...keys: StorageKeys<P, I>): boolean {
    const entry = this.model.storage(pallet, item);
    return this.overlay.get(entry.keyHex(...keys)) !== null;
  }

  set<P extends PalletName, I extends ItemName<P>>(
    pallet: P,
    item: I,
    keys: StorageKeys<P, I>,
    value: StorageInput<P, I>,
  ): void {
    const entry = this.model.storage(pallet, item);
    this.overlay.set(entry.keyHex(...keys), entry.encodeValue(value));
  }

  remove<P extends PalletName, I extends ItemName<P>>(pallet: P, item: I, ...keys: StorageKeys<P, I>): void {
    const entry = this.model.storage(pallet, item);
    this.overlay.set(entry.keyHex(...keys), null);
  }

  /** Reads, changes and writes back one entry; returning `null` removes it. */
  mutate<P extends PalletName, I extends ItemName<P>>(
    pallet: P,
    item: I,
    keys: StorageKeys<P, I>,
    change: (value: StorageValue<P, I>) => StorageInput<P, I> | null,
  ): StorageInput<P, I> | null {
    const next = change(this.get(pallet, item, ...keys));
    if (next === null) this.remove(pallet, item, ...keys);
    else this.set(pallet, item, keys, next);
    return next;
  }

  setRaw(key: string, value: Uint8Array | null): void {
    this.overlay.set(key, value);
  }

  getRaw(key: string): Uint8Array | null {
    return this.overlay.get(key);
  }
}
