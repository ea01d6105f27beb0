/** The in-memory blockstore, counting the bytes it deletes like `VerifyingFsBlockstore` does. */
import type { AbortOptions } from '@libp2p/interface';
import { MemoryBlockstore } from 'blockstore-core';
import type { CID } from 'multiformats/cid';

export class CountingMemoryBlockstore extends MemoryBlockstore {
  bytesDeleted = 0;

  override async delete(key: CID, options?: AbortOptions): Promise<void> {
    let size = 0;
    if (await this.has(key)) for await (const chunk of this.get(key)) size += chunk.length;
    await super.delete(key, options);
    this.bytesDeleted += size;
  }
}
