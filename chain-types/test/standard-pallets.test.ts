import { Metadata, TypeRegistry } from '@polkadot/types';
import type { PalletMetadataLatest, SiField } from '@polkadot/types/interfaces';
import type { PortableRegistry } from '@polkadot/types/metadata';
import type { Bytes, Option } from '@polkadot/types-codec';
import staticSubstrateHex from '@polkadot/types-support/metadata/static-substrate';
import substrateV16Hex from '@polkadot/types-support/metadata/v16/substrate-hex';
import { hexToU8a } from '@polkadot/util';
import { describe, expect, it } from 'vitest';
import type { Fields, NamedTypeDef, PalletDef, TypeExpr } from '../src/dsl.ts';
import { assetsPallet } from '../src/pallets/assets.ts';
import { balancesPallet } from '../src/pallets/balances.ts';
import { sudoPallet } from '../src/pallets/sudo.ts';
import { systemPallet } from '../src/pallets/system.ts';
import { timestampPallet } from '../src/pallets/timestamp.ts';
import { transactionPaymentPallet } from '../src/pallets/transaction-payment.ts';
import { utilityPallet } from '../src/pallets/utility.ts';
import { primitiveTypes } from '../src/primitives.ts';

/**
 * The standard pallets must look exactly like the real FRAME pallets to @polkadot/api and Subsquid.
 * Every item they define is compared with the real Substrate metadata: the static kitchensink
 * metadata shipped with @polkadot/types-support, or, for items newer than it (Assets.transfer_all,
 * RuntimeVersion.system_version, the runtime API types), the recent V16 one. Items left out of
 * scope may be missing; types are compared as shapes (named types by path) with their Rust names.
 */

const standardPallets: readonly PalletDef[] = [
  systemPallet,
  timestampPallet,
  balancesPallet,
  transactionPaymentPallet,
  sudoPallet,
  utilityPallet,
  assetsPallet,
];

interface Reference {
  readonly lookup: PortableRegistry;
  readonly pallets: readonly PalletMetadataLatest[];
}

function loadReference(metadata: Metadata): Reference {
  return { lookup: metadata.asLatest.lookup, pallets: metadata.asLatest.pallets };
}

const staticRegistry = new TypeRegistry();
const recentRegistry = new TypeRegistry();
/** The V16 dump is the `Option<OpaqueMetadata>` that `Metadata_metadata_at_version` returns. */
const recentMetadata = recentRegistry
  .createType<Option<Bytes>>('Option<Bytes>', hexToU8a(substrateV16Hex))
  .unwrap()
  .toU8a(true);
const references: readonly Reference[] = [
  loadReference(new Metadata(staticRegistry, staticSubstrateHex)),
  loadReference(new Metadata(recentRegistry, recentMetadata)),
];

const namedTypes: Readonly<Record<string, NamedTypeDef>> = Object.assign(
  {},
  primitiveTypes,
  ...standardPallets.map((pallet) => pallet.types ?? {}),
);
const outerEnums = new Set(['RuntimeCall', 'RuntimeEvent', 'RuntimeError']);

/** Runtime-level types are compared by path without their crate (`kitchensink_runtime`, `bazari_runtime`). */
function normalizedPath(path: readonly string[]): string {
  return path.join('::').replace(/^\w+_runtime::/, 'runtime::');
}

/** `Box<T>` is `T` in metadata. */
function withoutBoxes(expr: TypeExpr): TypeExpr {
  const start = expr.indexOf('Box<');
  if (start < 0) return expr;
  let depth = 0;
  for (let position = start + 3; position < expr.length; position++) {
    if (expr[position] === '<') depth++;
    if (expr[position] === '>' && --depth === 0)
      return withoutBoxes(expr.slice(0, start) + expr.slice(start + 4, position) + expr.slice(position + 1));
  }
  throw new Error(`Unbalanced type expression ${expr}`);
}

/** An expression with every named type replaced by its path: `Vec<sp_core::crypto::AccountId32>`. */
function ownShape(expr: TypeExpr): string {
  return withoutBoxes(expr)
    .replace(/\s/g, '')
    .replace(/[A-Za-z_]\w*/g, (name) => {
      if (outerEnums.has(name)) return `runtime::${name}`;
      const named = namedTypes[name];
      return named ? normalizedPath(named.path) : name;
    });
}

/** The same rendering of a real type; bounded vectors are vectors and `Cow` is its content, as clients see them. */
function realShape(lookup: PortableRegistry, id: number): string {
  const type = lookup.getSiType(id);
  const def = type.def;
  const path = type.path.map(String);
  if (path.length > 0) {
    const firstParam = () => realShape(lookup, type.params[0].type.unwrap().toNumber());
    switch (path[path.length - 1]) {
      case 'Option':
        return `Option<${firstParam()}>`;
      case 'BoundedVec':
      case 'WeakBoundedVec':
        return `Vec<${firstParam()}>`;
      case 'Cow':
        return realShape(lookup, def.asComposite.fields[0].type.toNumber());
      default:
        return normalizedPath(path);
    }
  }
  if (def.isPrimitive) return def.asPrimitive.toString().toLowerCase();
  if (def.isCompact) return `Compact<${realShape(lookup, def.asCompact.type.toNumber())}>`;
  if (def.isSequence) return `Vec<${realShape(lookup, def.asSequence.type.toNumber())}>`;
  if (def.isArray) return `[${realShape(lookup, def.asArray.type.toNumber())};${def.asArray.len.toNumber()}]`;
  if (def.isTuple) return `(${def.asTuple.map((item) => realShape(lookup, item.toNumber())).join(',')})`;
  throw new Error(`Unexpected anonymous type ${def.type}`);
}

/** `name: shape [Rust type name]`; the Rust name defaults to the expression, as the registry builder does. */
function ownFields(fields: Fields, typeNames: Readonly<Record<string, string>> = {}): string {
  const entries: [string | null, string, TypeExpr][] = Array.isArray(fields)
    ? fields.map((expr: TypeExpr, position: number) => [null, String(position), expr])
    : Object.entries(fields).map(([name, expr]) => [name, name, expr]);
  return entries
    .map(([name, key, expr]) => `${name === null ? '' : `${name}: `}${ownShape(expr)} [${typeNames[key] ?? expr}]`)
    .join(', ');
}

function realFields(lookup: PortableRegistry, fields: readonly SiField[]): string {
  return fields
    .map((field) => {
      const name = field.name.isSome ? `${field.name.unwrap()}: ` : '';
      return `${name}${realShape(lookup, field.type.toNumber())} [${field.typeName.unwrapOr('')}]`;
    })
    .join(', ');
}

function ownVariant(name: string, index: number, fields: Fields, typeNames?: Readonly<Record<string, string>>) {
  return `${index} ${name}(${ownFields(fields, typeNames)})`;
}

type VariantsOf = 'calls' | 'events' | 'errors';

/** The variant named `name` of a pallet's calls, events or errors in the first reference that has it. */
function realVariant(palletName: string, kind: VariantsOf, name: string): string {
  for (const { lookup, pallets } of references) {
    const variants = pallets.find((pallet) => pallet.name.eq(palletName))?.[kind];
    if (!variants?.isSome) continue;
    const type = lookup.getSiType(variants.unwrap().type.toNumber());
    const variant = type.def.asVariant.variants.find((candidate) => candidate.name.eq(name));
    if (variant) return `${variant.index.toNumber()} ${name}(${realFields(lookup, variant.fields)})`;
  }
  return `${name}: not in the reference metadata`;
}

function realStorage(palletName: string, name: string): string {
  for (const { lookup, pallets } of references) {
    const storage = pallets.find((pallet) => pallet.name.eq(palletName))?.storage;
    const item = storage?.isSome ? storage.unwrap().items.find((candidate) => candidate.name.eq(name)) : undefined;
    if (!item) continue;
    const modifier = item.modifier.toString();
    if (item.type.isPlain) return `${name} ${modifier} ${realShape(lookup, item.type.asPlain.toNumber())}`;
    const map = item.type.asMap;
    const keys = realShape(lookup, map.key.toNumber());
    return `${name} ${modifier} ${map.hashers.join(',')} ${keys} => ${realShape(lookup, map.value.toNumber())}`;
  }
  return `${name}: not in the reference metadata`;
}

function realConstant(palletName: string, name: string): string {
  for (const { lookup, pallets } of references) {
    const constant = pallets
      .find((pallet) => pallet.name.eq(palletName))
      ?.constants.find((candidate) => candidate.name.eq(name));
    if (constant) return `${name}: ${realShape(lookup, constant.type.toNumber())}`;
  }
  return `${name}: not in the reference metadata`;
}

function ownTypeDescription(def: NamedTypeDef): string {
  const params = Object.entries(def.params ?? {}).map(
    ([name, expr]) => `${name}=${expr === null ? '_' : ownShape(expr)}`,
  );
  const head = `${normalizedPath(def.path)}<${params.join(',')}>`;
  if (def.kind === 'struct') return `${head} {${ownFields(def.fields, def.typeNames)}}`;
  const variants = Object.entries(def.variants).map(([name, variant], position) =>
    ownVariant(name, variant?.index ?? position, variant?.fields ?? [], variant?.typeNames),
  );
  return `${head} ${variants.join(' | ')}`;
}

/** Descriptions of the real types with the same path, in every reference (a generic type has several). */
function realTypeDescriptions(path: string): string[] {
  return references.flatMap(({ lookup }) =>
    lookup.types
      .filter(({ type }) => normalizedPath(type.path.map(String)) === path)
      .map(({ type }) => {
        const params = type.params.map(
          (param) => `${param.name}=${param.type.isSome ? realShape(lookup, param.type.unwrap().toNumber()) : '_'}`,
        );
        const head = `${path}<${params.join(',')}>`;
        if (type.def.isComposite) return `${head} {${realFields(lookup, type.def.asComposite.fields)}}`;
        const variants = type.def.asVariant.variants.map(
          (variant) => `${variant.index.toNumber()} ${variant.name}(${realFields(lookup, variant.fields)})`,
        );
        return `${head} ${variants.join(' | ')}`;
      }),
  );
}

describe('standard pallets match the real FRAME pallets', () => {
  it('sit at the devnet indices 0 to 6', () => {
    expect(standardPallets.map((pallet) => [pallet.name, pallet.index])).toEqual([
      ['System', 0],
      ['Timestamp', 1],
      ['Balances', 2],
      ['TransactionPayment', 3],
      ['Sudo', 4],
      ['Utility', 5],
      ['Assets', 6],
    ]);
  });

  describe.each(standardPallets.map((pallet) => [pallet.name, pallet] as const))('%s', (name, pallet) => {
    it('has the crate of the real pallet', () => {
      const [{ lookup, pallets }] = references;
      const real = pallets.find((candidate) => candidate.name.eq(name));
      const variants = real?.calls.isSome ? real.calls : real?.events;
      expect(variants?.isSome).toBe(true);
      expect(lookup.getSiType(variants?.unwrap().type.toNumber() ?? 0).path[0].toString()).toBe(pallet.crate);
    });

    it('calls: names, indices, arguments and their Rust type names', () => {
      const calls = Object.entries(pallet.calls ?? {});
      expect(
        calls.map(([call, def], position) => ownVariant(call, def.index ?? position, def.args, def.typeNames)),
      ).toEqual(calls.map(([call]) => realVariant(name, 'calls', call)));
    });

    it('events: names, indices and fields', () => {
      const events = Object.entries(pallet.events ?? {});
      expect(
        events.map(([event, def], position) => ownVariant(event, def.index ?? position, def.fields, def.typeNames)),
      ).toEqual(events.map(([event]) => realVariant(name, 'events', event)));
    });

    it('errors: names and indices', () => {
      const errors = Object.keys(pallet.errors ?? {});
      expect(errors.map((error, position) => ownVariant(error, position, []))).toEqual(
        errors.map((error) => realVariant(name, 'errors', error)),
      );
    });

    it('storage: names, modifiers, hashers, keys and values', () => {
      const items = Object.entries(pallet.storage ?? {});
      const own = items.map(([item, def]) => {
        const head = `${item} ${def.modifier}`;
        if (!def.keys) return `${head} ${ownShape(def.value)}`;
        const keys = def.keys.map((key) => ownShape(key.type));
        const keyShape = keys.length === 1 ? keys[0] : `(${keys.join(',')})`;
        return `${head} ${def.keys.map((key) => key.hasher).join(',')} ${keyShape} => ${ownShape(def.value)}`;
      });
      expect(own).toEqual(items.map(([item]) => realStorage(name, item)));
    });

    it('constants: names and types', () => {
      const constants = Object.entries(pallet.constants ?? {});
      expect(constants.map(([constant, def]) => `${constant}: ${ownShape(def.type)}`)).toEqual(
        constants.map(([constant]) => realConstant(name, constant)),
      );
    });

    // The runtime-level enums (OriginCaller, RuntimeHoldReason, RuntimeFreezeReason) have one variant
    // per pallet of the runtime, so they cannot match another runtime's.
    const types = Object.entries(pallet.types ?? {}).filter(
      ([, def]) => !normalizedPath(def.path).startsWith('runtime::'),
    );
    it.each(types)('type %s: path, params, fields or variants', (_, def) => {
      const candidates = realTypeDescriptions(normalizedPath(def.path));
      expect(candidates).toContain(ownTypeDescription(def));
    });
  });
});
