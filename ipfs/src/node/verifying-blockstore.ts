/**
 * A file-system blockstore that checks every block it reads against its CID's multihash, so a
 * block whose bytes were altered on disk is never served (to the gateway, to unixfs, to bitswap
 * peers). Blocks fetched from the network are verified by Helia itself.
 */
import { createHash } from 'node:crypto';
import type { AbortOptions } from '@libp2p/interface';
import { FsBlockstore } from 'blockstore-fs';
import type { CID } from 'multiformats/cid';

export class BlockIntegrityError extends Error {
  override name = 'BlockIntegrityError';
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
  override async *get(key: CID, options?: AbortOptions): AsyncGenerator<Uint8Array> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of super.get(key, options)) chunks.push(chunk);
    const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    verifyBlock(key, bytes);
    yield bytes;
  }
}
