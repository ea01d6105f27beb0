/**
 * Keys of the state version records.
 *
 * A record is keyed by `escape(storageKey) ++ 0x00 0x00 ++ blockNumber (u32 BE) ++ blockHash (32 bytes)`.
 *
 * Storage keys have arbitrary lengths, so one can be a prefix of another: appending the version suffix to the raw
 * key would interleave the versions of `k` with those of `k ++ x`, and a reverse seek on `k` would have to step over
 * them. Escaping every 0x00 byte as 0x00 0xff and terminating with 0x00 0x00 makes the encoding prefix-free while
 * keeping the lexicographic order of raw keys, and the escaped form of a prefix is a prefix of the escaped form of
 * every key that starts with it, so prefix scans stay range scans.
 */

/** The longest key lmdb-js accepts. */
export const MAX_LMDB_KEY_SIZE = 1978;
export const BLOCK_HASH_SIZE = 32;

const TERMINATOR_SIZE = 2;
const VERSION_SUFFIX_SIZE = 4 + BLOCK_HASH_SIZE;
const ESCAPED_ZERO = 0xff;

function escapedLength(bytes: Uint8Array): number {
  let length = bytes.length;
  for (const byte of bytes) if (byte === 0) length++;
  return length;
}

/** Allocates `escape(bytes)` followed by `trailingSize` zeroed bytes. */
function escapeWithTrailing(bytes: Uint8Array, trailingSize: number): Buffer {
  const escaped = Buffer.allocUnsafe(escapedLength(bytes) + trailingSize);
  let position = 0;
  for (const byte of bytes) {
    escaped[position++] = byte;
    if (byte === 0) escaped[position++] = ESCAPED_ZERO;
  }
  return escaped.fill(0, position);
}

/** The escaped bytes every record of every storage key starting with `prefix` starts with. */
export function escapePrefix(prefix: Uint8Array): Buffer {
  return escapeWithTrailing(prefix, 0);
}

/** `escapeWithTrailing(storageKey) ++ 0x00 0x00`: the common prefix of all version records of `storageKey`, and only of them. */
export function recordPrefix(storageKey: Uint8Array): Buffer {
  return escapeWithTrailing(storageKey, TERMINATOR_SIZE);
}

export function versionKey(storageKey: Uint8Array, blockNumber: number, blockHash: Uint8Array): Buffer {
  const key = escapeWithTrailing(storageKey, TERMINATOR_SIZE + VERSION_SUFFIX_SIZE);
  const suffixStart = key.length - VERSION_SUFFIX_SIZE;
  key.writeUInt32BE(blockNumber, suffixStart);
  key.set(blockHash, suffixStart + 4);
  return key;
}

/** The greatest possible record key of the storage key at `blockNumber`: a reverse seek starts there. */
export function latestVersionBound(prefixOfRecords: Uint8Array, blockNumber: number): Buffer {
  const bound = Buffer.alloc(prefixOfRecords.length + VERSION_SUFFIX_SIZE, 0xff);
  bound.set(prefixOfRecords);
  bound.writeUInt32BE(blockNumber, prefixOfRecords.length);
  return bound;
}

/** A key sorting after every record of the storage key and before the records of any greater storage key. */
export function pastAllVersions(prefixOfRecords: Uint8Array): Buffer {
  const key = Buffer.from(prefixOfRecords);
  key[key.length - 1] = 0x01;
  return key;
}

/**
 * A key sorting after the records of `storageKey` and of every smaller storage key, and before the records of every
 * greater one.
 */
export function pastStorageKey(storageKey: Uint8Array): Buffer {
  if (fitsInRecordKey(storageKey)) return pastAllVersions(recordPrefix(storageKey));
  // Such a key has no records, and no record is long enough to start with its truncated escaped form (which has no
  // 0x00 0x00 terminator), so the truncation sorts where the key would.
  return escapePrefix(storageKey).subarray(0, MAX_LMDB_KEY_SIZE);
}

/** The smallest key greater than every key starting with `prefix`, or undefined when there is none. */
export function prefixUpperBound(prefix: Uint8Array): Buffer | undefined {
  let end = prefix.length;
  while (end > 0 && prefix[end - 1] === 0xff) end--;
  if (end === 0) return undefined;
  const bound = Buffer.from(prefix.subarray(0, end));
  bound[end - 1]++;
  return bound;
}

export function recordPrefixOf(key: Uint8Array): Uint8Array {
  return key.subarray(0, key.length - VERSION_SUFFIX_SIZE);
}

export function versionBlockNumber(key: Uint8Array): number {
  const offset = key.length - VERSION_SUFFIX_SIZE;
  return ((key[offset] << 24) | (key[offset + 1] << 16) | (key[offset + 2] << 8) | key[offset + 3]) >>> 0;
}

export function versionBlockHash(key: Uint8Array): Uint8Array {
  return key.subarray(key.length - BLOCK_HASH_SIZE);
}

/** Decodes the storage key out of its record prefix. */
export function storageKeyOf(prefixOfRecords: Uint8Array): Uint8Array {
  const escapedEnd = prefixOfRecords.length - TERMINATOR_SIZE;
  const storageKey = new Uint8Array(escapedEnd);
  let length = 0;
  for (let position = 0; position < escapedEnd; position++) {
    const byte = prefixOfRecords[position];
    storageKey[length++] = byte;
    if (byte === 0) position++;
  }
  return storageKey.subarray(0, length);
}

/** Whether records of `storageKey` fit in an LMDB key. */
export function fitsInRecordKey(storageKey: Uint8Array): boolean {
  return escapedLength(storageKey) + TERMINATOR_SIZE + VERSION_SUFFIX_SIZE <= MAX_LMDB_KEY_SIZE;
}
