/** What every gateway handler needs: the node, its UnixFS view and the per-fetch limits. */
import { type UnixFS, unixfs } from '@helia/unixfs';
import type { CID } from 'multiformats/cid';
import type { BazariHelia } from '../node/index.ts';

export interface FetchOptions {
  signal: AbortSignal;
  offline: boolean;
}

export interface GatewayContext {
  helia: BazariHelia;
  fs: UnixFS;
  fetchTimeoutMs: number;
  maxObjectBytes: number;
  /** Options for one fetch: offline when no peer could answer, else aborted after `fetchTimeoutMs`. */
  fetchOptions(): FetchOptions;
  /** One whole block (the blockstore yields a block as chunks). */
  getBlock(cid: CID): Promise<Uint8Array>;
  /** Runs `load` when fewer than `FILE_READS` file windows are being loaded (for all requests together). */
  limitFileRead<T>(load: () => Promise<T>): Promise<T>;
}

/**
 * File windows loaded at once across all requests. Each load holds a leaf (1 MiB) two or three
 * times over (blockstore read, the exporter's copy), so this bounds the memory of many concurrent
 * readers; a few loads keep the disk and the sockets busy.
 */
const FILE_READS = 4;

export function createContext(helia: BazariHelia, fetchTimeoutMs: number, maxObjectBytes: number): GatewayContext {
  const fetchOptions = (): FetchOptions => ({
    signal: AbortSignal.timeout(fetchTimeoutMs),
    offline: helia.libp2p.getConnections().length === 0,
  });
  let reading = 0;
  const waiting: (() => void)[] = [];
  return {
    helia,
    fs: unixfs(helia),
    fetchTimeoutMs,
    maxObjectBytes,
    fetchOptions,
    async getBlock(cid) {
      const chunks: Uint8Array[] = [];
      for await (const chunk of helia.blockstore.get(cid, fetchOptions())) chunks.push(chunk);
      return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    },
    async limitFileRead(load) {
      while (reading >= FILE_READS) await new Promise<void>((resolve) => waiting.push(resolve));
      reading++;
      try {
        return await load();
      } finally {
        reading--;
        waiting.shift()?.();
      }
    },
  };
}
