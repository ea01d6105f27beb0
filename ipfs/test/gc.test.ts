import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unixfs } from '@helia/unixfs';
import { depthFirstWalker } from '@helia/utils';
import type { CID } from 'multiformats/cid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../src/gateway/index.ts';
import { createIpfsNode, type IpfsNode } from '../src/node/index.ts';
import { PinningService } from '../src/pinning/index.ts';

const MIB = 1024 * 1024;

/** Every CID of a DAG, walked on the node that holds it. */
async function dagCids(node: IpfsNode, root: CID): Promise<CID[]> {
  const walker = depthFirstWalker()({ blockstore: node.helia.blockstore, getCodec: node.helia.getCodec });
  const cids: CID[] = [];
  for await (const n of walker.walk(root)) cids.push(n.block.cid);
  return cids;
}

async function metric(gateway: Gateway, name: string): Promise<number> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
}

describe('garbage collection', () => {
  let dataDir: string;
  let service: IpfsNode;
  let browser: IpfsNode;
  let pinning: PinningService;
  let gateway: Gateway;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bazari-gc-'));
    service = await createIpfsNode({ dataDir, listen: ['/ip4/127.0.0.1/tcp/0/ws'] });
    pinning = new PinningService({
      helia: service.helia,
      pinTimeoutMs: 10_000,
      quota: { maxBytes: 4 * MIB },
      gc: { collect: () => service.collectGarbage() },
    });
    await pinning.start();
    gateway = await startGateway({
      helia: service.helia,
      pinning,
      storageStats: () => service.storageStats(),
      port: 0,
    });
    browser = await createIpfsNode({});
    await browser.libp2p.dial(service.multiaddrs()[0]);
  });
  afterAll(async () => {
    await gateway?.close();
    await pinning?.stop();
    await browser?.stop();
    await service?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const pinAndSettle = async (cid: CID) => {
    const record = await pinning.add('local', { cid: cid.toString(), origins: [`/p2p/${browser.peerId}`] });
    for (;;) {
      const current = await pinning.get(record.requestid);
      if (current?.status === 'pinned' || current?.status === 'failed') return current;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('deletes the blocks fetched for a pin refused by the byte quota, and keeps the pinned ones', async () => {
    const fs = unixfs(browser.helia);
    const kept = await fs.addBytes(randomBytes(1.5 * MIB)); // a root and two leaves
    const refused = await fs.addBytes(randomBytes(6 * MIB)); // over the 4 MiB quota
    const keptCids = await dagCids(browser, kept);
    const refusedCids = await dagCids(browser, refused);
    expect(keptCids.length).toBe(3);

    expect((await pinAndSettle(kept)).status).toBe('pinned');
    const failed = await pinAndSettle(refused);
    expect(failed.status).toBe('failed');
    expect(failed.info.reason).toContain('pinned bytes');

    // A failed pin triggers a gc; wait for it through /metrics.
    for (let i = 0; i < 200 && (await metric(gateway, 'bazari_ipfs_gc_runs_total')) < 1; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await metric(gateway, 'bazari_ipfs_gc_runs_total')).toBeGreaterThanOrEqual(1);
    // The walk fetched the refused DAG's root and leaves until the account went over 4 MiB
    // (1.5 MiB pinned + 3 leaves of 1 MiB): those are gone.
    expect(await metric(gateway, 'bazari_ipfs_gc_blocks_removed_total')).toBeGreaterThanOrEqual(4);
    expect(await metric(gateway, 'bazari_ipfs_gc_bytes_removed_total')).toBeGreaterThan(2.5 * MIB);
    for (const cid of refusedCids) expect(await service.helia.blockstore.has(cid)).toBe(false);
    for (const cid of keptCids) expect(await service.helia.blockstore.has(cid)).toBe(true);

    // The pinned file is still served whole, from the local blockstore.
    const body = Buffer.from(await (await fetch(`${gateway.url}/ipfs/${kept}`)).arrayBuffer());
    expect(body.length).toBe(1.5 * MIB);
  });

  it('never runs while a pin job is fetching: a gc asked for mid-fetch waits, and the DAG ends pinned and whole', async () => {
    const fs = unixfs(browser.helia);
    const file = await fs.addBytes(randomBytes(2 * MIB + 1));
    const cids = await dagCids(browser, file);
    const record = await pinning.add('local', { cid: file.toString(), origins: [`/p2p/${browser.peerId}`] });
    // The job holds its slot from before it is saved as `pinning` until its outcome is saved.
    const statusWhenGcRan = pinning.collectGarbage().then(async () => (await pinning.get(record.requestid))?.status);
    expect(await statusWhenGcRan).toBe('pinned');
    for (const cid of cids) expect(await service.helia.blockstore.has(cid)).toBe(true);
    // An unpinned leftover is collected once nothing runs.
    const stray = await unixfs(service.helia).addBytes(randomBytes(1000));
    const result = await pinning.collectGarbage();
    expect(result.blocks).toBeGreaterThanOrEqual(1);
    expect(await service.helia.blockstore.has(stray)).toBe(false);
    for (const cid of cids) expect(await service.helia.blockstore.has(cid)).toBe(true);
  });
});
