/**
 * A file-system blockstore that checks every block it reads against its CID's multihash, so a
 * block whose bytes were altered on disk is never served (to the gateway, to unixfs, to bitswap
 * peers). Blocks fetched from the network are verified by Helia itself. It also counts the bytes it
 * deletes, for the garbage collection figures.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AbortOptions } from '@libp2p/interface';
import { FsBlockstore } from 'blockstore-fs';
import { NextToLast } from 'blockstore-fs/sharding';
import type { CID } from 'multiformats/cid';

export class BlockIntegrityError extends Error {
  override name = 'BlockIntegrityError';
}

/** Named like blockstore-fs's own error, which Helia and the gateway recognise by name. */
class BlockNotFoundError extends Error {
  override name = 'NotFoundError';
}

const NODE_HASHES: Record<number, string> = { 18: 'sha256', 19: 'sha512' };
const IDENTITY = 0x00;

export function verifyBlock(cid: CID, bytes: Uint8Array): void {
  const { code, digest } = cid.multihash;
  let actual: Uint8Array;
  if (code === IDENTITY) actual = bytes;
  else if (NODE_HASHES[code] != null) actual = createHash(NODE_HASHES[code]).update(bytes).digest();
  else throw new BlockIntegrityError(`cannot verify ${cid}: unsupported multihash 0x${code.toString(16)}`);
  if (Buffer.compare(Buffer.from(actual), Buffer.from(digest)) !== 0) {
    throw new BlockIntegrityError(`block ${cid} does not match its CID`);
  }
}

export class VerifyingFsBlockstore extends FsBlockstore {
  /** Bytes of the blocks deleted so far (garbage collection reports the difference). */
  bytesDeleted = 0;
  /** blockstore-fs's default layout, kept to find a block's file. */
  private readonly sharding: NextToLast;

  constructor(location: string) {
    const sharding = new NextToLast();
    super(location, { shardingStrategy: sharding });
    this.sharding = sharding;
  }

  /** The whole block in one read (one buffer, where blockstore-fs streams 64 KiB chunks), checked against its CID. */
  override async *get(key: CID, options?: AbortOptions): AsyncGenerator<Uint8Array> {
    const { dir, file } = this.sharding.encode(key);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(join(this.path, dir, file), { signal: options?.signal });
    } catch (err) {
      if ((err as { name?: string }).name === 'AbortError') throw err;
      throw new BlockNotFoundError(String(err));
    }
    verifyBlock(key, bytes);
    yield bytes;
  }

  override async delete(key: CID, options?: AbortOptions): Promise<void> {
    const { dir, file } = this.sharding.encode(key);
    const size = (await stat(join(this.path, dir, file)).catch(() => undefined))?.size ?? 0;
    await super.delete(key, options);
    this.bytesDeleted += size;
  }
}
