// Helia 7 / libp2p 3 need Promise.withResolvers, absent on Node 20: the node's polyfills come first.
import '../../src/node/polyfills.ts';
import type { Helia } from '@helia/interface';
import { unixfs } from '@helia/unixfs';
import { createHeliaLight } from 'helia';
import { CID as MultiformatsCid } from 'multiformats/cid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addBytes,
  addJson,
  BlockVerificationError,
  ContentTimeoutError,
  ContentTooLargeError,
  ContentValidationError,
  type HeliaLike,
  InvalidCidError,
  isValidCidString,
  jsonCid,
  listingSchema,
  readBytes,
  readJson,
  reviewSchema,
  storeProfileSchema,
} from '../../src/content/index.ts';
import { CID, listing, SCRIPT, storeProfile } from './fixtures.ts';

let helia: Helia;
beforeAll(async () => {
  // The browser's light configuration: in memory, no libp2p, routers or block brokers.
  helia = createHeliaLight();
  await helia.start();
});
afterAll(async () => {
  await helia?.stop();
});

const randomBytes = (length: number) => {
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65_536) crypto.getRandomValues(out.subarray(offset, offset + 65_536));
  return out;
};

describe('Helia helpers (a real in-memory Helia node)', () => {
  it('adds a document as canonical JSON in one raw block, with a CID the pallets accept', async () => {
    const doc = { ...listing(), description: SCRIPT };
    const cid = await addJson(helia, doc, { schema: listingSchema, kind: 'listing' });
    expect(cid.version).toBe(1);
    expect(cid.code).toBe(0x55);
    expect(cid.toString()).toMatch(/^bafkrei/);
    expect(isValidCidString(cid.toString())).toBe(true);
    expect((await jsonCid(listingSchema.parse(doc))).equals(cid)).toBe(true);
    // The same document with its keys in another order has the same CID.
    const reordered = Object.fromEntries(Object.entries(listingSchema.parse(doc)).reverse());
    expect((await addJson(helia, reordered)).equals(cid)).toBe(true);
    // Read back by CID or by its string, validated.
    const read = await readJson(helia, cid.toString(), listingSchema, { kind: 'listing' });
    expect(read.description).toBe(SCRIPT);
    expect(await readJson(helia, cid, listingSchema)).toEqual(read);
    // The raw block is the JSON itself: what a gateway serves at /ipfs/<cid>.
    const block = await readBytes(helia, cid);
    expect(JSON.parse(new TextDecoder().decode(block))).toEqual(read);
  });

  it('refuses to add an invalid document', async () => {
    await expect(addJson(helia, { ...storeProfile(), name: '' }, { schema: storeProfileSchema })).rejects.toThrow(
      ContentValidationError,
    );
  });

  it('validates what it reads against the expected schema', async () => {
    const cid = await addJson(helia, storeProfile());
    await expect(readJson(helia, cid, reviewSchema, { kind: 'review' })).rejects.toThrow(/invalid review/);
    const notJson = await addBytes(helia, new TextEncoder().encode('<html><script>alert(1)</script>'));
    await expect(readJson(helia, notJson, storeProfileSchema)).rejects.toThrow(SyntaxError);
    const latin1 = await addBytes(helia, Uint8Array.from([0x7b, 0xff, 0x7d]));
    await expect(readJson(helia, latin1, storeProfileSchema)).rejects.toThrow(/UTF-8 JSON/);
  });

  it('parses CID strings with the pallet rules before reading', async () => {
    await expect(readBytes(helia, 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbd')).rejects.toThrow(InvalidCidError);
    await expect(readBytes(helia, '')).rejects.toThrow(InvalidCidError);
  });

  it('adds and reads a multi-block file byte-identically', async () => {
    const file = randomBytes(3 * 1024 * 1024 + 17);
    const cid = await addBytes(helia, file);
    expect(cid.code).toBe(0x70); // dag-pb: UnixFS file of several 1 MiB raw leaves
    expect(isValidCidString(cid.toString())).toBe(true);
    const read = await readBytes(helia, cid);
    // Compared as bytes: a deep equality on 3 MiB is slow.
    expect(read.length).toBe(file.length);
    expect(Buffer.compare(read, file)).toBe(0);
  });

  it('enforces size limits before reading', async () => {
    const cid = await addBytes(helia, randomBytes(2 * 1024 * 1024));
    await expect(readBytes(helia, cid, { maxBytes: 1024 * 1024 })).rejects.toThrow(ContentTooLargeError);
    const big = await addJson(helia, { $schema: 'x', padding: 'x'.repeat(1024 * 1024) });
    await expect(readJson(helia, big, storeProfileSchema)).rejects.toThrow(ContentTooLargeError);
  });

  it('rejects a block whose bytes do not match its CID, even from the local blockstore', async () => {
    const forged = MultiformatsCid.parse(CID.v1Raw);
    await helia.blockstore.put(forged, new TextEncoder().encode('{"forged":true}'));
    await expect(readBytes(helia, forged)).rejects.toThrow(BlockVerificationError);

    // A leaf of a multi-block file replaced by other bytes.
    const file = randomBytes(2 * 1024 * 1024 + 5);
    const cid = await addBytes(helia, file);
    const root = await unixfs(helia).stat(cid);
    expect(root.type).toBe('file');
    const leaves = [] as MultiformatsCid[];
    const { decode } = await import('@ipld/dag-pb');
    const chunks: Uint8Array[] = [];
    for await (const chunk of helia.blockstore.get(cid)) chunks.push(chunk);
    for (const link of decode(chunks[0]).Links) leaves.push(link.Hash as unknown as MultiformatsCid);
    await helia.blockstore.delete(leaves[1]);
    await helia.blockstore.put(leaves[1], randomBytes(1024 * 1024));
    await expect(readBytes(helia, cid)).rejects.toThrow(BlockVerificationError);
  });

  it('gives up after the timeout, and on the caller’s abort', async () => {
    // A node whose blockstore never answers (a block that no peer has).
    const hanging: HeliaLike = {
      blockstore: {
        has: async () => false,
        put: async (cid) => cid,
        get: (_cid, options) =>
          (async function* () {
            await new Promise((_resolve, reject) => {
              options?.signal?.addEventListener('abort', () => reject(options.signal?.reason));
            });
            yield new Uint8Array(0);
          })(),
      } as HeliaLike['blockstore'],
    };
    const started = Date.now();
    await expect(readBytes(hanging, CID.v1Raw, { timeoutMs: 200 })).rejects.toThrow(ContentTimeoutError);
    expect(Date.now() - started).toBeLessThan(2_000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('the user left')), 50);
    await expect(readBytes(hanging, CID.v1Raw, { signal: controller.signal })).rejects.toThrow('the user left');
  });
});
