import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unixfs } from '@helia/unixfs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from '../src/gateway/index.ts';
import { createIpfsNode, type IpfsNode } from '../src/node/index.ts';

async function concat(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

describe('Helia node on Node 20', () => {
  let dataDir: string;
  const stopAfter: IpfsNode[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bazari-ipfs-'));
  });
  afterAll(async () => {
    for (const node of stopAfter) await node.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a browser-like node dials the service over /ws; the service pulls the bytes over bitswap; a restart keeps peer id and blocks', async () => {
    const service = await createIpfsNode({ dataDir, listen: ['/ip4/127.0.0.1/tcp/0/ws'] });
    stopAfter.push(service);
    const addrs = service.multiaddrs();
    expect(addrs.length).toBeGreaterThan(0);
    expect(addrs[0].toString()).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/ws\/p2p\//);

    const browser = await createIpfsNode({});
    stopAfter.push(browser);
    expect(browser.multiaddrs()).toEqual([]);
    await browser.libp2p.dial(addrs[0]);

    const bytes = new Uint8Array(randomBytes(1024 * 1024 + 17));
    const cid = await unixfs(browser.helia).addBytes(bytes);

    const fetched = await concat(unixfs(service.helia).cat(cid, { signal: AbortSignal.timeout(20_000) }));
    expect(Buffer.compare(fetched, bytes)).toBe(0);
    // pin it on the service (pins.add is an async generator: iterate it)
    for await (const _ of service.helia.pins.add(cid, { signal: AbortSignal.timeout(20_000) })) {
      // drain
    }
    expect(await service.helia.pins.isPinned(cid)).toBe(true);

    const peerId = service.peerId;
    await browser.stop();
    await service.stop();

    const again = await createIpfsNode({ dataDir, listen: ['/ip4/127.0.0.1/tcp/0/ws'] });
    stopAfter.push(again);
    expect(again.peerId).toBe(peerId);
    expect(await again.helia.pins.isPinned(cid)).toBe(true);
    // offline: the blocks must come from the local blockstore
    const local = await concat(unixfs(again.helia).cat(cid, { offline: true }));
    expect(Buffer.compare(local, bytes)).toBe(0);
    await again.stop();
  });

  it('a block whose bytes do not match its CID is rejected when read (unixfs, gateway, raw)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bazari-ipfs-corrupt-'));
    const node = await createIpfsNode({ dataDir: dir, listen: [] });
    const gateway = await startGateway({ helia: node.helia, port: 0, fetchTimeoutMs: 500 });
    try {
      const original = new TextEncoder().encode('genuine bytes');
      const cid = await unixfs(node.helia).addBytes(original);
      const ok = await fetch(`${gateway.url}/ipfs/${cid}`);
      expect(await ok.text()).toBe('genuine bytes');

      // tamper with the only block file on disk
      const files = (await readdir(join(dir, 'blocks'), { recursive: true })).filter((f) => f.endsWith('.data'));
      expect(files.length).toBe(1);
      await writeFile(join(dir, 'blocks', files[0]), 'tampered bytes');

      await expect(concat(unixfs(node.helia).cat(cid, { offline: true }))).rejects.toThrow(/does not match/);
      const res = await fetch(`${gateway.url}/ipfs/${cid}`);
      expect(res.status).toBe(502);
      expect(await res.text()).not.toContain('tampered');
      expect((await fetch(`${gateway.url}/ipfs/${cid}?format=raw`)).status).toBe(502);
    } finally {
      await gateway.close();
      await node.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
