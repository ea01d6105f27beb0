import type { EnumDef, Fields, NamedTypeDef, PalletDef, StructDef, TypeExpr, TypeParams } from './dsl.ts';
import { PRIMITIVES, parseTypeExpr, type TypeNode } from './type-expr.ts';

/** A field as the portable registry (scale-info) spells it. */
export interface PortableField {
  readonly name: string | null;
  readonly type: number;
  readonly typeName: string | null;
  readonly docs: readonly string[];
}

export interface PortableVariant {
  readonly name: string;
  readonly fields: readonly PortableField[];
  readonly index: number;
  readonly docs: readonly string[];
}

export type PortableTypeDef =
  | { readonly composite: { readonly fields: readonly PortableField[] } }
  | { readonly variant: { readonly variants: readonly PortableVariant[] } }
  | { readonly sequence: { readonly type: number } }
  | { readonly array: { readonly len: number; readonly type: number } }
  | { readonly tuple: readonly number[] }
  | { readonly primitive: (typeof PRIMITIVES)[keyof typeof PRIMITIVES] }
  | { readonly compact: { readonly type: number } };

export interface PortableType {
  readonly id: number;
  readonly type: {
    readonly path: readonly string[];
    readonly params: readonly { readonly name: string; readonly type: number | null }[];
    readonly def: PortableTypeDef;
    readonly docs: readonly string[];
  };
}

/** The runtime's outer enums, referenced from pallet definitions by these names. */
export const OUTER_ENUMS = ['RuntimeCall', 'RuntimeEvent', 'RuntimeError'] as const;
export type OuterEnumName = (typeof OUTER_ENUMS)[number];

export interface PalletTypeIds {
  readonly calls?: number;
  readonly events?: number;
  readonly errors?: number;
}

/**
 * Builds the SCALE portable type registry from the pallet definitions: one id per distinct
 * type, named types resolved through the global namespace (recursion allowed, e.g.
 * `RuntimeCall` → `Utility::batch(Vec<RuntimeCall>)`).
 */
export class PortableRegistryBuilder {
  readonly types: PortableType[] = [];
  private readonly idsByKey = new Map<string, number>();

  constructor(
    private readonly namedTypes: Readonly<Record<string, NamedTypeDef>>,
    private readonly runtimeCrate: string,
  ) {}

  resolve(expr: TypeExpr): number {
    return this.resolveNode(parseTypeExpr(expr));
  }

  /** Adds each pallet's Call/Event/Error enums and the runtime's outer enums; returns their ids. */
  addPallets(pallets: readonly PalletDef[]): Map<string, PalletTypeIds> {
    const outer = Object.fromEntries(OUTER_ENUMS.map((name) => [name, this.reserve(`named:${name}`)])) as Record<
      OuterEnumName,
      number
    >;
    const ids = new Map<string, PalletTypeIds>();
    for (const pallet of pallets) {
      const palletPath = (name: string) => [pallet.crate, 'pallet', name];
      const calls = pallet.calls
        ? this.addVariantType(
            `pallet:${pallet.name}:Call`,
            palletPath('Call'),
            Object.entries(pallet.calls).map(([name, call], position) => ({
              name,
              index: call.index ?? position,
              fields: this.fields(call.args, call.typeNames),
              docs: call.docs,
            })),
            [{ name: 'T', type: null }],
            ['Contains a variant per dispatchable extrinsic that this pallet has.'],
          )
        : undefined;
      const events = pallet.events
        ? this.addVariantType(
            `pallet:${pallet.name}:Event`,
            palletPath('Event'),
            Object.entries(pallet.events).map(([name, event], position) => ({
              name,
              index: event.index ?? position,
              fields: this.fields(event.fields, event.typeNames),
              docs: event.docs,
            })),
            [{ name: 'T', type: null }],
            ['The `Event` enum of this pallet'],
          )
        : undefined;
      const errors = pallet.errors
        ? this.addVariantType(
            `pallet:${pallet.name}:Error`,
            palletPath('Error'),
            Object.entries(pallet.errors).map(([name, docs], index) => ({ name, index, fields: [], docs })),
            [{ name: 'T', type: null }],
            ['The `Error` enum of this pallet.'],
          )
        : undefined;
      ids.set(pallet.name, { calls, events, errors });
    }
    const outerVariants = (kind: keyof PalletTypeIds, typeName: (pallet: string) => string) =>
      pallets.flatMap((pallet) => {
        const type = ids.get(pallet.name)?.[kind];
        return type === undefined
          ? []
          : [
              {
                name: pallet.name,
                index: pallet.index,
                fields: [{ name: null, type, typeName: typeName(pallet.name), docs: [] }],
                docs: [],
              },
            ];
      });
    this.define(outer.RuntimeCall, [this.runtimeCrate, 'RuntimeCall'], [], {
      variant: {
        variants: outerVariants('calls', (name) => `dispatch::CallableCallFor<${name}, Runtime>`),
      },
    });
    this.define(outer.RuntimeEvent, [this.runtimeCrate, 'RuntimeEvent'], [], {
      variant: { variants: outerVariants('events', (name) => `${pascalToSnake(name)}::Event<Runtime>`) },
    });
    this.define(outer.RuntimeError, [this.runtimeCrate, 'RuntimeError'], [], {
      variant: { variants: outerVariants('errors', (name) => `${pascalToSnake(name)}::Error<Runtime>`) },
    });
    return ids;
  }

  typeId(name: OuterEnumName | string): number {
    const id = this.idsByKey.get(`named:${name}`);
    if (id === undefined) throw new Error(`Type ${name} has not been registered`);
    return id;
  }

  private resolveNode(node: TypeNode): number {
    switch (node.kind) {
      case 'primitive':
        return this.intern(`primitive:${node.name}`, () => ({
          path: [],
          params: [],
          def: { primitive: PRIMITIVES[node.name] },
        }));
      case 'compact': {
        const inner = this.resolveNode(node.inner);
        return this.intern(`compact:${inner}`, () => ({ path: [], params: [], def: { compact: { type: inner } } }));
      }
      case 'vec': {
        const inner = this.resolveNode(node.inner);
        return this.intern(`vec:${inner}`, () => ({ path: [], params: [], def: { sequence: { type: inner } } }));
      }
      case 'array': {
        const inner = this.resolveNode(node.inner);
        return this.intern(`array:${node.length}:${inner}`, () => ({
          path: [],
          params: [],
          def: { array: { len: node.length, type: inner } },
        }));
      }
      case 'tuple': {
        const items = node.items.map((item) => this.resolveNode(item));
        return this.intern(`tuple:${items.join(',')}`, () => ({ path: [], params: [], def: { tuple: items } }));
      }
      case 'option': {
        const inner = this.resolveNode(node.inner);
        return this.intern(`option:${inner}`, () => ({
          path: ['Option'],
          params: [{ name: 'T', type: inner }],
          def: {
            variant: {
              variants: [
                { name: 'None', fields: [], index: 0, docs: [] },
                { name: 'Some', fields: [{ name: null, type: inner, typeName: null, docs: [] }], index: 1, docs: [] },
              ],
            },
          },
        }));
      }
      case 'named':
        return this.resolveNamed(node.name);
    }
  }

  private resolveNamed(name: string): number {
    const key = `named:${name}`;
    const existing = this.idsByKey.get(key);
    if (existing !== undefined) return existing;
    const def = this.namedTypes[name];
    if (!def) throw new Error(`Unknown type ${name}: declare it in a pallet's types or in primitives.ts`);
    const id = this.reserve(key);
    const params = this.params(def.params);
    this.define(id, def.path, params, this.namedDef(def), def.docs);
    return id;
  }

  private namedDef(def: NamedTypeDef): PortableTypeDef {
    return def.kind === 'struct' ? { composite: { fields: this.structFields(def) } } : this.enumDef(def);
  }

  private structFields(def: StructDef): PortableField[] {
    return this.fields(def.fields, def.typeNames);
  }

  private enumDef(def: EnumDef): PortableTypeDef {
    const variants = Object.entries(def.variants).map(([name, variant], position) => ({
      name,
      index: variant?.index ?? position,
      fields: variant?.fields ? this.fields(variant.fields, variant.typeNames) : [],
      docs: variant?.docs ?? [],
    }));
    return { variant: { variants } };
  }

  private fields(fields: Fields, typeNames: Readonly<Record<string, string>> = {}): PortableField[] {
    const entries: [string | null, TypeExpr, string][] = Array.isArray(fields)
      ? fields.map((expr, index) => [null, expr, String(index)])
      : Object.entries(fields).map(([name, expr]) => [name, expr, name]);
    return entries.map(([name, expr, key]) => ({
      name,
      type: this.resolve(expr),
      typeName: typeNames[key] ?? expr,
      docs: [],
    }));
  }

  private params(params: TypeParams | undefined): PortableType['type']['params'] {
    return Object.entries(params ?? {}).map(([name, expr]) => ({
      name,
      type: expr === null ? null : this.resolve(expr),
    }));
  }

  private addVariantType(
    key: string,
    path: string[],
    variants: PortableVariant[],
    params: PortableType['type']['params'],
    docs: string[],
  ): number {
    const id = this.reserve(key);
    this.define(id, path, params, { variant: { variants } }, docs);
    return id;
  }

  private intern(key: string, build: () => Omit<PortableType['type'], 'docs'>): number {
    const existing = this.idsByKey.get(key);
    if (existing !== undefined) return existing;
    const id = this.reserve(key);
    this.types[id] = { id, type: { ...build(), docs: [] } };
    return id;
  }

  private reserve(key: string): number {
    if (this.idsByKey.has(key)) throw new Error(`Type ${key} is defined twice`);
    const id = this.types.length;
    this.types.push({ id, type: { path: [], params: [], def: { tuple: [] }, docs: [] } });
    this.idsByKey.set(key, id);
    return id;
  }

  private define(
    id: number,
    path: readonly string[],
    params: PortableType['type']['params'],
    def: PortableTypeDef,
    docs: readonly string[] = [],
  ): void {
    this.types[id] = { id, type: { path, params, def, docs } };
  }
}

function pascalToSnake(name: string): string {
  return `pallet_${name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase()}`;
}
