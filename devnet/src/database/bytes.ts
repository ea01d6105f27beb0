/** Bytes, or the same bytes as a `0x`-prefixed hex string. */
export type BytesLike = Uint8Array | string;

const HEX_BYTES = /^0x(?:[0-9a-fA-F]{2})*$/;

export function toBytes(input: BytesLike): Uint8Array {
  if (typeof input !== 'string') return input;
  if (!HEX_BYTES.test(input)) throw new TypeError(`Expected 0x-prefixed hex bytes, got "${input.slice(0, 24)}"`);
  return Buffer.from(input.slice(2), 'hex');
}

export function toHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex')}`;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/**
 * A plain `Uint8Array` view over part of `bytes`. lmdb-js hands out Buffers, whose `slice` shares memory where a
 * `Uint8Array`'s copies; returning plain views keeps that surprise away from callers.
 */
export function byteView(bytes: Uint8Array, offset = 0, length = bytes.length - offset): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset + offset, length);
}
