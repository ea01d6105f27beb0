/**
 * The IPFS Pinning Service API (the standard Pinata, Filebase and others implement) over the Helia
 * node: `POST /pins`, `GET /pins`, `GET /pins/<requestid>`, `POST /pins/<requestid>` (replace),
 * `DELETE /pins/<requestid>`.
 *
 * A pin request dials its `origins` (e.g. the browser's Helia peer), fetches the DAG over bitswap
 * with a timeout and pins it; its status goes queued → pinning → pinned | failed and is kept in the
 * node's datastore, so it survives a restart (unfinished requests resume).
 *
 * With `gc`, blocks fetched for a request that failed (too large, over quota, origin gone) are
 * deleted right after, and every unpinned block on a timer; never while a pin job runs.
 *
 * Authentication is pluggable (`authenticate`): it maps a request to an account id or throws
 * `PinningError(401, …)`. Without it every request is the account `local` (development only).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { multiaddr } from '@multiformats/multiaddr';
import { Key } from 'interface-datastore';
import { createUnsafe } from 'multiformats/block';
import { CID } from 'multiformats/cid';
import type { BazariHelia, GcResult } from '../node/index.ts';
import { GarbageCollector, type GcStats } from './garbage-collector.ts';

export type PinStatusValue = 'queued' | 'pinning' | 'pinned' | 'failed';

export interface PinRecord {
  requestid: string;
  status: PinStatusValue;
  created: string;
  owner: string;
  pin: { cid: string; name?: string; origins: string[]; meta?: Record<string, string> };
  info: Record<string, string>;
  /** Bytes of the pinned DAG (sum of its block sizes), once pinned. */
  bytes?: number;
}

export class PinningError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    details: string,
  ) {
    super(details);
  }
}

export interface PinningOptions {
  helia: BazariHelia;
  /** Maps a request to the caller's account; throws PinningError(401) for a bad or expired token. */
  authenticate?: (req: IncomingMessage) => Promise<string> | string;
  /** Called before a pin is queued; throws PinningError(403, 'QUOTA_EXCEEDED') to refuse it. */
  checkQuota?: (account: string, records: PinRecord[]) => Promise<void> | void;
  /** Per-account limits on pins that are not `failed` and on their bytes. Default: unlimited. */
  quota?: { maxPins?: number; maxBytes?: number };
  /** Largest object one pin may hold (default 50 MiB, plus 1 % + 64 KiB of DAG overhead): a larger one ends `failed`. */
  maxObjectBytes?: number;
  /** Time allowed to fetch a whole DAG before the pin is `failed` (default 60 s). */
  pinTimeoutMs?: number;
  /** Time allowed to dial each origin (default 5 s). */
  dialTimeoutMs?: number;
  /**
   * Garbage collection: `collect` deletes unpinned blocks (`IpfsNode.collectGarbage`); it runs after
   * every failed request and, with `intervalMs` > 0, periodically. Without it blocks are never deleted.
   */
  gc?: { collect: () => Promise<GcResult>; intervalMs?: number };
}

const PREFIX = '/bazari/pinning/';
const MAX_BODY = 64 * 1024;

function keyOf(requestid: string): Key {
  return new Key(`${PREFIX}${requestid}`);
}

function publicStatus(record: PinRecord, delegates: string[]) {
  return {
    requestid: record.requestid,
    status: record.status,
    created: record.created,
    pin: record.pin,
    delegates,
    info: record.info,
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new PinningError(413, 'PAYLOAD_TOO_LARGE', `request body over ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new PinningError(400, 'BAD_REQUEST', 'the body is not JSON');
  }
}

function parsePinBody(body: unknown): PinRecord['pin'] {
  if (body == null || typeof body !== 'object') throw new PinningError(400, 'BAD_REQUEST', 'expected a Pin object');
  const b = body as Record<string, unknown>;
  if (typeof b.cid !== 'string') throw new PinningError(400, 'BAD_REQUEST', 'cid is required');
  try {
    CID.parse(b.cid);
  } catch {
    throw new PinningError(400, 'BAD_REQUEST', `invalid cid: ${b.cid.slice(0, 100)}`);
  }
  if (b.name != null && (typeof b.name !== 'string' || b.name.length > 255)) {
    throw new PinningError(400, 'BAD_REQUEST', 'name must be a string of at most 255 characters');
  }
  const origins = b.origins ?? [];
  if (!Array.isArray(origins) || origins.length > 20 || origins.some((o) => typeof o !== 'string')) {
    throw new PinningError(400, 'BAD_REQUEST', 'origins must be an array of at most 20 multiaddr strings');
  }
  for (const o of origins as string[]) {
    try {
      multiaddr(o);
    } catch {
      throw new PinningError(400, 'BAD_REQUEST', `invalid origin multiaddr: ${o.slice(0, 200)}`);
    }
  }
  let meta: Record<string, string> | undefined;
  if (b.meta != null) {
    if (typeof b.meta !== 'object' || Object.values(b.meta).some((v) => typeof v !== 'string')) {
      throw new PinningError(400, 'BAD_REQUEST', 'meta must map strings to strings');
    }
    meta = b.meta as Record<string, string>;
  }
  return { cid: b.cid, name: b.name as string | undefined, origins: origins as string[], meta };
}

export class PinningService {
  private readonly helia: BazariHelia;
  private readonly pinTimeoutMs: number;
  private readonly dialTimeoutMs: number;
  private readonly running = new Map<string, AbortController>();
  private readonly jobs = new Set<Promise<void>>();
  private readonly gc: GarbageCollector | undefined;
  private stopped = false;

  constructor(private readonly options: PinningOptions) {
    this.helia = options.helia;
    this.pinTimeoutMs = options.pinTimeoutMs ?? 60_000;
    this.dialTimeoutMs = options.dialTimeoutMs ?? 5_000;
    if (options.gc != null) this.gc = new GarbageCollector(options.gc.collect, options.gc.intervalMs);
  }

  /** Resume requests left queued or pinning by a previous run. */
  async start(): Promise<void> {
    for (const record of await this.all()) {
      if (record.status === 'queued' || record.status === 'pinning') this.schedule(record);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const controller of this.running.values()) controller.abort();
    await Promise.allSettled([...this.jobs]);
    await this.gc?.stop();
  }

  /** Deletes every unpinned block once no pin job is running (needs the `gc` option). */
  async collectGarbage(): Promise<GcResult> {
    if (this.gc == null) throw new Error('garbage collection is not configured (PinningOptions.gc)');
    return this.gc.run();
  }

  /** Garbage collection figures since the start, undefined without the `gc` option. */
  gcStats(): GcStats | undefined {
    return this.gc == null ? undefined : { ...this.gc.stats };
  }

  async all(): Promise<PinRecord[]> {
    const out: PinRecord[] = [];
    for await (const { value } of this.helia.datastore.query({ prefix: PREFIX })) {
      out.push(JSON.parse(new TextDecoder().decode(value)) as PinRecord);
    }
    return out;
  }

  async get(requestid: string): Promise<PinRecord | undefined> {
    const key = keyOf(requestid);
    if (!(await this.helia.datastore.has(key))) return undefined;
    return JSON.parse(new TextDecoder().decode(await this.helia.datastore.get(key))) as PinRecord;
  }

  private async save(record: PinRecord): Promise<void> {
    await this.helia.datastore.put(keyOf(record.requestid), new TextEncoder().encode(JSON.stringify(record)));
  }

  private delegates(): string[] {
    return this.helia.libp2p.getMultiaddrs().map((a) => a.toString());
  }

  /** Queue a pin for `owner` (the HTTP handler and tests both use it). */
  async add(owner: string, pin: PinRecord['pin']): Promise<PinRecord> {
    const mine = (await this.all()).filter((r) => r.owner === owner);
    const live = mine.filter((r) => r.status !== 'failed');
    const { maxPins, maxBytes } = this.options.quota ?? {};
    if (maxPins != null && live.length >= maxPins) {
      throw new PinningError(403, 'QUOTA_EXCEEDED', `at most ${maxPins} pins per account`);
    }
    if (maxBytes != null && this.bytesOf(live) >= maxBytes) {
      throw new PinningError(403, 'QUOTA_EXCEEDED', `at most ${maxBytes} pinned bytes per account`);
    }
    if (this.options.checkQuota != null) await this.options.checkQuota(owner, mine);
    const record: PinRecord = {
      requestid: randomUUID(),
      status: 'queued',
      created: new Date().toISOString(),
      owner,
      pin,
      info: {},
    };
    await this.save(record);
    this.schedule(record);
    return record;
  }

  async remove(record: PinRecord): Promise<void> {
    this.running.get(record.requestid)?.abort();
    await this.helia.datastore.delete(keyOf(record.requestid));
    await this.unpinIfUnwanted(record.pin.cid);
  }

  /** Unpins `cid` unless another stored request has it pinned. */
  private async unpinIfUnwanted(cidText: string, except?: string): Promise<void> {
    const cid = CID.parse(cidText);
    const wanted = (await this.all()).some(
      (r) => r.pin.cid === cidText && r.status === 'pinned' && r.requestid !== except,
    );
    if (!wanted && (await this.isFullyPinned(cid))) {
      for await (const _ of this.helia.pins.rm(cid)) {
        // pins.rm is an async generator: iterate it or nothing is unpinned
      }
    }
  }

  /** `pins.isPinned` is true for any block with a pin count; a whole pin has its own record. */
  private async isFullyPinned(cid: CID): Promise<boolean> {
    try {
      await this.helia.pins.get(cid);
      return true;
    } catch {
      return false;
    }
  }

  private bytesOf(records: PinRecord[]): number {
    return records.reduce((sum, r) => sum + (r.bytes ?? 0), 0);
  }

  private schedule(record: PinRecord): void {
    if (this.stopped) return;
    const job = this.run(record).finally(() => this.jobs.delete(job));
    this.jobs.add(job);
  }

  private async run(record: PinRecord): Promise<void> {
    const controller = new AbortController();
    this.running.set(record.requestid, controller);
    // No gc from here until the outcome is saved: the blocks are fetched before they are pinned.
    const leaveJob = (await this.gc?.enterJob()) ?? (() => undefined);
    try {
      await this.fetchAndPin(record, controller);
    } finally {
      this.running.delete(record.requestid);
      leaveJob();
    }
    // The blocks fetched for a failed or deleted request are garbage now.
    if ((record.status === 'failed' || controller.signal.aborted) && !this.stopped) this.gc?.request();
  }

  private async fetchAndPin(record: PinRecord, controller: AbortController): Promise<void> {
    const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(this.pinTimeoutMs)]);
    try {
      controller.signal.throwIfAborted(); // deleted while waiting for a gc
      record.status = 'pinning';
      await this.save(record);
      for (const origin of record.pin.origins) {
        const dialSignal = AbortSignal.any([signal, AbortSignal.timeout(this.dialTimeoutMs)]);
        await this.helia.libp2p.dial(multiaddr(origin), { signal: dialSignal }).catch(() => undefined);
      }
      const cid = CID.parse(record.pin.cid);
      const all = await this.all();
      const samePinned = all.find((r) => r.pin.cid === record.pin.cid && r.status === 'pinned');
      let bytes = samePinned?.bytes ?? 0;
      if (!(await this.isFullyPinned(cid))) {
        // The limit is on the object (file) size; its DAG adds UnixFS/dag-pb node overhead: allow 1 % + 64 KiB.
        const maxObjectBytes = this.options.maxObjectBytes ?? 50 * 1024 * 1024;
        const maxObject = maxObjectBytes + Math.ceil(maxObjectBytes / 100) + 64 * 1024;
        const maxBytes = this.options.quota?.maxBytes;
        const others = this.bytesOf(
          all.filter((r) => r.owner === record.owner && r.requestid !== record.requestid && r.status !== 'failed'),
        );
        // Fetch the whole DAG first, counting its bytes against the limits. Pinning only afterwards
        // matters: an interrupted `pins.add` leaves per-block pin counts behind that `pins.rm` cannot
        // undo (Helia 7.1.15), so blocks of a refused DAG would stay pinned forever.
        bytes = 0;
        await this.fetchDag(cid, signal, (size) => {
          bytes += size;
          if (bytes > maxObject) throw new PinningError(413, 'TOO_LARGE', `the object is over ${maxObjectBytes} bytes`);
          if (maxBytes != null && others + bytes > maxBytes) {
            throw new PinningError(403, 'QUOTA_EXCEEDED', `at most ${maxBytes} pinned bytes per account`);
          }
        });
        // pins.add is an async generator: iterate it or nothing is pinned. Every block is local now.
        for await (const _ of this.helia.pins.add(cid, { signal, metadata: { requestid: record.requestid } })) {
          // one CID a block
        }
      }
      record.status = 'pinned';
      record.bytes = bytes;
      record.info = { bytes: String(bytes) };
    } catch (err) {
      if (controller.signal.aborted) return; // deleted or stopping: leave the record as it is
      record.status = 'failed';
      let reason = String(err).slice(0, 500);
      if (err instanceof PinningError) reason = err.message;
      else if (signal.aborted) reason = `not fetched within ${this.pinTimeoutMs} ms`;
      record.info = { reason };
    }
    // A DELETE during the fetch removed the record: do not write it back.
    if (await this.helia.datastore.has(keyOf(record.requestid))) await this.save(record);
  }

  /**
   * Makes every block of a DAG local, one fetch at a time, calling `onBlock` with each block's size
   * (it throws to stop at a limit). A fetch is never abandoned mid-way: in Helia 7.1.15 one abandoned
   * that way (as `depthFirstWalker` does when its reader stops) can keep the blockstore's read lock
   * forever, and `helia.gc()`, which takes the write lock, would then stall the whole node.
   */
  private async fetchDag(root: CID, signal: AbortSignal, onBlock: (size: number) => void): Promise<void> {
    const stack = [root];
    for (let cid = stack.pop(); cid != null; cid = stack.pop()) {
      const chunks: Uint8Array[] = [];
      for await (const chunk of this.helia.blockstore.get(cid, { signal })) chunks.push(chunk);
      const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      onBlock(bytes.length);
      const block = createUnsafe({ cid, bytes, codec: await this.helia.getCodec(cid.code) });
      stack.push(...[...block.links()].map(([, link]) => link).reverse());
    }
  }

  /** Handles `/pins` and `/pins/<id>`; answers with the standard Failure body on errors. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const send = (status: number, body?: unknown) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'Cache-Control': 'no-store',
        'Access-Control-Allow-Origin': '*',
        ...(payload == null ? {} : { 'Content-Length': String(payload.length) }),
      });
      res.end(payload);
    };
    try {
      const account = this.options.authenticate == null ? 'local' : await this.options.authenticate(req);
      const id = url.pathname.startsWith('/pins/')
        ? decodeURIComponent(url.pathname.slice('/pins/'.length))
        : undefined;
      if (id == null && req.method === 'POST') {
        const record = await this.add(account, parsePinBody(await readJson(req)));
        return send(202, publicStatus(record, this.delegates()));
      }
      if (id == null && req.method === 'GET') {
        const q = url.searchParams;
        const cids = q.get('cid')?.split(',').filter(Boolean);
        const statuses = (q.get('status') ?? 'pinned').split(',');
        const name = q.get('name');
        const limit = Math.min(Math.max(Number(q.get('limit') ?? 10) || 10, 1), 1000);
        const before = q.get('before');
        const after = q.get('after');
        const matches = (await this.all())
          .filter((r) => r.owner === account)
          .filter((r) => statuses.includes(r.status))
          .filter((r) => cids == null || cids.includes(r.pin.cid))
          .filter((r) => name == null || r.pin.name === name)
          .filter((r) => before == null || r.created < before)
          .filter((r) => after == null || r.created > after)
          .sort((a, b) => (a.created < b.created ? 1 : -1));
        return send(200, {
          count: matches.length,
          results: matches.slice(0, limit).map((r) => publicStatus(r, this.delegates())),
        });
      }
      if (id != null) {
        const record = await this.get(id);
        if (record == null || record.owner !== account) {
          // another account's request is indistinguishable from a missing one
          throw new PinningError(404, 'NOT_FOUND', 'The specified resource was not found');
        }
        if (req.method === 'GET') return send(200, publicStatus(record, this.delegates()));
        if (req.method === 'DELETE') {
          await this.remove(record);
          return send(202);
        }
        if (req.method === 'POST') {
          const pin = parsePinBody(await readJson(req));
          const replacement = await this.add(account, pin);
          await this.remove(record);
          return send(202, publicStatus(replacement, this.delegates()));
        }
      }
      throw new PinningError(405, 'METHOD_NOT_ALLOWED', `${req.method} ${url.pathname} is not supported`);
    } catch (err) {
      if (err instanceof PinningError) return send(err.status, { error: { reason: err.reason, details: err.message } });
      return send(500, { error: { reason: 'INTERNAL_SERVER_ERROR', details: 'internal error' } });
    }
  }
}
