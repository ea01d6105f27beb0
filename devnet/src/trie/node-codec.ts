/**
 * Node encoding of Substrate's base-16 Patricia-Merkle trie, as `sp-trie`'s `NodeCodec` and
 * `NodeHeader` write it, with blake2-256 as the hasher.
 *
 * A node is `header ++ packed partial key ++ [bitmap] ++ [value] ++ children`:
 * - the header's top bits give the kind, the rest the partial key's nibble count, which spills
 *   into following bytes (each 255 meaning "add 255 and read on") once it doesn't fit;
 * - the partial key is packed two nibbles a byte, an odd-length one padded with a zero nibble in front;
 * - a branch has a little-endian u16 bitmap of its occupied child slots;
 * - the value is `Compact(length) ++ bytes`, or under state version 1 and for values of
 *   `HASHED_VALUE_THRESHOLD` bytes or more, the bare 32-byte hash of the value (the header then
 *   uses the "hashed value" kinds);
 * - each child is `Compact(length) ++ merkle value`, the merkle value being the child's own
 *   encoding when shorter than 32 bytes and its hash otherwise.
 */
import { blake2b256 } from './blake2.ts';
import { nibbleAt } from './nibbles.ts';

/** `0` is sp-trie `LayoutV0`; `1` is `LayoutV1`, which stores long values by hash. */
export type StateVersion = 0 | 1;

export const HASH_LENGTH = 32;

/** `TRIE_VALUE_NODE_THRESHOLD`: under state version 1, values at least this long are stored by hash. */
const HASHED_VALUE_THRESHOLD = 33;

/** The root of a trie without entries, under both state versions: blake2-256 of the empty node `0x00`. */
export const EMPTY_TRIE_ROOT: Uint8Array = blake2b256(Uint8Array.of(0));

/** A branch's children by nibble: each child's merkle value, `undefined` for an empty slot. */
type ChildMerkleValues = readonly (Uint8Array | undefined)[];

const LEAF = 0b01 << 6;
const BRANCH_WITHOUT_VALUE = 0b10 << 6;
const BRANCH_WITH_VALUE = 0b11 << 6;
const LEAF_WITH_HASHED_VALUE = 0b001 << 5;
const BRANCH_WITH_HASHED_VALUE = 0b0001 << 4;

/** sp-trie's `NIBBLE_SIZE_BOUND`: it silently truncates longer partial keys, which we refuse to mimic. */
const MAX_PARTIAL_KEY_NIBBLES = 0xffff;

export function isHashedValue(value: Uint8Array, stateVersion: StateVersion): boolean {
  return stateVersion === 1 && value.length >= HASHED_VALUE_THRESHOLD;
}

/** The SCALE `Compact<u32>` encoding of `n`, as used for lengths and for ordered-trie keys. */
export function encodeCompact(n: number): Uint8Array {
  const out = new Uint8Array(4);
  return out.slice(0, writeCompact(out, 0, n));
}

/**
 * Encodes one node. Its partial key is nibbles `[keyStart, keyEnd)` of `key`. `value` is what the
 * node stores: the storage value itself, or its hash when `valueIsHashed`. `children` is given for
 * a branch and omitted for a leaf.
 */
export function encodeNode(
  key: Uint8Array,
  keyStart: number,
  keyEnd: number,
  value: Uint8Array | undefined,
  valueIsHashed: boolean,
  children: ChildMerkleValues | undefined,
): Uint8Array {
  return scratch.slice(0, writeNode(key, keyStart, keyEnd, value, valueIsHashed, children));
}

/** What a parent stores for this node: its encoding when shorter than a hash, its hash otherwise. */
export function nodeMerkleValue(
  key: Uint8Array,
  keyStart: number,
  keyEnd: number,
  value: Uint8Array | undefined,
  valueIsHashed: boolean,
  children: ChildMerkleValues | undefined,
): Uint8Array {
  const length = writeNode(key, keyStart, keyEnd, value, valueIsHashed, children);
  return length < HASH_LENGTH ? scratch.slice(0, length) : blake2b256(scratch.subarray(0, length));
}

/** The root node is always referred to by hash, even when its encoding is short enough to inline. */
export function rootHashOf(rootMerkleValue: Uint8Array): Uint8Array {
  return rootMerkleValue.length === HASH_LENGTH ? rootMerkleValue : blake2b256(rootMerkleValue);
}

// Nodes are encoded into one reused buffer; each public function reads its result out before
// returning, and children are always encoded before their parent starts. The writers pass the
// write position along as a local so it stays in a register.
let scratch = new Uint8Array(4096);

function scratchOfAtLeast(size: number): Uint8Array {
  if (scratch.length < size) scratch = new Uint8Array(Math.max(scratch.length * 2, size));
  return scratch;
}

/** Encodes into `scratch`, returning the encoding's length. */
function writeNode(
  key: Uint8Array,
  keyStart: number,
  keyEnd: number,
  value: Uint8Array | undefined,
  valueIsHashed: boolean,
  children: ChildMerkleValues | undefined,
): number {
  const nibbleCount = keyEnd - keyStart;
  if (nibbleCount > MAX_PARTIAL_KEY_NIBBLES) throw new RangeError(`partial key of ${nibbleCount} nibbles`);
  const out = scratchOfAtLeast(16 + nibbleCount + (value?.length ?? 0) + (children ? 2 + 16 * (HASH_LENGTH + 1) : 0));

  let at: number;
  if (children === undefined) {
    if (value === undefined) throw new Error('a leaf must hold a value');
    at = valueIsHashed
      ? writeHeader(out, LEAF_WITH_HASHED_VALUE, 3, nibbleCount)
      : writeHeader(out, LEAF, 2, nibbleCount);
  } else if (value === undefined) at = writeHeader(out, BRANCH_WITHOUT_VALUE, 2, nibbleCount);
  else if (valueIsHashed) at = writeHeader(out, BRANCH_WITH_HASHED_VALUE, 4, nibbleCount);
  else at = writeHeader(out, BRANCH_WITH_VALUE, 2, nibbleCount);

  at = writePartialKey(out, at, key, keyStart, keyEnd);

  const bitmapAt = at;
  if (children !== undefined) at += 2;

  if (value !== undefined) {
    if (!valueIsHashed) at = writeCompact(out, at, value.length);
    out.set(value, at);
    at += value.length;
  }

  if (children !== undefined) {
    let bitmap = 0;
    for (let nibble = 0; nibble < 16; nibble++) {
      const child = children[nibble];
      if (child === undefined) continue;
      bitmap |= 1 << nibble;
      at = writeCompact(out, at, child.length);
      out.set(child, at);
      at += child.length;
    }
    out[bitmapAt] = bitmap & 0xff;
    out[bitmapAt + 1] = bitmap >> 8;
  }
  return at;
}

function writeHeader(out: Uint8Array, kind: number, kindBits: number, nibbleCount: number): number {
  const largestInFirstByte = 0xff >> kindBits;
  if (nibbleCount < largestInFirstByte) {
    out[0] = kind | nibbleCount;
    return 1;
  }
  out[0] = kind | largestInFirstByte;
  let at = 1;
  let remaining = nibbleCount - largestInFirstByte;
  for (; remaining >= 255; remaining -= 255) out[at++] = 255;
  out[at++] = remaining;
  return at;
}

function writePartialKey(out: Uint8Array, at: number, key: Uint8Array, start: number, end: number): number {
  let index = start;
  if ((end - start) % 2 === 1) out[at++] = nibbleAt(key, index++);
  if (index % 2 === 0) {
    for (; index < end; index += 2) out[at++] = key[index >> 1];
  } else {
    for (; index < end; index += 2) out[at++] = ((key[index >> 1] & 0x0f) << 4) | (key[(index >> 1) + 1] >> 4);
  }
  return at;
}

function writeCompact(out: Uint8Array, at: number, n: number): number {
  if (n < 1 << 6) {
    out[at] = n << 2;
    return at + 1;
  }
  if (n < 1 << 14) {
    const encoded = (n << 2) | 0b01;
    out[at] = encoded & 0xff;
    out[at + 1] = encoded >> 8;
    return at + 2;
  }
  if (n < 2 ** 30) {
    const encoded = n * 4 + 0b10;
    out[at] = encoded & 0xff;
    out[at + 1] = (encoded >>> 8) & 0xff;
    out[at + 2] = (encoded >>> 16) & 0xff;
    out[at + 3] = encoded >>> 24;
    return at + 4;
  }
  throw new RangeError(`length ${n} does not fit this trie's compact encoding`);
}
