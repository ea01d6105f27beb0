/**
 * The Bazari IPFS node: Helia 7 built from its light pieces (no public bootstrap, routers or
 * gateways), libp2p 3 with WebSockets + Noise + Yamux + Identify, and bitswap.
 *
 * - `createIpfsNode({ dataDir })`: the service node. Blocks in `<dataDir>/blocks` (blockstore-fs, each
 *   block checked against its CID when read),
 *   everything else (pins, the libp2p keychain holding the node's private key, the peer store) in
 *   `<dataDir>/datastore` (datastore-fs), so a restart keeps the peer id, pins and blocks.
 * - `createIpfsNode({})` without `dataDir`: in-memory stores (tests, the browser-like node).
 */
import './polyfills.ts';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { withBitswap } from '@helia/bitswap';
import { type HeliaWithLibp2p, withLibp2pLight } from '@helia/libp2p';
import { type Identify, identify } from '@libp2p/identify';
import type { Libp2p, PrivateKey } from '@libp2p/interface';
import { webSockets } from '@libp2p/websockets';
import { type Multiaddr, multiaddr } from '@multiformats/multiaddr';
import { FsDatastore } from 'datastore-fs';
import { createHeliaLight } from 'helia';
import { CountingMemoryBlockstore } from './counting-memory-blockstore.ts';
import { VerifyingFsBlockstore } from './verifying-blockstore.ts';

export type BazariServices = { identify: Identify };
export type BazariHelia = HeliaWithLibp2p<BazariServices>;

export interface IpfsNodeOptions {
  /** Persistent stores under this folder; omitted: in memory. */
  dataDir?: string;
  /**
   * libp2p listen addresses. Default for a persistent (service) node: `/ip4/127.0.0.1/tcp/4003/ws`.
   * Default without `dataDir`: none (a browser-like node that only dials).
   */
  listen?: string[];
  /** Addresses announced to peers instead of the listen addresses (e.g. a public `/dns4/…/tcp/443/wss`). */
  announce?: string[];
  /** Peers to dial at start (multiaddrs ending in `/p2p/<peer id>`). No public bootstrap list is ever used. */
  bootstrap?: string[];
  /** Use this key instead of the one stored in (or generated into) the datastore's keychain. */
  privateKey?: PrivateKey;
}

export interface IpfsNode {
  helia: BazariHelia;
  libp2p: Libp2p<BazariServices>;
  /** Base58 peer id string. */
  peerId: string;
  /** Multiaddrs, each ending in `/p2p/<peerId>`, to dial this node with. */
  multiaddrs(): Multiaddr[];
  /** Blocks and bytes in the local blockstore (cached for 10 s on disk). */
  storageStats(): Promise<StorageStats>;
  /**
   * Deletes every block that is not pinned (`helia.gc()`) and says what it freed. Blocks fetched for a
   * DAG that is not pinned *yet* go too: `PinningService` runs it only between its pin jobs.
   */
  collectGarbage(): Promise<GcResult>;
  stop(): Promise<void>;
}

export interface GcResult {
  blocks: number;
  bytes: number;
}

export const DEFAULT_SWARM_PORT = 4003;

export interface StorageStats {
  blocks: number;
  bytes: number;
}

async function diskStats(dir: string): Promise<StorageStats> {
  let blocks = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.data')) continue;
    const info = await stat(join(entry.parentPath, entry.name)).catch(() => undefined);
    if (info == null) continue;
    blocks++;
    bytes += info.size;
  }
  return { blocks, bytes };
}

export async function createIpfsNode(options: IpfsNodeOptions = {}): Promise<IpfsNode> {
  let blockstore: VerifyingFsBlockstore | undefined;
  const memoryBlockstore = new CountingMemoryBlockstore();
  let datastore: FsDatastore | undefined;
  if (options.dataDir != null) {
    await mkdir(options.dataDir, { recursive: true });
    blockstore = new VerifyingFsBlockstore(join(options.dataDir, 'blocks'));
    datastore = new FsDatastore(join(options.dataDir, 'datastore'));
    await blockstore.open();
    await datastore.open();
  }
  const listen = options.listen ?? (options.dataDir != null ? [`/ip4/127.0.0.1/tcp/${DEFAULT_SWARM_PORT}/ws`] : []);

  const light = createHeliaLight({ blockstore: blockstore ?? memoryBlockstore, datastore });
  const helia = withBitswap(
    withLibp2pLight(light, {
      privateKey: options.privateKey,
      addresses: { listen, announce: options.announce ?? [] },
      transports: [webSockets()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      // Allow loopback and plain ws:// (libp2p's browser build refuses both by default).
      connectionGater: { denyDialMultiaddr: () => false },
      services: { identify: identify() },
    }),
  );

  try {
    await helia.start();
  } catch (err) {
    await blockstore?.close();
    await datastore?.close();
    throw err;
  }
  const libp2p = helia.libp2p;
  let cachedStats: { at: number; stats: StorageStats } | undefined;
  for (const addr of options.bootstrap ?? []) {
    await libp2p.dial(multiaddr(addr), { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
  }

  return {
    helia,
    libp2p,
    peerId: libp2p.peerId.toString(),
    multiaddrs: () => libp2p.getMultiaddrs(),
    async storageStats() {
      if (options.dataDir == null) {
        let blocks = 0;
        let bytes = 0;
        for await (const { bytes: chunks } of memoryBlockstore.getAll()) {
          blocks++;
          for await (const chunk of chunks) bytes += chunk.length;
        }
        return { blocks, bytes };
      }
      if (cachedStats == null || Date.now() - cachedStats.at > 10_000) {
        cachedStats = { at: Date.now(), stats: await diskStats(join(options.dataDir, 'blocks')) };
      }
      return cachedStats.stats;
    },
    async collectGarbage() {
      const store = blockstore ?? memoryBlockstore;
      const bytesBefore = store.bytesDeleted;
      let blocks = 0;
      await helia.gc({
        onProgress: (event) => {
          if (event.type === 'helia:gc:deleted') blocks++;
        },
      });
      cachedStats = undefined;
      return { blocks, bytes: store.bytesDeleted - bytesBefore };
    },
    async stop() {
      await helia.stop();
      await blockstore?.close();
      await datastore?.close();
    },
  };
}
