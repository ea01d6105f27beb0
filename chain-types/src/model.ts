import { u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, xxhashAsU8a } from '@polkadot/util-crypto';
import { ScaleCodec } from './codec/codec.ts';
import type { PalletDef, StorageHasher } from './dsl.ts';
import { signedExtensions, signedExtraExpr } from './extensions.ts';
import { type PalletTypeIds, PortableRegistryBuilder, type PortableType } from './registry.ts';
import { allNamedTypes, RUNTIME_CRATE, pallets as runtimePallets } from './runtime.ts';
import { runtimeApis } from './runtime-apis.ts';

/** A storage item with everything needed to compute its keys and read or write its values. */
export class StorageEntry {
  readonly prefix: Uint8Array;
  /** The tuple of the key types, which metadata lists as a map's key when it has several. */
  readonly keyTupleExpr: string;
  readonly #prefixHex: string;
  /**
   * Hex keys by the hex of their encoded map keys: the runtime reads and writes the same few accounts over and
   * over, and hashing a key (blake2 through WASM, concatenation, hex) costs far more than encoding it.
   */
  readonly #hexKeys = new Map<string, string>();

  constructor(
    readonly pallet: string,
    readonly name: string,
    readonly hashers: readonly StorageHasher[],
    keyExprs: readonly string[],
    readonly keyTypes: readonly number[],
    readonly valueType: number,
    readonly modifier: 'Default' | 'Optional',
    readonly fallback: Uint8Array,
    private readonly codec: ScaleCodec,
  ) {
    this.prefix = u8aConcat(xxhashAsU8a(pallet, 128), xxhashAsU8a(name, 128));
    this.keyTupleExpr = `(${keyExprs.join(', ')})`;
    this.#prefixHex = toHex(this.prefix);
  }

  /** `key(...keys)` as 0x-prefixed hex, the form the devnet's state is keyed by; memoised. */
  keyHex(...keys: unknown[]): string {
    if (keys.length !== this.hashers.length) {
      throw new Error(`${this.pallet}.${this.name} takes ${this.hashers.length} key(s), got ${keys.length}`);
    }
    if (keys.length === 0) return this.#prefixHex;
    const encoded = keys.map((key, index) => this.codec.encode(this.keyTypes[index], key));
    const memoKey = encoded.length === 1 ? toHex(encoded[0]) : encoded.map(toHex).join(':');
    let hex = this.#hexKeys.get(memoKey);
    if (hex === undefined) {
      hex = toHex(u8aConcat(this.prefix, ...encoded.map((bytes, index) => hashKey(this.hashers[index], bytes))));
      if (this.#hexKeys.size >= MAX_MEMOISED_KEYS) this.#hexKeys.clear();
      this.#hexKeys.set(memoKey, hex);
    }
    return hex;
  }

  /** The full storage key for the given map keys (none for a plain value). */
  key(...keys: unknown[]): Uint8Array {
    if (keys.length !== this.hashers.length) {
      throw new Error(`${this.pallet}.${this.name} takes ${this.hashers.length} key(s), got ${keys.length}`);
    }
    if (keys.length === 0) return this.prefix;
    return u8aConcat(
      this.prefix,
      ...keys.map((key, index) => hashKey(this.hashers[index], this.codec.encode(this.keyTypes[index], key))),
    );
  }

  /** The key prefix shared by all entries whose first keys are the given ones. */
  partialKey(...keys: unknown[]): Uint8Array {
    return u8aConcat(
      this.prefix,
      ...keys.map((key, index) => hashKey(this.hashers[index], this.codec.encode(this.keyTypes[index], key))),
    );
  }

  encodeValue(value: unknown): Uint8Array {
    return this.codec.encode(this.valueType, value);
  }

  /** Decodes a stored value; an absent entry reads as the default (Default) or null (Optional). */
  decodeValue(bytes: Uint8Array | null | undefined): unknown {
    if (bytes == null) return this.modifier === 'Default' ? this.codec.decode(this.valueType, this.fallback) : null;
    return this.codec.decode(this.valueType, bytes);
  }
}

/** Keys memoised per storage entry before the memo starts over (a few MiB at most). */
const MAX_MEMOISED_KEYS = 20_000;

function toHex(bytes: Uint8Array): string {
  return u8aToHex(bytes);
}

/** Freezes decoded plain objects and arrays all the way down (byte arrays cannot be frozen and are left as they are). */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value) || Object.isFrozen(value)) return value;
  for (const field of Object.values(value)) deepFreeze(field);
  return Object.freeze(value);
}

export interface PalletModel {
  readonly def: PalletDef;
  readonly typeIds: PalletTypeIds;
  readonly storage: ReadonlyMap<string, StorageEntry>;
  readonly constants: ReadonlyMap<
    string,
    { readonly type: number; readonly value: Uint8Array; readonly docs: readonly string[] }
  >;
}

/**
 * The runtime interface compiled: the portable registry, a codec for every type, and each
 * pallet's storage entries and encoded constants. The devnet, the metadata generator and the
 * tests all work from this one model.
 */
export class RuntimeModel {
  readonly types: readonly PortableType[];
  readonly codec: ScaleCodec;
  readonly pallets: ReadonlyMap<string, PalletModel>;
  readonly typeIds: {
    readonly runtimeCall: number;
    readonly runtimeEvent: number;
    readonly runtimeError: number;
    readonly extrinsic: number;
    readonly address: number;
    readonly signature: number;
    readonly signedExtra: number;
    readonly additionalSigned: number;
    readonly eventRecords: number;
  };
  private readonly builder: PortableRegistryBuilder;
  /** Decoded constants, frozen: the runtime reads some of them for every extrinsic. */
  private readonly decodedConstants = new Map<string, unknown>();

  constructor(readonly palletDefs: readonly PalletDef[] = runtimePallets) {
    const builder = new PortableRegistryBuilder(allNamedTypes(), RUNTIME_CRATE);
    const palletTypeIds = builder.addPallets(palletDefs);
    this.builder = builder;
    this.typeIds = {
      runtimeCall: builder.typeId('RuntimeCall'),
      runtimeEvent: builder.typeId('RuntimeEvent'),
      runtimeError: builder.typeId('RuntimeError'),
      extrinsic: builder.resolve('UncheckedExtrinsic'),
      address: builder.resolve('MultiAddress'),
      signature: builder.resolve('MultiSignature'),
      signedExtra: builder.resolve(signedExtraExpr),
      additionalSigned: builder.resolve(
        `(${signedExtensions.map((extension) => extension.additionalSigned).join(', ')})`,
      ),
      eventRecords: builder.resolve('Vec<EventRecord>'),
    };
    const storageTypes = palletDefs.map((pallet) =>
      Object.entries(pallet.storage ?? {}).map(([name, item]) => ({
        name,
        item,
        keyTypes: (item.keys ?? []).map((key) => builder.resolve(key.type)),
        valueType: builder.resolve(item.value),
      })),
    );
    for (const item of storageTypes.flat())
      if (item.keyTypes.length > 1) builder.resolve(`(${item.item.keys?.map((key) => key.type).join(', ')})`);
    const interfaceTypes = [
      ...signedExtensions.flatMap((extension) => [extension.type, extension.additionalSigned]),
      ...runtimeApis.flatMap((api) =>
        api.methods.flatMap((method) => [...Object.values(method.inputs), method.output]),
      ),
      'Runtime',
      'Header',
    ];
    for (const expr of interfaceTypes) builder.resolve(expr);
    const constantTypes = palletDefs.map((pallet) =>
      Object.entries(pallet.constants ?? {}).map(([name, constant]) => ({
        name,
        constant,
        type: builder.resolve(constant.type),
      })),
    );
    this.types = builder.types;
    this.codec = new ScaleCodec(this.types);
    const models = new Map<string, PalletModel>();
    palletDefs.forEach((def, position) => {
      const storage = new Map(
        storageTypes[position].map(({ name, item, keyTypes, valueType }) => [
          name,
          new StorageEntry(
            def.name,
            name,
            (item.keys ?? []).map((key) => key.hasher),
            (item.keys ?? []).map((key) => key.type),
            keyTypes,
            valueType,
            item.modifier,
            item.default === undefined
              ? this.codec.defaultBytes(valueType)
              : this.codec.encode(valueType, item.default),
            this.codec,
          ),
        ]),
      );
      const constants = new Map(
        constantTypes[position].map(({ name, constant, type }) => [
          name,
          { type, value: this.codec.encode(type, constant.value), docs: constant.docs },
        ]),
      );
      models.set(def.name, { def, typeIds: palletTypeIds.get(def.name) ?? {}, storage, constants });
    });
    this.pallets = models;
  }

  /** The id of a type the runtime interface uses; every such type is registered when the model is built. */
  typeId(expr: string): number {
    const before = this.types.length;
    const id = this.builder.resolve(expr);
    if (this.types.length !== before) throw new Error(`Type ${expr} is not part of the runtime interface`);
    return id;
  }

  pallet(name: string): PalletModel {
    const pallet = this.pallets.get(name);
    if (!pallet) throw new Error(`No pallet ${name} in the runtime`);
    return pallet;
  }

  storage(pallet: string, item: string): StorageEntry {
    const entry = this.pallet(pallet).storage.get(item);
    if (!entry) throw new Error(`No storage item ${pallet}.${item}`);
    return entry;
  }

  /** A constant's decoded value; the same frozen value on every call. */
  constant(pallet: string, name: string): unknown {
    const cacheKey = `${pallet}.${name}`;
    if (this.decodedConstants.has(cacheKey)) return this.decodedConstants.get(cacheKey);
    const constant = this.pallet(pallet).constants.get(name);
    if (!constant) throw new Error(`No constant ${pallet}.${name}`);
    const value = deepFreeze(this.codec.decode(constant.type, constant.value));
    this.decodedConstants.set(cacheKey, value);
    return value;
  }
}

export function hashKey(hasher: StorageHasher, encoded: Uint8Array): Uint8Array {
  switch (hasher) {
    case 'Blake2_128':
      return blake2AsU8a(encoded, 128);
    case 'Blake2_256':
      return blake2AsU8a(encoded, 256);
    case 'Blake2_128Concat':
      return u8aConcat(blake2AsU8a(encoded, 128), encoded);
    case 'Twox128':
      return xxhashAsU8a(encoded, 128);
    case 'Twox256':
      return xxhashAsU8a(encoded, 256);
    case 'Twox64Concat':
      return u8aConcat(xxhashAsU8a(encoded, 64), encoded);
    case 'Identity':
      return encoded;
  }
}
