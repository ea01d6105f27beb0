import type { RuntimeModel } from '@bazari/chain-types';
import type { Header } from '@bazari/chain-types/generated';
import { blake2AsU8a } from '@polkadot/util-crypto';

export function encodeHeader(model: RuntimeModel, header: Header): Uint8Array {
  return model.codec.encode(model.typeId('Header'), header);
}

export function decodeHeader(model: RuntimeModel, bytes: Uint8Array): Header {
  return model.codec.decode(model.typeId('Header'), bytes) as Header;
}

/** A block's hash: blake2_256 of its SCALE-encoded header. */
export function hashHeader(encodedHeader: Uint8Array): Uint8Array {
  return blake2AsU8a(encodedHeader, 256);
}
