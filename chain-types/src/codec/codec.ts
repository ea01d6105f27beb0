import type { PortableField, PortableType } from '../registry.ts';
import { ScaleReader, ScaleWriter } from './scale.ts';

/**
 * SCALE encoding and decoding of any type of the portable registry, compiled once per type.
 *
 * JS values:
 * - u8–u32, i8–i32: number; u64 and wider: bigint; Compact<T>: as T; bool; str: string
 * - Vec<u8> and [u8; N]: Uint8Array; other sequences and arrays: arrays; tuples: arrays, `()`: null
 * - structs: objects keyed by field name; a struct with one unnamed field (AccountId32, Permill):
 *   the inner value; several unnamed fields: an array
 * - enums: `{ __kind: 'Variant' }`, plus the named fields, or `value` for one unnamed field
 *   (an array for several); Option<T>: `null` or the value
 */
export type EnumValue = { readonly __kind: string; readonly [field: string]: unknown };

interface TypeCodec {
  encode(writer: ScaleWriter, value: unknown): void;
  decode(reader: ScaleReader): unknown;
}

export class ScaleCodec {
  private readonly codecs: (TypeCodec | undefined)[] = [];
  /** Reused by `encode` (which compiled codecs never re-enter), so a small value costs no buffer allocation. */
  private readonly scratch = new ScaleWriter(4096);
  private scratchInUse = false;

  constructor(private readonly types: readonly PortableType[]) {}

  encode(typeId: number, value: unknown): Uint8Array {
    const codec = this.codec(typeId);
    if (this.scratchInUse) {
      const writer = new ScaleWriter();
      codec.encode(writer, value);
      return writer.finish();
    }
    this.scratchInUse = true;
    try {
      this.scratch.reset();
      codec.encode(this.scratch, value);
      return this.scratch.finish();
    } finally {
      this.scratchInUse = false;
    }
  }

  encodeTo(writer: ScaleWriter, typeId: number, value: unknown): void {
    this.codec(typeId).encode(writer, value);
  }

  /** Decodes `bytes` whole: trailing bytes are an error, as in a pedantic SCALE decoder. */
  decode(typeId: number, bytes: Uint8Array): unknown {
    const reader = new ScaleReader(bytes);
    const value = this.codec(typeId).decode(reader);
    if (reader.remaining !== 0) throw new RangeError(`${reader.remaining} trailing byte(s) after type ${typeId}`);
    return value;
  }

  decodeFrom(reader: ScaleReader, typeId: number): unknown {
    return this.codec(typeId).decode(reader);
  }

  /** The SCALE encoding of the type's default value (zeros, empty collections, first variant). */
  defaultBytes(typeId: number): Uint8Array {
    const writer = new ScaleWriter();
    this.writeDefault(writer, typeId);
    return writer.finish();
  }

  private writeDefault(writer: ScaleWriter, typeId: number): void {
    const def = this.types[typeId].type.def;
    if ('primitive' in def) {
      const size = PRIMITIVE_SIZES[def.primitive];
      writer.bytes(new Uint8Array(size ?? 1));
    } else if ('compact' in def || 'sequence' in def) writer.u8(0);
    else if ('array' in def) for (let i = 0; i < def.array.len; i++) this.writeDefault(writer, def.array.type);
    else if ('tuple' in def) for (const item of def.tuple) this.writeDefault(writer, item);
    else if ('composite' in def) for (const field of def.composite.fields) this.writeDefault(writer, field.type);
    else {
      const first = def.variant.variants[0];
      writer.u8(first.index);
      for (const field of first.fields) this.writeDefault(writer, field.type);
    }
  }

  private codec(typeId: number): TypeCodec {
    const existing = this.codecs[typeId];
    if (existing) return existing;
    if (!this.types[typeId]) throw new Error(`Unknown type id ${typeId}`);
    // Recursive types refer to themselves: install a forwarder before compiling.
    let compiled: TypeCodec | undefined;
    this.codecs[typeId] = {
      encode: (writer, value) => (compiled as TypeCodec).encode(writer, value),
      decode: (reader) => (compiled as TypeCodec).decode(reader),
    };
    compiled = this.compile(typeId);
    this.codecs[typeId] = compiled;
    return compiled;
  }

  private compile(typeId: number): TypeCodec {
    const { def, path } = this.types[typeId].type;
    if ('primitive' in def) return primitiveCodec(def.primitive);
    if ('compact' in def) return this.compactCodec(def.compact.type);
    if ('sequence' in def) return this.sequenceCodec(def.sequence.type);
    if ('array' in def) return this.arrayCodec(def.array.type, def.array.len);
    if ('tuple' in def) return this.tupleCodec(def.tuple);
    if ('composite' in def) return this.compositeCodec(def.composite.fields, typeId);
    if (path.length === 1 && path[0] === 'Option') return this.optionCodec(def.variant.variants[1].fields[0].type);
    return this.variantCodec(typeId);
  }

  private isU8(typeId: number): boolean {
    const def = this.types[typeId].type.def;
    return 'primitive' in def && def.primitive === 'U8';
  }

  private compactCodec(innerId: number): TypeCodec {
    const inner = this.types[innerId].type.def;
    const asBigint =
      'primitive' in inner
        ? inner.primitive === 'U64' || inner.primitive === 'U128' || inner.primitive === 'U256'
        : false;
    const compositeInner = 'composite' in inner ? inner.composite.fields[0]?.type : undefined;
    if (compositeInner !== undefined) return this.compactCodec(compositeInner);
    const size = 'primitive' in inner ? (PRIMITIVE_SIZES[inner.primitive] ?? 16) : 16;
    const max = (1n << BigInt(size * 8)) - 1n;
    return {
      encode: (writer, value) => {
        if (BigInt(value as number | bigint) > max)
          throw new RangeError(`${String(value)} does not fit in ${size} bytes`);
        writer.compact(value as number | bigint);
      },
      decode: asBigint ? (reader) => BigInt(reader.compact()) : (reader) => Number(reader.compact()),
    };
  }

  private sequenceCodec(itemId: number): TypeCodec {
    if (this.isU8(itemId)) {
      return {
        encode: (writer, value) => writer.lengthPrefixed(asBytes(value)),
        decode: (reader) => reader.lengthPrefixed().slice(),
      };
    }
    const item = this.codec(itemId);
    return {
      encode: (writer, value) => {
        const items = asArray(value);
        writer.compact(items.length);
        for (const element of items) item.encode(writer, element);
      },
      decode: (reader) => {
        const length = reader.compactNumber();
        if (length > reader.remaining) throw new RangeError(`Sequence length ${length} exceeds input`);
        const items = new Array(length);
        for (let i = 0; i < length; i++) items[i] = item.decode(reader);
        return items;
      },
    };
  }

  private arrayCodec(itemId: number, length: number): TypeCodec {
    if (this.isU8(itemId)) {
      return {
        encode: (writer, value) => {
          const bytes = asBytes(value);
          if (bytes.length !== length) throw new RangeError(`Expected ${length} bytes, got ${bytes.length}`);
          writer.bytes(bytes);
        },
        decode: (reader) => reader.take(length).slice(),
      };
    }
    const item = this.codec(itemId);
    return {
      encode: (writer, value) => {
        const items = asArray(value);
        if (items.length !== length) throw new RangeError(`Expected ${length} items, got ${items.length}`);
        for (const element of items) item.encode(writer, element);
      },
      decode: (reader) => Array.from({ length }, () => item.decode(reader)),
    };
  }

  private tupleCodec(itemIds: readonly number[]): TypeCodec {
    if (itemIds.length === 0) return { encode: () => {}, decode: () => null };
    const items = itemIds.map((id) => this.codec(id));
    return {
      encode: (writer, value) => {
        const values = asArray(value);
        for (const [index, item] of items.entries()) item.encode(writer, values[index]);
      },
      decode: (reader) => items.map((item) => item.decode(reader)),
    };
  }

  private compositeCodec(fields: readonly PortableField[], typeId: number): TypeCodec {
    if (fields.length === 0) return { encode: () => {}, decode: () => null };
    if (fields[0].name === null) {
      if (fields.length === 1) return this.codec(fields[0].type);
      return this.tupleCodec(fields.map((field) => field.type));
    }
    const named = fields.map((field) => ({ name: field.name as string, codec: this.codec(field.type) }));
    return {
      encode: (writer, value) => {
        if (typeof value !== 'object' || value === null) throw new TypeError(`Type ${typeId} expects an object`);
        const record = value as Record<string, unknown>;
        for (const field of named) field.codec.encode(writer, record[field.name]);
      },
      decode: (reader) => {
        const record: Record<string, unknown> = {};
        for (const field of named) record[field.name] = field.codec.decode(reader);
        return record;
      },
    };
  }

  private optionCodec(innerId: number): TypeCodec {
    const innerDef = this.types[innerId].type.def;
    if ('primitive' in innerDef && innerDef.primitive === 'Bool') {
      return {
        encode: (writer, value) => writer.u8(value === null || value === undefined ? 0 : value ? 1 : 2),
        decode: (reader) => {
          const byte = reader.u8();
          if (byte > 2) throw new RangeError(`Invalid Option<bool> byte ${byte}`);
          return byte === 0 ? null : byte === 1;
        },
      };
    }
    const inner = this.codec(innerId);
    return {
      encode: (writer, value) => {
        if (value === null || value === undefined) writer.u8(0);
        else {
          writer.u8(1);
          inner.encode(writer, value);
        }
      },
      decode: (reader) => {
        const tag = reader.u8();
        if (tag === 0) return null;
        if (tag === 1) return inner.decode(reader);
        throw new RangeError(`Invalid Option tag ${tag}`);
      },
    };
  }

  private variantCodec(typeId: number): TypeCodec {
    const def = this.types[typeId].type.def as { variant: { variants: readonly PortableTypeVariant[] } };
    const variants = def.variant.variants.map((variant) => ({
      name: variant.name,
      index: variant.index,
      fields: variant.fields.map((field) => ({ name: field.name, codec: this.codec(field.type) })),
      unnamed: variant.fields.length > 0 && variant.fields[0].name === null,
    }));
    const byName = new Map(variants.map((variant) => [variant.name, variant]));
    const byIndex = new Map(variants.map((variant) => [variant.index, variant]));
    const path = this.types[typeId].type.path.join('::');
    return {
      encode: (writer, value) => {
        const kind = (value as EnumValue | null)?.__kind;
        const variant = kind === undefined ? undefined : byName.get(kind);
        if (!variant) throw new TypeError(`${path}: unknown variant ${String(kind)}`);
        writer.u8(variant.index);
        const record = value as Record<string, unknown>;
        if (variant.unnamed) {
          if (variant.fields.length === 1) variant.fields[0].codec.encode(writer, record.value);
          else {
            const values = asArray(record.value);
            for (const [index, field] of variant.fields.entries()) field.codec.encode(writer, values[index]);
          }
        } else for (const field of variant.fields) field.codec.encode(writer, record[field.name as string]);
      },
      decode: (reader) => {
        const index = reader.u8();
        const variant = byIndex.get(index);
        if (!variant) throw new RangeError(`${path}: no variant with index ${index}`);
        if (variant.fields.length === 0) return { __kind: variant.name };
        if (variant.unnamed) {
          const values = variant.fields.map((field) => field.codec.decode(reader));
          return { __kind: variant.name, value: values.length === 1 ? values[0] : values };
        }
        const record: Record<string, unknown> = { __kind: variant.name };
        for (const field of variant.fields) record[field.name as string] = field.codec.decode(reader);
        return record;
      },
    };
  }
}

type PortableTypeVariant = { name: string; index: number; fields: readonly PortableField[] };

const PRIMITIVE_SIZES: Record<string, number | undefined> = {
  Bool: 1,
  U8: 1,
  U16: 2,
  U32: 4,
  U64: 8,
  U128: 16,
  U256: 32,
  I8: 1,
  I16: 2,
  I32: 4,
  I64: 8,
  I128: 16,
  I256: 32,
};

function primitiveCodec(primitive: string): TypeCodec {
  switch (primitive) {
    case 'Bool':
      return {
        encode: (writer, value) => writer.u8(value ? 1 : 0),
        decode: (reader) => {
          const byte = reader.u8();
          if (byte > 1) throw new RangeError(`Invalid bool byte ${byte}`);
          return byte === 1;
        },
      };
    case 'Str':
      return {
        encode: (writer, value) => writer.lengthPrefixed(new TextEncoder().encode(String(value))),
        decode: (reader) => new TextDecoder('utf-8', { fatal: true }).decode(reader.lengthPrefixed()),
      };
    case 'U8':
      return { encode: (writer, value) => writer.u8(checkedNumber(value, 0xff)), decode: (reader) => reader.u8() };
    case 'U16':
      return { encode: (writer, value) => writer.u16(checkedNumber(value, 0xffff)), decode: (reader) => reader.u16() };
    case 'U32':
      return {
        encode: (writer, value) => writer.u32(checkedNumber(value, 0xffffffff)),
        decode: (reader) => reader.u32(),
      };
    case 'U64':
    case 'U128':
    case 'U256': {
      const size = PRIMITIVE_SIZES[primitive] as number;
      return {
        encode: (writer, value) => writer.bigUint(BigInt(value as bigint), size),
        decode: (reader) => reader.bigUint(size),
      };
    }
    default: {
      const size = PRIMITIVE_SIZES[primitive];
      if (size === undefined) throw new Error(`Unsupported primitive ${primitive}`);
      const bits = BigInt(size * 8);
      const small = size <= 4;
      return {
        encode: (writer, value) => writer.bigUint(BigInt.asUintN(Number(bits), BigInt(value as bigint)), size),
        decode: (reader) => {
          const signed = BigInt.asIntN(Number(bits), reader.bigUint(size));
          return small ? Number(signed) : signed;
        },
      };
    }
  }
}

function checkedNumber(value: unknown, max: number): number {
  const number = typeof value === 'bigint' ? Number(value) : (value as number);
  if (!Number.isInteger(number) || number < 0 || number > max) throw new RangeError(`${String(value)} out of range`);
  return number;
}

function asBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return new TextEncoder().encode(value);
  throw new TypeError('Expected bytes (Uint8Array or string)');
}

function asArray(value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) throw new TypeError('Expected an array');
  return value;
}
