import { Metadata, TypeRegistry } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import { signedExtensions } from './extensions.ts';
import type { RuntimeModel } from './model.ts';
import { runtimeApis } from './runtime-apis.ts';

export const METADATA_MAGIC = 0x6174656d;
export const SUPPORTED_METADATA_VERSIONS = [14, 15] as const;
export type MetadataVersion = (typeof SUPPORTED_METADATA_VERSIONS)[number];

/**
 * The SCALE-encoded metadata (magic number, version byte, body) of the runtime, as
 * `state_getMetadata` (V14) and `Metadata_metadata_at_version` (V14, V15) return it.
 */
export function encodeMetadata(model: RuntimeModel, version: MetadataVersion): Uint8Array {
  const extrinsicTypeIds = {
    extrinsic: model.typeIds.extrinsic,
    extensions: signedExtensions.map((extension) => ({
      identifier: extension.identifier,
      type: model.typeId(extension.type),
      additionalSigned: model.typeId(extension.additionalSigned),
    })),
  };
  const apis = runtimeApis.map((api) => ({
    name: api.name,
    methods: api.methods.map((method) => ({
      name: method.name,
      inputs: Object.entries(method.inputs).map(([name, expr]) => ({ name, type: model.typeId(expr) })),
      output: model.typeId(method.output),
      docs: method.docs,
    })),
    docs: api.docs,
  }));
  const runtimeType = model.typeId('Runtime');
  const pallets = [...model.pallets.values()].map(({ def, typeIds, storage, constants }) => ({
    name: def.name,
    storage:
      storage.size === 0
        ? null
        : {
            prefix: def.name,
            items: [...storage.values()].map((entry) => ({
              name: entry.name,
              modifier: entry.modifier,
              type:
                entry.hashers.length === 0
                  ? { plain: entry.valueType }
                  : {
                      map: {
                        hashers: entry.hashers,
                        key: entry.keyTypes.length === 1 ? entry.keyTypes[0] : model.typeId(entry.keyTupleExpr),
                        value: entry.valueType,
                      },
                    },
              fallback: u8aToHex(entry.fallback),
              docs: def.storage?.[entry.name]?.docs ?? [],
            })),
          },
    calls: typeIds.calls === undefined ? null : { type: typeIds.calls },
    events: typeIds.events === undefined ? null : { type: typeIds.events },
    constants: [...constants.entries()].map(([name, constant]) => ({
      name,
      type: constant.type,
      value: u8aToHex(constant.value),
      docs: constant.docs,
    })),
    errors: typeIds.errors === undefined ? null : { type: typeIds.errors },
    index: def.index,
    docs: def.docs ?? [],
  }));
  const lookup = { types: model.types.map((entry) => ({ id: entry.id, type: entry.type })) };

  const body =
    version === 14
      ? {
          v14: {
            lookup,
            pallets,
            extrinsic: {
              type: extrinsicTypeIds.extrinsic,
              version: 4,
              signedExtensions: extrinsicTypeIds.extensions,
            },
            type: runtimeType,
          },
        }
      : {
          v15: {
            lookup,
            pallets,
            extrinsic: {
              version: 4,
              addressType: model.typeIds.address,
              callType: model.typeIds.runtimeCall,
              signatureType: model.typeIds.signature,
              extraType: model.typeIds.signedExtra,
              signedExtensions: extrinsicTypeIds.extensions,
            },
            type: runtimeType,
            apis,
            outerEnums: {
              callType: model.typeIds.runtimeCall,
              eventType: model.typeIds.runtimeEvent,
              errorType: model.typeIds.runtimeError,
            },
            custom: { map: {} },
          },
        };
  return new Metadata(new TypeRegistry(), { magicNumber: METADATA_MAGIC, metadata: body }).toU8a();
}

export function metadataHex(model: RuntimeModel, version: MetadataVersion): `0x${string}` {
  return u8aToHex(encodeMetadata(model, version));
}
