import { byteView } from './bytes.ts';
import { BLOCK_HASH_SIZE } from './key-encoding.ts';

/** A block as the chain layer imports it; the database does not interpret the header or the extrinsics. */
export interface StoredBlock {
  readonly hash: Uint8Array;
  readonly number: number;
  readonly parentHash: Uint8Array;
  /** SCALE-encoded header. */
  readonly header: Uint8Array;
  /** Opaque SCALE-encoded extrinsics, in block order. */
  readonly extrinsics: readonly Uint8Array[];
}

const U32_SIZE = 4;

/**
 * `number (u32 LE) ++ parentHash ++ headerLength (u32 LE) ++ header ++ extrinsicCount (u32 LE)
 * ++ (length (u32 LE) ++ extrinsic)*`; the hash is the record's key.
 */
export function encodeStoredBlock(block: StoredBlock): Buffer {
  let size = U32_SIZE + BLOCK_HASH_SIZE + U32_SIZE + block.header.length + U32_SIZE;
  for (const extrinsic of block.extrinsics) size += U32_SIZE + extrinsic.length;
  const encoded = Buffer.allocUnsafe(size);
  let offset = encoded.writeUInt32LE(block.number, 0);
  encoded.set(block.parentHash, offset);
  offset += BLOCK_HASH_SIZE;
  offset = encoded.writeUInt32LE(block.header.length, offset);
  encoded.set(block.header, offset);
  offset += block.header.length;
  offset = encoded.writeUInt32LE(block.extrinsics.length, offset);
  for (const extrinsic of block.extrinsics) {
    offset = encoded.writeUInt32LE(extrinsic.length, offset);
    encoded.set(extrinsic, offset);
    offset += extrinsic.length;
  }
  return encoded;
}

/** Decodes into views over `encoded`, which must not be reused by the caller. */
export function decodeStoredBlock(hash: Uint8Array, encoded: Buffer): StoredBlock {
  const number = encoded.readUInt32LE(0);
  let offset = U32_SIZE;
  const parentHash = byteView(encoded, offset, BLOCK_HASH_SIZE);
  offset += BLOCK_HASH_SIZE;
  const headerLength = encoded.readUInt32LE(offset);
  offset += U32_SIZE;
  const header = byteView(encoded, offset, headerLength);
  offset += headerLength;
  const extrinsics: Uint8Array[] = new Array(encoded.readUInt32LE(offset));
  offset += U32_SIZE;
  for (let index = 0; index < extrinsics.length; index++) {
    const length = encoded.readUInt32LE(offset);
    offset += U32_SIZE;
    extrinsics[index] = byteView(encoded, offset, length);
    offset += length;
  }
  return { hash: Uint8Array.from(hash), number, parentHash, header, extrinsics };
}
