import { createHash, randomBytes } from 'node:crypto';
import { car } from '@helia/car';
import { unixfs } from '@helia/unixfs';
import { CarReader } from '@ipld/car';
import type { CID } from 'multiformats/cid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_IMMUTABLE, type Gateway, startGateway } from '../src/gateway/index.ts';
import { parseRange } from '../src/gateway/range.ts';
import { createIpfsNode, type IpfsNode } from '../src/node/index.ts';

const enc = new TextEncoder();

describe('gateway', () => {
  let service: IpfsNode;
  let browser: IpfsNode;
  let gateway: Gateway;
  let image: Uint8Array;
  let imageCid: CID;
  let siteCid: CID;
  let htmlCid: CID;

  beforeAll(async () => {
    service = await createIpfsNode({ listen: ['/ip4/127.0.0.1/tcp/0/ws'] });
    gateway = await startGateway({ helia: service.helia, port: 0, fetchTimeoutMs: 800 });
    browser = await createIpfsNode({});
    await browser.libp2p.dial(service.multiaddrs()[0]);

    // Content is created on the browser-like node; the gateway pulls it over bitswap.
    const fs = unixfs(browser.helia);
    // a PNG signature and 3 MiB of noise: several blocks, sniffed as image/png
    image = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      randomBytes(3 * 1024 * 1024),
    ]);
    imageCid = await fs.addBytes(image);
    htmlCid = await fs.addBytes(enc.encode('<!doctype html><script>alert(document.cookie)</script>'));
    let dir = await fs.addDirectory();
    dir = await fs.cp(htmlCid, dir, 'index.html');
    dir = await fs.cp(imageCid, dir, 'photo.png');
    siteCid = await fs.cp(await fs.addBytes(enc.encode('{"a":1}')), dir, 'data.json');
  });
  afterAll(async () => {
    await gateway?.close();
    await browser?.stop();
    await service?.stop();
  });

  it('serves a file with content type, immutable caching, ETag = CID and the safety headers', async () => {
    const res = await fetch(`${gateway.url}/ipfs/${imageCid}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe(CACHE_IMMUTABLE);
    expect(res.headers.get('etag')).toBe(`"${imageCid}"`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), image)).toBe(0);

    const cached = await fetch(`${gateway.url}/ipfs/${imageCid}`, { headers: { 'If-None-Match': `"${imageCid}"` } });
    expect(cached.status).toBe(304);
  });

  it('resolves paths inside a directory and serves index.html', async () => {
    const photo = await fetch(`${gateway.url}/ipfs/${siteCid}/photo.png`);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('etag')).toBe(`"${imageCid}"`);
    expect(Buffer.compare(Buffer.from(await photo.arrayBuffer()), image)).toBe(0);

    const json = await fetch(`${gateway.url}/ipfs/${siteCid}/data.json`);
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(await json.json()).toEqual({ a: 1 });

    const redirect = await fetch(`${gateway.url}/ipfs/${siteCid}`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe(`/ipfs/${siteCid}/`);

    const index = await fetch(`${gateway.url}/ipfs/${siteCid}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('<script>');

    const missing = await fetch(`${gateway.url}/ipfs/${siteCid}/nope.txt`);
    expect(missing.status).toBe(404);
  });

  it('an uploaded HTML file cannot run script on the gateway origin', async () => {
    const res = await fetch(`${gateway.url}/ipfs/${htmlCid}`);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/(^|;\s*)sandbox(;|$)/);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('allow-scripts');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves the published frontend without the sandbox, everything else with it', async () => {
    const frontend = await startGateway({ helia: service.helia, port: 0, frontendRoots: [siteCid.toString()] });
    try {
      const site = await fetch(`${frontend.url}/ipfs/${siteCid}/`);
      expect(site.status).toBe(200);
      expect(site.headers.get('content-security-policy')).toBeNull();
      expect(site.headers.get('x-content-type-options')).toBe('nosniff');
      const upload = await fetch(`${frontend.url}/ipfs/${htmlCid}`);
      expect(upload.headers.get('content-security-policy')).toContain('sandbox');
      expect((await fetch(`${frontend.url}/ipfs/${siteCid}/%E0%A4%A`)).status).toBe(400);
    } finally {
      await frontend.close();
    }
  });

  it('answers Range requests', async () => {
    const res = await fetch(`${gateway.url}/ipfs/${imageCid}`, { headers: { Range: 'bytes=1000000-1300000' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 1000000-1300000/${image.length}`);
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), image.subarray(1000000, 1300001))).toBe(0);

    const tail = await fetch(`${gateway.url}/ipfs/${imageCid}`, { headers: { Range: 'bytes=-10' } });
    expect(Buffer.compare(Buffer.from(await tail.arrayBuffer()), image.subarray(image.length - 10))).toBe(0);

    const bad = await fetch(`${gateway.url}/ipfs/${imageCid}`, { headers: { Range: `bytes=${image.length}-` } });
    expect(bad.status).toBe(416);
    expect(parseRange('bytes=0-0', 5)).toEqual({ start: 0, end: 0 });
  });

  it('serves a raw block and a CAR', async () => {
    const raw = await fetch(`${gateway.url}/ipfs/${htmlCid}?format=raw`);
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('application/vnd.ipld.raw');
    const block = Buffer.from(await raw.arrayBuffer());
    expect(createHash('sha256').update(block).digest().equals(Buffer.from(htmlCid.multihash.digest))).toBe(true);

    const viaAccept = await fetch(`${gateway.url}/ipfs/${htmlCid}`, {
      headers: { Accept: 'application/vnd.ipld.raw' },
    });
    expect(viaAccept.headers.get('content-type')).toBe('application/vnd.ipld.raw');

    const res = await fetch(`${gateway.url}/ipfs/${siteCid}?format=car`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/vnd.ipld.car');
    const reader = await CarReader.fromBytes(new Uint8Array(await res.arrayBuffer()));
    expect((await reader.getRoots()).map(String)).toEqual([siteCid.toString()]);
    // a fresh node imports the CAR and reads the photo offline, byte-identical
    const fresh = await createIpfsNode({});
    try {
      await car(fresh.helia).import(reader);
      const parts: Uint8Array[] = [];
      for await (const c of unixfs(fresh.helia).cat(siteCid, { path: 'photo.png', offline: true })) parts.push(c);
      expect(Buffer.compare(Buffer.concat(parts), image)).toBe(0);
    } finally {
      await fresh.stop();
    }
  });

  it('400 for an invalid CID, 404 for an unknown CID within a second', async () => {
    expect((await fetch(`${gateway.url}/ipfs/not-a-cid`)).status).toBe(400);
    const other = await createIpfsNode({});
    const unknown = await unixfs(other.helia).addBytes(randomBytes(64));
    await other.stop();
    const started = Date.now();
    const res = await fetch(`${gateway.url}/ipfs/${unknown}`);
    expect(res.status).toBe(404);
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
  });
});
