import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unixfs } from '@helia/unixfs';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { CID } from 'multiformats/cid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../src/gateway/index.ts';
import { createIpfsNode, type IpfsNode } from '../src/node/index.ts';
import { bearerTokenAuth, createToken, tokenMessage, verifyToken } from '../src/pinning/auth.ts';
import { PinningService } from '../src/pinning/index.ts';

interface PinStatus {
  requestid: string;
  status: string;
  pin: { cid: string };
  delegates: string[];
  info: Record<string, string>;
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

describe('pinning service API', () => {
  let dataDir: string;
  let service: IpfsNode;
  let pinning: PinningService;
  let gateway: Gateway;

  const start = async () => {
    service = await createIpfsNode({ dataDir, listen: ['/ip4/127.0.0.1/tcp/0/ws'] });
    pinning = new PinningService({
      helia: service.helia,
      authenticate: bearerTokenAuth,
      pinTimeoutMs: 4_000, // a 5 MiB pin takes ~0.5 s, but the machine running the tests may be loaded
      quota: { maxPins: 5, maxBytes: 8 * 1024 * 1024 },
    });
    await pinning.start();
    gateway = await startGateway({
      helia: service.helia,
      pinning,
      storageStats: () => service.storageStats(),
      port: 0,
      fetchTimeoutMs: 800,
    });
  };
  const stop = async () => {
    await gateway.close();
    await pinning.stop();
    await service.stop();
  };
  const keys: Record<string, KeyringPair> = {};
  /** `account` is a dev account name (a fresh signed token each call) or a raw token with `token:` before it. */
  const api = (path: string, account: string | undefined, init: RequestInit = {}) => {
    let auth: string | undefined;
    if (account?.startsWith('token:')) auth = account.slice('token:'.length);
    else if (account != null) auth = createToken(keys[account]);
    return fetch(`${gateway.url}${path}`, {
      ...init,
      headers: { 'Content-Type': 'application/json', ...(auth == null ? {} : { Authorization: `Bearer ${auth}` }) },
    });
  };
  const waitFor = async (requestid: string, account: string): Promise<PinStatus> => {
    for (let i = 0; i < 300; i++) {
      const status = (await (await api(`/pins/${requestid}`, account)).json()) as PinStatus;
      if (status.status === 'pinned' || status.status === 'failed') return status;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('pin did not settle');
  };

  beforeAll(async () => {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    for (const name of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']) {
      keys[name] = keyring.addFromUri(`//${name[0].toUpperCase()}${name.slice(1)}`);
    }
    dataDir = await mkdtemp(join(tmpdir(), 'bazari-pins-'));
    await start();
  });
  afterAll(async () => {
    await stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a browser-like peer adds a 5 MiB image and a JSON document, the service pins them; they outlive the browser and a restart', async () => {
    const browser = await createIpfsNode({});
    await browser.libp2p.dial(service.multiaddrs()[0]);
    const image = randomBytes(5 * 1024 * 1024);
    const listing = new TextEncoder().encode(JSON.stringify({ title: 'Lamp', images: [] }));
    const fs = unixfs(browser.helia);
    const imageCid = await fs.addBytes(image);
    const listingCid = await fs.addBytes(listing);
    const origins = [`/p2p/${browser.peerId}`];

    const ids: string[] = [];
    for (const cid of [imageCid, listingCid]) {
      const res = await api('/pins', 'alice', {
        method: 'POST',
        body: JSON.stringify({ cid: cid.toString(), origins }),
      });
      expect(res.status).toBe(202);
      const status = (await res.json()) as PinStatus;
      expect(status.delegates[0]).toContain(`/p2p/${service.peerId}`);
      ids.push(status.requestid);
    }
    for (const id of ids) expect((await waitFor(id, 'alice')).status).toBe('pinned');
    await browser.stop();

    const list = (await (await api('/pins', 'alice')).json()) as { count: number; results: PinStatus[] };
    expect(list.count).toBe(2);
    expect(((await (await api('/pins', 'bob')).json()) as { count: number }).count).toBe(0);

    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toContain('bazari_ipfs_pins{status="pinned"} 2');
    const blockBytes = Number(/^bazari_ipfs_block_bytes (\d+)$/m.exec(metrics)?.[1]);
    expect(blockBytes).toBeGreaterThan(5 * 1024 * 1024);
    expect(metrics).toMatch(/^bazari_ipfs_blocks \d+$/m);
    expect(metrics).toMatch(/bazari_ipfs_http_requests_total\{route="pins",status="202"\} 2/);

    const peerId = service.peerId;
    await stop();
    await start();
    expect(service.peerId).toBe(peerId);
    expect((await waitFor(ids[0], 'alice')).status).toBe('pinned');

    // a fresh node reads both through the gateway and over bitswap, byte-identical
    const viaGateway = Buffer.from(await (await fetch(`${gateway.url}/ipfs/${imageCid}`)).arrayBuffer());
    expect(viaGateway.equals(image)).toBe(true);
    const fresh = await createIpfsNode({});
    try {
      await fresh.libp2p.dial(service.multiaddrs()[0]);
      const got = await collect(unixfs(fresh.helia).cat(listingCid, { signal: AbortSignal.timeout(10_000) }));
      expect(got.equals(Buffer.from(listing))).toBe(true);
      const gotImage = await collect(unixfs(fresh.helia).cat(imageCid, { signal: AbortSignal.timeout(10_000) }));
      expect(gotImage.equals(image)).toBe(true);
    } finally {
      await fresh.stop();
    }
  });

  it('verifies sr25519 tokens: missing, expired, forged and wrapped-signature cases', async () => {
    const alice = keys.alice;
    expect(await verifyToken(createToken(alice))).toBe(alice.address);
    // the wallet extension's signRaw signs the <Bytes>-wrapped message: accepted too
    const { encoded, message } = tokenMessage({ aud: 'bazari-pinning', sub: alice.address, iat: 1, exp: 2 });
    const wrapped = `${encoded}.${Buffer.from(alice.sign(Buffer.concat([Buffer.from('<Bytes>'), message, Buffer.from('</Bytes>')]))).toString('hex')}`;
    expect(await verifyToken(`${wrapped.split('.')[0]}.0x${wrapped.split('.')[1]}`, 1500)).toBe(alice.address);

    const expired = createToken(alice, 60, Date.now() - 120_000);
    const res = await api('/pins', `token:${expired}`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { details: string } }).error.details).toContain('expired');

    // Bob signs a token that names Alice
    const forgedPayload = tokenMessage({
      aud: 'bazari-pinning',
      sub: alice.address,
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 60,
    });
    const forged = `${forgedPayload.encoded}.0x${Buffer.from(keys.bob.sign(forgedPayload.message)).toString('hex')}`;
    expect((await api('/pins', `token:${forged}`)).status).toBe(401);
    expect((await api('/pins', 'token:garbage')).status).toBe(401);
    expect((await api('/pins', undefined)).status).toBe(401);
  });

  it('refuses a missing token (401), a bad CID (400), another account (404 on DELETE) and an exceeded quota (403)', async () => {
    const other = await createIpfsNode({});
    const cid: CID = await unixfs(other.helia).addBytes(randomBytes(100));
    await other.stop();

    const noAuth = await api('/pins', undefined, { method: 'POST', body: JSON.stringify({ cid: cid.toString() }) });
    expect(noAuth.status).toBe(401);
    expect(((await noAuth.json()) as { error: { reason: string } }).error.reason).toBe('UNAUTHORIZED');

    const bad = await api('/pins', 'carol', { method: 'POST', body: JSON.stringify({ cid: 'nope' }) });
    expect(bad.status).toBe(400);

    const created = (await (
      await api('/pins', 'carol', { method: 'POST', body: JSON.stringify({ cid: cid.toString() }) })
    ).json()) as PinStatus;
    expect((await api(`/pins/${created.requestid}`, 'dave', { method: 'DELETE' })).status).toBe(404);

    // the origin went away: the pin ends `failed` after the timeout, not hanging
    const failed = await waitFor(created.requestid, 'carol');
    expect(failed.status).toBe('failed');
    expect(failed.info.reason).toContain('not fetched');

    expect((await api(`/pins/${created.requestid}`, 'carol', { method: 'DELETE' })).status).toBe(202);
    expect((await api(`/pins/${created.requestid}`, 'carol')).status).toBe(404);

    for (let i = 0; i < 5; i++) {
      const res = await api('/pins', 'erin', { method: 'POST', body: JSON.stringify({ cid: cid.toString() }) });
      expect(res.status).toBe(202);
    }
    const over = await api('/pins', 'erin', { method: 'POST', body: JSON.stringify({ cid: cid.toString() }) });
    expect(over.status).toBe(403);
    expect(((await over.json()) as { error: { reason: string } }).error.reason).toBe('QUOTA_EXCEEDED');

    // a DAG larger than the account's byte quota ends `failed` and is not kept pinned
    const browser = await createIpfsNode({});
    try {
      await browser.libp2p.dial(service.multiaddrs()[0]);
      const big = await unixfs(browser.helia).addBytes(randomBytes(9 * 1024 * 1024));
      const res = await api('/pins', 'frank', {
        method: 'POST',
        body: JSON.stringify({ cid: big.toString(), origins: [`/p2p/${browser.peerId}`] }),
      });
      const status = await waitFor(((await res.json()) as PinStatus).requestid, 'frank');
      expect(status.status).toBe('failed');
      expect(status.info.reason).toContain('pinned bytes');
      expect(await service.helia.pins.isPinned(big)).toBe(false);
    } finally {
      await browser.stop();
    }
  });

  it('replaces a pin request (POST /pins/<id>) and unpins the old CID', async () => {
    const browser = await createIpfsNode({});
    try {
      await browser.libp2p.dial(service.multiaddrs()[0]);
      const fs = unixfs(browser.helia);
      const first = await fs.addBytes(randomBytes(2000));
      const second = await fs.addBytes(randomBytes(3000));
      const origins = [`/p2p/${browser.peerId}`];
      const created = (await (
        await api('/pins', 'alice', { method: 'POST', body: JSON.stringify({ cid: first.toString(), origins }) })
      ).json()) as PinStatus;
      expect((await waitFor(created.requestid, 'alice')).status).toBe('pinned');
      const replaced = await api(`/pins/${created.requestid}`, 'alice', {
        method: 'POST',
        body: JSON.stringify({ cid: second.toString(), origins }),
      });
      expect(replaced.status).toBe(202);
      const next = (await replaced.json()) as PinStatus;
      expect(next.requestid).not.toBe(created.requestid);
      expect((await waitFor(next.requestid, 'alice')).pin.cid).toBe(second.toString());
      expect((await api(`/pins/${created.requestid}`, 'alice')).status).toBe(404);
      expect(await service.helia.pins.isPinned(first)).toBe(false);
      expect(await service.helia.pins.isPinned(second)).toBe(true);
    } finally {
      await browser.stop();
    }
  });
});
