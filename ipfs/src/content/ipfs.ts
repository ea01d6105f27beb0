/**
 * Adding and reading content with Helia, in the browser and in Node (no Node-only APIs).
 *
 * Codec decision: documents are stored as UnixFS files of their canonical JSON bytes
 * (`@helia/unixfs` `addBytes`, CIDv1, raw leaves). A document under the chunk size (1 MiB) is then a
 * single `raw` block (`bafkrei…`): any gateway serves it as a file (`/ipfs/<cid>`), the trustless
 * `?format=raw` response is the JSON itself, and the same document always has the same CID.
 * Images and other files go through the same `addBytes`.
 *
 * Reads are bounded (`maxBytes`, checked before and while reading), time-limited (`timeoutMs`
 * and/or the caller's `AbortSignal`) and verified: every block read is hashed and compared to its
 * CID, so a corrupted or forged block is rejected even when it comes from the local blockstore.
 */

import { type UnixFSComponents, unixfs } from '@helia/unixfs';
import { CID } from 'multiformats/cid';
import { identity } from 'multiformats/hashes/identity';
import { sha256 } from 'multiformats/hashes/sha2';
import type { z } from 'zod';
import { canonicalJsonBytes } from './canonical.ts';
import { parseCid } from './cid.ts';
import { parseWith } from './common.ts';

/** What the helpers need of a Helia node: its blockstore (a full `Helia` fits). */
export interface HeliaLike {
  readonly blockstore: UnixFSComponents['blockstore'];
}

/** The default largest document read by `readJson`. */
export const DEFAULT_MAX_JSON_BYTES = 1024 * 1024;
/** The default largest file read by `readBytes` (the gateway's default object limit). */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The multicodec of a raw block. */
const RAW_CODEC = 0x55;

export interface ReadOptions {
  /** Refuse content larger than this many bytes. */
  readonly maxBytes?: number;
  /** Give up after this many milliseconds (default 30 s). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export class ContentTooLargeError extends Error {
  override readonly name = 'ContentTooLargeError';
}

export class BlockVerificationError extends Error {
  override readonly name = 'BlockVerificationError';
}

export class ContentTimeoutError extends Error {
  override readonly name = 'ContentTimeoutError';
}

/** Adds bytes as a UnixFS file (CIDv1, raw leaves) and returns its CID. */
export async function addBytes(
  helia: HeliaLike,
  bytes: Uint8Array,
  options: { signal?: AbortSignal } = {},
): Promise<CID> {
  return unixfs(helia).addBytes(bytes, { signal: options.signal });
}

/**
 * Validates `document` with `schema` (when given) and adds its canonical JSON bytes; the returned
 * CID is what goes on chain (`metadata_cid`, `receipt_cid`, …).
 */
export async function addJson(
  helia: HeliaLike,
  document: unknown,
  options: { schema?: z.ZodType; kind?: string; signal?: AbortSignal } = {},
): Promise<CID> {
  const value = options.schema ? parseWith(options.schema, options.kind ?? 'document', document) : document;
  return addBytes(helia, canonicalJsonBytes(value), options);
}

/** The CID that `addJson` would return, without a node: a raw block of the canonical JSON. */
export async function jsonCid(document: unknown): Promise<CID> {
  const bytes = canonicalJsonBytes(document);
  if (bytes.length > 1024 * 1024)
    throw new ContentTooLargeError('jsonCid covers single-block documents (at most 1 MiB)');
  return CID.createV1(RAW_CODEC, await sha256.digest(bytes));
}

/** Reads the whole content of `cid` (a CID or its string, validated with the pallets' rules). */
export async function readBytes(helia: HeliaLike, cid: CID | string, options: ReadOptions = {}): Promise<Uint8Array> {
  const target = typeof cid === 'string' ? parseCid(cid) : cid;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const fs = unixfs({ blockstore: verifyingBlockstore(helia.blockstore) });
  try {
    const stat = await fs.stat(target, { signal });
    if (stat.type === 'directory') throw new Error(`${target} is a directory, not a file`);
    if (stat.size > BigInt(maxBytes)) {
      throw new ContentTooLargeError(`${target} is ${stat.size} bytes, more than the limit of ${maxBytes}`);
    }
    const chunks: Uint8Array[] = [];
    let length = 0;
    for await (const chunk of fs.cat(target, { signal })) {
      length += chunk.length;
      if (length > maxBytes) throw new ContentTooLargeError(`${target} is more than the limit of ${maxBytes} bytes`);
      chunks.push(chunk);
    }
    const out = new Uint8Array(length);
    let offset = 0;
    for (const chunk of chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  } catch (error) {
    if (timeout.aborted && !options.signal?.aborted) {
      throw new ContentTimeoutError(`reading ${target} timed out after ${timeoutMs} ms`);
    }
    throw error;
  }
}

/** Reads `cid` as UTF-8 JSON (at most 1 MiB by default) and validates it with `schema`. */
export async function readJson<Schema extends z.ZodType>(
  helia: HeliaLike,
  cid: CID | string,
  schema: Schema,
  options: ReadOptions & { kind?: string } = {},
): Promise<z.output<Schema>> {
  const bytes = await readBytes(helia, cid, { maxBytes: DEFAULT_MAX_JSON_BYTES, ...options });
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new SyntaxError(`${cid} is not UTF-8 JSON`);
  }
  return parseWith(schema, options.kind ?? 'document', value);
}

/** A read-only view of a blockstore whose `get` hashes every block and compares it to its CID. */
function verifyingBlockstore(inner: HeliaLike['blockstore']): HeliaLike['blockstore'] {
  return {
    has: (cid, options) => inner.has(cid, options),
    put: () => {
      throw new Error('read-only');
    },
    get: async function* (cid, options) {
      const chunks: Uint8Array[] = [];
      for await (const chunk of inner.get(cid, options)) chunks.push(chunk);
      const bytes = chunks.length === 1 ? chunks[0] : concat(chunks);
      await verifyBlock(cid, bytes);
      yield bytes;
    },
  } as HeliaLike['blockstore'];
}

/** Throws `BlockVerificationError` unless `bytes` hash to `cid`'s multihash (sha2-256 or identity). */
export async function verifyBlock(cid: CID, bytes: Uint8Array): Promise<void> {
  const { code, digest } = cid.multihash;
  let actual: Uint8Array;
  if (code === sha256.code) actual = (await sha256.digest(bytes)).digest;
  else if (code === identity.code) actual = identity.digest(bytes).digest;
  else throw new BlockVerificationError(`${cid}: unsupported hash function 0x${code.toString(16)}`);
  if (actual.length !== digest.length || actual.some((byte, index) => byte !== digest[index])) {
    throw new BlockVerificationError(`block ${cid} does not match its CID`);
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
