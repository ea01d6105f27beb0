export { type EnumValue, ScaleCodec } from './codec/codec.ts';
export { encodeCompact, ScaleReader, ScaleWriter } from './codec/scale.ts';
export type * from './dsl.ts';
export { signedExtensions } from './extensions.ts';
export {
  encodeMetadata,
  METADATA_MAGIC,
  type MetadataVersion,
  metadataHex,
  SUPPORTED_METADATA_VERSIONS,
} from './metadata.ts';
export { hashKey, type PalletModel, RuntimeModel, StorageEntry } from './model.ts';
export { palletAccountId } from './pallets/escrow.ts';
export type { PortableType } from './registry.ts';
export { pallets } from './runtime.ts';
export { runtimeApis } from './runtime-apis.ts';
export { chainProperties, runtimeApiId, runtimeVersion } from './version.ts';
