/**
 * The vocabulary in which the runtime interface is written, once. Every pallet file
 * exports a `PalletDef`; `registry.ts` turns them into a SCALE portable registry and
 * `metadata.ts` into metadata V14/V15, from which every binding is generated.
 *
 * A type expression is a string in Rust-like syntax:
 *   primitives  `u8` … `u128`, `i8` … `i128`, `bool`, `str`
 *   `Compact<T>`, `Vec<T>`, `Option<T>`, `Box<T>` (same as T), `[T; N]`, `(A, B)`, `()`
 *   a named type declared in any pallet's `types` or in `primitives.ts`.
 */
export type TypeExpr = string;

/** Fields of a struct or of an enum variant: named (`{ who: 'AccountId32' }`) or positional. */
export type Fields = Readonly<Record<string, TypeExpr>> | readonly TypeExpr[];

export interface FieldDocs {
  /** Rust type name shown in metadata (`typeName`), e.g. `T::AccountId`; defaults to the expression. */
  readonly typeNames?: Readonly<Record<string, string>>;
}

/** Generic parameters recorded in metadata (clients name types by path and params); `null` = phantom. */
export type TypeParams = Readonly<Record<string, TypeExpr | null>>;

export interface StructDef extends FieldDocs {
  readonly kind: 'struct';
  readonly path: readonly string[];
  readonly params?: TypeParams;
  readonly fields: Fields;
  readonly docs?: readonly string[];
}

export interface VariantDef {
  readonly index?: number;
  readonly fields?: Fields;
  readonly docs?: readonly string[];
  readonly typeNames?: Readonly<Record<string, string>>;
}

export interface EnumDef {
  readonly kind: 'enum';
  readonly path: readonly string[];
  readonly params?: TypeParams;
  /** Variant name to its fields (or `null` for a unit variant). Indices follow declaration order unless given. */
  readonly variants: Readonly<Record<string, VariantDef | null>>;
  readonly docs?: readonly string[];
}

export type NamedTypeDef = StructDef | EnumDef;

export type StorageHasher =
  | 'Blake2_128'
  | 'Blake2_256'
  | 'Blake2_128Concat'
  | 'Twox128'
  | 'Twox256'
  | 'Twox64Concat'
  | 'Identity';

export interface StorageDef {
  readonly value: TypeExpr;
  /** One hasher per key; absent for a plain storage value. */
  readonly keys?: readonly { readonly hasher: StorageHasher; readonly type: TypeExpr }[];
  /** `Default`: an absent entry reads as the type's default; `Optional`: reads as None. */
  readonly modifier: 'Default' | 'Optional';
  /** Value an absent `Default` entry reads as; the type's zero value when not given. */
  readonly default?: unknown;
  readonly docs: readonly string[];
}

export interface ConstantDef {
  readonly type: TypeExpr;
  readonly value: unknown;
  readonly docs: readonly string[];
}

export interface CallDef {
  readonly index?: number;
  readonly args: Readonly<Record<string, TypeExpr>>;
  readonly typeNames?: Readonly<Record<string, string>>;
  readonly docs: readonly string[];
}

export interface EventDef {
  readonly index?: number;
  readonly fields: Fields;
  readonly typeNames?: Readonly<Record<string, string>>;
  readonly docs: readonly string[];
}

export interface PalletDef {
  /** Pallet name as it appears in metadata (`Commerce`). */
  readonly name: string;
  /** Index in the runtime, which is the first byte of every call and event of the pallet. */
  readonly index: number;
  /** Rust crate name, used for the paths of Call/Event/Error (`pallet_commerce`). */
  readonly crate: string;
  readonly docs?: readonly string[];
  readonly types?: Readonly<Record<string, NamedTypeDef>>;
  readonly calls?: Readonly<Record<string, CallDef>>;
  readonly events?: Readonly<Record<string, EventDef>>;
  /** Error name to its docs, indices in declaration order. */
  readonly errors?: Readonly<Record<string, readonly string[]>>;
  readonly storage?: Readonly<Record<string, StorageDef>>;
  readonly constants?: Readonly<Record<string, ConstantDef>>;
}

export function struct(
  path: string,
  fields: Fields,
  extra: { params?: TypeParams; docs?: readonly string[]; typeNames?: Record<string, string> } = {},
): StructDef {
  return { kind: 'struct', path: path.split('::'), fields, ...extra };
}

export function enumeration(
  path: string,
  variants: EnumDef['variants'],
  extra: { params?: TypeParams; docs?: readonly string[] } = {},
): EnumDef {
  return { kind: 'enum', path: path.split('::'), variants, ...extra };
}

export function pallet(def: PalletDef): PalletDef {
  return def;
}
