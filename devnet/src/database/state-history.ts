import type { Database } from 'lmdb';
import type { Ancestry } from './ancestry.ts';
import { bytesEqual, byteView, toBytes } from './bytes.ts';
import {
  escapePrefix,
  fitsInRecordKey,
  latestVersionBound,
  MAX_LMDB_KEY_SIZE,
  pastAllVersions,
  pastStorageKey,
  prefixUpperBound,
  recordPrefix,
  recordPrefixOf,
  storageKeyOf,
  versionBlockHash,
  versionBlockNumber,
  versionKey,
} from './key-encoding.ts';

/** The storage changes a block made: 0x-hex key → new value, or null when the block deleted the key. */
export type StateDiff = ReadonlyMap<string, Uint8Array | null>;

/** A version record ready to be written: its key and its tagged value. */
export interface StateRecord {
  readonly key: Buffer;
  readonly value: Buffer;
}

/** A storage key and its value. */
export type StorageEntry = readonly [key: Uint8Array, value: Uint8Array];

/** Versions of one key read while scanning forward before resolving it with a reverse seek instead. */
const MAX_VERSIONS_SCANNED = 8;

const TOMBSTONE = Buffer.of(0);
const PRESENT = 1;

function encodeValue(value: Uint8Array | null): Buffer {
  if (value === null) return TOMBSTONE;
  const encoded = Buffer.allocUnsafe(value.length + 1);
  encoded[0] = PRESENT;
  encoded.set(value, 1);
  return encoded;
}

function decodeValue(encoded: Buffer): Uint8Array | null {
  return encoded[0] === PRESENT ? byteView(encoded, 1) : null;
}

/**
 * Full state history: every write of every block, kept as one version record per (storage key, block), so the state
 * after any stored block, on any branch, can be read back.
 *
 * Records are keyed as described in `key-encoding.ts`, so all versions of a storage key are adjacent and ordered by
 * block number. Reading the state after block B is one reverse seek from `(key, B.number, 0xff…)` downwards, taking
 * the first version written by an ancestor of B (or B itself) and skipping versions written by blocks of other
 * branches at the same or lower heights. The value is tagged: a deletion is stored as a tombstone.
 */
export class StateHistory {
  readonly #versions: Database<Buffer, Uint8Array>;

  constructor(versions: Database<Buffer, Uint8Array>) {
    this.#versions = versions;
  }

  /** Encodes the records of a block's diff; done before the write transaction to keep it short. */
  static encodeDiff(blockNumber: number, blockHash: Uint8Array, diff: StateDiff): StateRecord[] {
    const records: StateRecord[] = [];
    for (const [hexKey, value] of diff) {
      const storageKey = toBytes(hexKey);
      if (!fitsInRecordKey(storageKey)) {
        throw new RangeError(
          `Storage key of ${storageKey.length} bytes is too long to store (${hexKey.slice(0, 66)}…)`,
        );
      }
      records.push({ key: versionKey(storageKey, blockNumber, blockHash), value: encodeValue(value) });
    }
    return records;
  }

  /** Must run inside a write transaction. */
  write(records: readonly StateRecord[]): void {
    for (const record of records) this.#versions.put(record.key, record.value);
  }

  /** The value of `storageKey` after the tip of `ancestry`, null when absent. */
  read(ancestry: Ancestry, storageKey: Uint8Array): Uint8Array | null {
    if (!fitsInRecordKey(storageKey)) return null;
    return this.#readRecords(ancestry, recordPrefix(storageKey));
  }

  /**
   * The entries whose keys start with `prefix` present after the tip of `ancestry`, in lexicographic key order,
   * strictly after `startKey` when given, at most `count`.
   *
   * Scans the records forward, resolving each key from its few versions on the way; a key with many versions (one
   * written by every block) is resolved by a reverse seek instead and the scan resumes after it.
   */
  entriesPaged(ancestry: Ancestry, prefix: Uint8Array, count: number, startKey?: Uint8Array): StorageEntry[] {
    const entries: StorageEntry[] = [];
    const escapedPrefix = escapePrefix(prefix);
    if (escapedPrefix.length > MAX_LMDB_KEY_SIZE) return entries;
    const end = prefixUpperBound(escapedPrefix);
    let resumeAt: Uint8Array | undefined = escapedPrefix;
    if (startKey !== undefined) {
      const afterStartKey = pastStorageKey(startKey);
      if (Buffer.compare(afterStartKey, escapedPrefix) > 0) resumeAt = afterStartKey;
    }
    while (resumeAt !== undefined && entries.length < count) {
      resumeAt = this.#scanEntries(ancestry, resumeAt, end, count, entries);
    }
    return entries;
  }

  /**
   * Appends entries found scanning forward from `start` until `entries` holds `count`; returns where to resume when a
   * key with many versions interrupted the scan, undefined when the page is full or the range exhausted.
   */
  #scanEntries(
    ancestry: Ancestry,
    start: Uint8Array,
    end: Uint8Array | undefined,
    count: number,
    entries: StorageEntry[],
  ): Uint8Array | undefined {
    let currentRecords: Uint8Array | undefined;
    let visibleValue: Uint8Array | null = null;
    let versionsScanned = 0;
    for (const { key, value } of this.#versions.getRange({ start, end })) {
      const prefixOfRecords = recordPrefixOf(key);
      if (currentRecords === undefined || !bytesEqual(prefixOfRecords, currentRecords)) {
        if (currentRecords !== undefined && visibleValue !== null) {
          entries.push([storageKeyOf(currentRecords), visibleValue]);
          if (entries.length >= count) return undefined;
        }
        currentRecords = prefixOfRecords;
        visibleValue = null;
        versionsScanned = 0;
      }
      if (++versionsScanned > MAX_VERSIONS_SCANNED) {
        const resolved = this.#readRecords(ancestry, currentRecords);
        if (resolved !== null) entries.push([storageKeyOf(currentRecords), resolved]);
        return pastAllVersions(currentRecords);
      }
      // Versions come in ascending block order and the ancestry has one block per height: the last visible one wins.
      if (ancestry.includes(versionBlockNumber(key), versionBlockHash(key))) visibleValue = decodeValue(value);
    }
    if (currentRecords !== undefined && visibleValue !== null) {
      entries.push([storageKeyOf(currentRecords), visibleValue]);
    }
    return undefined;
  }

  #readRecords(ancestry: Ancestry, prefixOfRecords: Uint8Array): Uint8Array | null {
    const range = this.#versions.getRange({
      start: latestVersionBound(prefixOfRecords, ancestry.tipNumber),
      end: prefixOfRecords,
      reverse: true,
    });
    for (const { key, value } of range) {
      if (ancestry.includes(versionBlockNumber(key), versionBlockHash(key))) return decodeValue(value);
    }
    return null;
  }
}
