/** Low-level SCALE reading and writing: little-endian integers, compacts, byte strings. */

export class ScaleWriter {
  private buffer: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(initialCapacity = 256) {
    this.buffer = new Uint8Array(initialCapacity);
    this.view = new DataView(this.buffer.buffer);
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  u8(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  u16(value: number): void {
    this.reserve(2);
    this.view.setUint16(this.length, value, true);
    this.length += 2;
  }

  u32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
  }

  u64(value: bigint): void {
    this.reserve(8);
    this.view.setBigUint64(this.length, value, true);
    this.length += 8;
  }

  /** Unsigned integer of `bytes` bytes, little-endian. */
  bigUint(value: bigint, bytes: number): void {
    if (value < 0n || value >> BigInt(bytes * 8) !== 0n)
      throw new RangeError(`${value} does not fit in ${bytes} bytes`);
    this.reserve(bytes);
    if (bytes % 8 === 0) {
      // Whole 64-bit words (u64, u128, u256: balances and weights), a word at a time.
      let rest = value;
      for (let word = 0; word < bytes; word += 8) {
        this.view.setBigUint64(this.length + word, BigInt.asUintN(64, rest), true);
        rest >>= 64n;
      }
      this.length += bytes;
      return;
    }
    let rest = value;
    for (let i = 0; i < bytes; i++) {
      this.buffer[this.length++] = Number(rest & 0xffn);
      rest >>= 8n;
    }
  }

  /** Starts over, keeping the buffer: for a writer reused across encodings. */
  reset(): void {
    this.length = 0;
  }

  bytes(value: Uint8Array): void {
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
  }

  compact(value: number | bigint): void {
    if (typeof value === 'number' ? value < 0 || !Number.isInteger(value) : value < 0n) {
      throw new RangeError(`Compact expects a non-negative integer, got ${value}`);
    }
    if (value < 64) this.u8(Number(value) << 2);
    else if (value < 16384) this.u16((Number(value) << 2) | 1);
    else if (value < 1073741824) this.u32(Number(value) * 4 + 2);
    else {
      const big = BigInt(value);
      const byteLength = Math.max(4, Math.ceil(big.toString(16).length / 2));
      this.u8(((byteLength - 4) << 2) | 3);
      this.bigUint(big, byteLength);
    }
  }

  /** Vec<u8>: compact length then the bytes. */
  lengthPrefixed(value: Uint8Array): void {
    this.compact(value.length);
    this.bytes(value);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }
}

export class ScaleReader {
  position = 0;
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.position;
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.position++];
  }

  u16(): number {
    this.need(2);
    const value = this.view.getUint16(this.position, true);
    this.position += 2;
    return value;
  }

  u32(): number {
    this.need(4);
    const value = this.view.getUint32(this.position, true);
    this.position += 4;
    return value;
  }

  u64(): bigint {
    this.need(8);
    const value = this.view.getBigUint64(this.position, true);
    this.position += 8;
    return value;
  }

  bigUint(bytes: number): bigint {
    this.need(bytes);
    let value = 0n;
    if (bytes % 8 === 0) {
      for (let word = bytes - 8; word >= 0; word -= 8) {
        value = (value << 64n) | this.view.getBigUint64(this.position + word, true);
      }
    } else {
      for (let i = bytes - 1; i >= 0; i--) value = (value << 8n) | BigInt(this.bytes[this.position + i]);
    }
    this.position += bytes;
    return value;
  }

  take(length: number): Uint8Array {
    this.need(length);
    const slice = this.bytes.subarray(this.position, this.position + length);
    this.position += length;
    return slice;
  }

  compact(): number | bigint {
    const first = this.bytes[this.position];
    switch (first & 3) {
      case 0:
        this.position++;
        return first >> 2;
      case 1:
        return this.u16() >> 2;
      case 2:
        return this.u32() >>> 2;
      default: {
        this.position++;
        const value = this.bigUint((first >> 2) + 4);
        return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
      }
    }
  }

  compactNumber(): number {
    const value = this.compact();
    if (typeof value !== 'number') throw new RangeError('Compact length out of range');
    return value;
  }

  lengthPrefixed(): Uint8Array {
    return this.take(this.compactNumber());
  }

  private need(length: number): void {
    if (this.position + length > this.bytes.length) {
      throw new RangeError(`SCALE input ends early: need ${length} byte(s) at offset ${this.position}`);
    }
  }
}

export function encodeCompact(value: number | bigint): Uint8Array {
  const writer = new ScaleWriter(17);
  writer.compact(value);
  return writer.finish();
}
