import type { RpcTransport } from './rpc.ts';

/** twox128("System") ++ twox128("Events"): the storage key of a block's events. */
export const SYSTEM_EVENTS_KEY = '0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7';

export interface ServingOptions {
  /** Calls per JSON-RPC batch, as the Subsquid processor's `maxBatchCallSize` (100). */
  readonly batchSize: number;
  /** Ranges fetched at the same time (the processor keeps several requests in flight). */
  readonly concurrency: number;
}

export interface ServingResult {
  readonly blocks: number;
  readonly seconds: number;
  /** Blocks with a non-empty `System.Events` (every block has at least the inherent's ExtrinsicSuccess). */
  readonly withEvents: number;
  readonly extrinsics: number;
  /** Bytes of extrinsics and events received (decoded from their hex). */
  readonly payloadBytes: number;
}

interface BlockJson {
  readonly block: { readonly header: { readonly number: string }; readonly extrinsics: readonly string[] };
}

/**
 * Fetches blocks `0..=head` as the Subsquid processor ingests them over RPC: for each range of `batchSize`
 * blocks, one batch of `chain_getBlockHash`, then one batch of `chain_getBlock(hash)` and one of
 * `state_getStorageAt(System.Events, hash)`, `concurrency` ranges at a time. Checks what comes back.
 */
export async function fetchBlocks(
  transport: RpcTransport,
  head: number,
  options: ServingOptions,
): Promise<ServingResult> {
  const ranges: [number, number][] = [];
  for (let from = 0; from <= head; from += options.batchSize)
    ranges.push([from, Math.min(from + options.batchSize, head + 1)]);
  let next = 0;
  let withEvents = 0;
  let extrinsics = 0;
  let payloadBytes = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < ranges.length) {
      const [from, to] = ranges[next++];
      const numbers = Array.from({ length: to - from }, (_, index) => from + index);
      const hashes = await transport.batch<string | null>(
        numbers.map((number) => ({ method: 'chain_getBlockHash', params: [number] })),
      );
      const [blocks, events] = await Promise.all([
        transport.batch<BlockJson | null>(hashes.map((hash) => ({ method: 'chain_getBlock', params: [hash] }))),
        transport.batch<string | null>(
          hashes.map((hash) => ({ method: 'state_getStorageAt', params: [SYSTEM_EVENTS_KEY, hash] })),
        ),
      ]);
      blocks.forEach((block, index) => {
        if (!block || Number.parseInt(block.block.header.number, 16) !== numbers[index]) {
          throw new Error(`block #${numbers[index]} missing or wrong`);
        }
        extrinsics += block.block.extrinsics.length;
        payloadBytes += block.block.extrinsics.reduce((sum, hex) => sum + (hex.length - 2) / 2, 0);
      });
      for (const value of events) {
        if (value !== null && value !== '0x00') withEvents++;
        payloadBytes += value === null ? 0 : (value.length - 2) / 2;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return {
    blocks: head + 1,
    seconds: (performance.now() - started) / 1000,
    withEvents,
    extrinsics,
    payloadBytes,
  };
}
