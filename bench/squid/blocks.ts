/** Blocks of the generator's devnet: pre-signed extrinsics submitted block by block, and their events decoded. */
import type { WsRpcClient } from '../devnet/rpc.ts';

export interface DecodedRecord {
  readonly phase: { __kind: string; value?: number };
  readonly event: { __kind: string; value: { __kind: string } & Record<string, unknown> };
}

/** Decodes System.Events of blocks with the runtime model. */
export class EventReader {
  readonly #entry;
  readonly #key: string;

  private constructor(entry: { key(): Uint8Array; decodeValue(value: Uint8Array | null): unknown }) {
    this.#entry = entry;
    this.#key = `0x${Buffer.from(entry.key()).toString('hex')}`;
  }

  static async create(): Promise<EventReader> {
    const { RuntimeModel } = await import('@bazari/chain-types');
    return new EventReader(new RuntimeModel().storage('System', 'Events'));
  }

  async read(client: WsRpcClient, hashes: readonly string[], onBlock: (records: DecodedRecord[]) => void) {
    for (let start = 0; start < hashes.length; start += 20) {
      const values = await client.batch<string | null>(
        hashes.slice(start, start + 20).map((hash) => ({ method: 'state_getStorageAt', params: [this.#key, hash] })),
      );
      for (const value of values) {
        onBlock(this.#entry.decodeValue(value === null ? null : Buffer.from(value.slice(2), 'hex')) as DecodedRecord[]);
      }
    }
  }
}

/**
 * Submits pre-signed extrinsics `perBlock` at a time, building a block after each group with `dev_newBlock`
 * (the devnet is in manual mode), and more while the pool still holds some; returns the new blocks' hashes.
 */
export async function submitAll(client: WsRpcClient, txs: readonly string[], perBlock: number): Promise<string[]> {
  const headNumber = async () => {
    const header = await client.call<{ number: string }>('chain_getHeader', []);
    return Number.parseInt(header.number, 16);
  };
  const first = (await headNumber()) + 1;
  for (const group of chunks(txs, perBlock)) {
    await Promise.all(group.map((tx) => client.call('author_submitExtrinsic', [tx])));
    do await client.call('dev_newBlock', [{ count: 1 }]);
    while ((await client.call<string[]>('author_pendingExtrinsics')).length > 0);
  }
  const last = await headNumber();
  if (last < first) return [];
  return client.batch<string>(
    Array.from({ length: last - first + 1 }, (_, index) => ({ method: 'chain_getBlockHash', params: [first + index] })),
  );
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
