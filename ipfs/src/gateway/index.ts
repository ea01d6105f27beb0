/**
 * HTTP path gateway over a Helia node: `GET|HEAD /ipfs/<cid>[/path]`, trustless `?format=raw|car`
 * (or the matching `Accept`), `GET /health`.
 *
 * Every network fetch has a timeout: an unknown CID is a 404 after `fetchTimeoutMs` (immediately
 * when the node has no connected peer), never a hung request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { car } from '@helia/car';
import { unixfs } from '@helia/unixfs';
import { CID } from 'multiformats/cid';
import type { BazariHelia } from '../node/index.ts';
import type { PinningService } from '../pinning/index.ts';
import { contentTypeFromName, sniffContentType } from './content-type.ts';

export interface GatewayOptions {
  helia: BazariHelia;
  port?: number;
  host?: string;
  /** Timeout for any fetch that may go to the network (default 5,000 ms). */
  fetchTimeoutMs?: number;
  /** Largest file served (default 50 MiB). */
  maxObjectBytes?: number;
  /** Serve the Pinning Service API under `/pins`. */
  pinning?: PinningService;
  /** Root CIDs of the published frontend: served without the sandboxing CSP (nosniff stays). */
  frontendRoots?: string[];
  /** Blockstore figures for `/metrics` (`IpfsNode.storageStats`). */
  storageStats?: () => Promise<{ blocks: number; bytes: number }>;
}

export interface Gateway {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export const CACHE_IMMUTABLE = 'public, max-age=29030400, immutable';
/** User content must never run script on the gateway's origin. */
export const USER_CONTENT_CSP =
  "default-src 'none'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'unsafe-inline'; font-src 'self'; sandbox";

const CODEC_RAW = 0x55;
const CODEC_DAG_PB = 0x70;
const CODEC_JSON = 0x0200;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(`${text}\n`);
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(body.length),
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function isAbort(err: unknown): boolean {
  const name = (err as { name?: string })?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

function isNotFound(err: unknown): boolean {
  const name = (err as { name?: string })?.name ?? '';
  return /DoesNotExist|NotFound|NoContent|LoadBlockFailed/i.test(name);
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` (one range). Undefined: serve everything; null: unsatisfiable. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | undefined {
  if (header == null) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (m == null || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return null;
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return null;
  return { start, end };
}

function wantedFormat(req: IncomingMessage, url: URL): 'raw' | 'car' | undefined {
  const format = url.searchParams.get('format');
  if (format === 'raw' || format === 'car') return format;
  if (format != null && format !== '') throw new HttpError(400, `unsupported format: ${format}`);
  const accept = req.headers.accept ?? '';
  if (accept.includes('application/vnd.ipld.raw')) return 'raw';
  if (accept.includes('application/vnd.ipld.car')) return 'car';
  return undefined;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { helia } = options;
  const fs = unixfs(helia);
  const cars = car(helia);
  const fetchTimeoutMs = options.fetchTimeoutMs ?? 5_000;
  const maxObjectBytes = options.maxObjectBytes ?? 50 * 1024 * 1024;
  const frontendRoots = new Set((options.frontendRoots ?? []).map((c) => CID.parse(c).toV1().toString()));

  /** One whole block (the blockstore yields a block as chunks). */
  async function getBlock(cid: CID): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of helia.blockstore.get(cid, fetchOptions())) chunks.push(chunk);
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  }

  /** Abort options for one request: offline when no peer could answer, else a timeout. */
  const fetchOptions = () => {
    const offline = helia.libp2p.getConnections().length === 0;
    return { signal: AbortSignal.timeout(fetchTimeoutMs), offline };
  };

  async function serveIpfs(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const parts = url.pathname.split('/').slice(2); // ['', 'ipfs', cid, ...path]
    const cidText = parts[0] ?? '';
    let root: CID;
    try {
      root = CID.parse(cidText);
    } catch {
      throw new HttpError(400, `invalid CID: ${cidText.slice(0, 100)}`);
    }
    let segments: string[];
    try {
      segments = parts.slice(1).map((p) => decodeURIComponent(p));
    } catch {
      throw new HttpError(400, 'malformed percent-encoding in the path');
    }
    const trailingSlash = url.pathname.endsWith('/');
    const path = segments.filter((s) => s !== '').join('/');
    const format = wantedFormat(req, url);
    const ipfsPath = `/ipfs/${root.toString()}${path === '' ? '' : `/${path}`}`;
    const common: Record<string, string> = {
      'X-Ipfs-Path': ipfsPath,
      'X-Content-Type-Options': 'nosniff',
      'Access-Control-Allow-Origin': '*',
    };
    // Everything but the published frontend is sandboxed: uploaded HTML/SVG cannot run script here.
    if (!frontendRoots.has(root.toV1().toString())) common['Content-Security-Policy'] = USER_CONTENT_CSP;

    if (root.code !== CODEC_RAW && root.code !== CODEC_DAG_PB && format == null && root.code !== CODEC_JSON) {
      throw new HttpError(501, `codec 0x${root.code.toString(16)} is only served with ?format=raw or ?format=car`);
    }

    // Resolve the path to a CID (also fetches the blocks on the way, with the timeout).
    let target = root;
    if (path !== '') {
      const stat = await fs.stat(root, { path, ...fetchOptions() });
      target = stat.cid;
    }

    if (format === 'raw') {
      const etag = `"${target.toString()}.raw"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { ETag: etag }).end();
      const block = await getBlock(target);
      res.writeHead(200, {
        ...common,
        'Content-Type': 'application/vnd.ipld.raw',
        'Content-Length': String(block.length),
        'Content-Disposition': `attachment; filename="${target.toString()}.bin"`,
        'Cache-Control': CACHE_IMMUTABLE,
        ETag: etag,
        Vary: 'Accept',
      });
      res.end(req.method === 'HEAD' ? undefined : block);
      return;
    }
    if (format === 'car') {
      const etag = `"${target.toString()}.car"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { ETag: etag }).end();
      // Fetch the first block before committing to a 200, so an unknown CID is still a 404.
      await getBlock(target);
      res.writeHead(200, {
        ...common,
        'Content-Type': 'application/vnd.ipld.car; version=1',
        'Content-Disposition': `attachment; filename="${target.toString()}.car"`,
        'Cache-Control': CACHE_IMMUTABLE,
        ETag: etag,
        Vary: 'Accept',
      });
      if (req.method === 'HEAD') return void res.end();
      for await (const chunk of cars.export(target, fetchOptions())) {
        if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
      }
      res.end();
      return;
    }

    if (target.code === CODEC_JSON) {
      const block = await getBlock(target);
      return sendBytes(req, res, block, 'application/json', target, common);
    }

    const stat = await fs.stat(target, fetchOptions());
    if (stat.type === 'directory') {
      if (!trailingSlash) {
        res.writeHead(301, { ...common, Location: `${url.pathname}/${url.search}` });
        return void res.end();
      }
      let index: CID | undefined;
      const entries: { name: string; cid: CID }[] = [];
      for await (const entry of fs.ls(target, fetchOptions())) {
        if (entry.name === 'index.html') index = entry.cid;
        entries.push({ name: entry.name, cid: entry.cid });
      }
      if (index != null) return serveFile(req, res, index, 'index.html', common);
      const base = url.pathname;
      const html = `<!doctype html><meta charset="utf-8"><title>${escapeHtml(ipfsPath)}</title><h1>${escapeHtml(ipfsPath)}</h1><ul>${entries
        .map((e) => `<li><a href="${escapeHtml(base + encodeURIComponent(e.name))}">${escapeHtml(e.name)}</a></li>`)
        .join('')}</ul>`;
      return sendBytes(req, res, new TextEncoder().encode(html), 'text/html; charset=utf-8', target, common);
    }
    return serveFile(req, res, target, segments.filter((s) => s !== '').at(-1) ?? '', common);
  }

  function sendBytes(
    req: IncomingMessage,
    res: ServerResponse,
    bytes: Uint8Array,
    contentType: string,
    cid: CID,
    common: Record<string, string>,
  ): void {
    res.writeHead(200, {
      ...common,
      'Content-Type': contentType,
      'Content-Length': String(bytes.length),
      'Cache-Control': CACHE_IMMUTABLE,
      ETag: `"${cid.toString()}"`,
    });
    res.end(req.method === 'HEAD' ? undefined : bytes);
  }

  async function serveFile(
    req: IncomingMessage,
    res: ServerResponse,
    cid: CID,
    name: string,
    common: Record<string, string>,
  ): Promise<void> {
    const etag = `"${cid.toString()}"`;
    const headers: Record<string, string> = {
      ...common,
      'Cache-Control': CACHE_IMMUTABLE,
      'Accept-Ranges': 'bytes',
      ETag: etag,
    };
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, headers).end();
    const stat = await fs.stat(cid, fetchOptions());
    const size = Number(stat.size);
    if (size > maxObjectBytes) throw new HttpError(413, `object is ${size} bytes, over the ${maxObjectBytes} limit`);

    let contentType = contentTypeFromName(name);
    if (contentType == null) {
      const head: Uint8Array[] = [];
      for await (const chunk of fs.cat(cid, { ...fetchOptions(), length: 512 })) head.push(chunk);
      contentType = sniffContentType(Buffer.concat(head));
    }
    headers['Content-Type'] = contentType;

    const range = parseRange(req.headers.range, size);
    if (range === null) {
      res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}` });
      return void res.end();
    }
    const start = range?.start ?? 0;
    const length = range == null ? size : range.end - range.start + 1;
    if (range != null) headers['Content-Range'] = `bytes ${range.start}-${range.end}/${size}`;
    headers['Content-Length'] = String(length);

    // Read the first chunk before the headers go out, so a missing block is still a clean 404.
    const iterator = fs.cat(cid, { ...fetchOptions(), offset: start, length })[Symbol.asyncIterator]();
    const first = length > 0 ? await iterator.next() : { done: true as const, value: undefined };
    res.writeHead(range == null ? 200 : 206, headers);
    if (req.method === 'HEAD') {
      await iterator.return?.();
      return void res.end();
    }
    try {
      if (!first.done) res.write(first.value);
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        if (!res.write(next.value)) await new Promise((r) => res.once('drain', r));
      }
      res.end();
    } catch {
      res.destroy();
    }
  }

  const requests = new Map<string, number>();
  let bytesServed = 0;

  async function metrics(): Promise<string> {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    const storage = await options.storageStats?.();
    if (storage != null) {
      metric('bazari_ipfs_blocks', 'gauge', 'Blocks in the local blockstore.', [['', storage.blocks]]);
      metric('bazari_ipfs_block_bytes', 'gauge', 'Bytes in the local blockstore.', [['', storage.bytes]]);
    }
    if (options.pinning != null) {
      const records = await options.pinning.all();
      const byStatus = new Map<string, number>();
      for (const r of records) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
      metric(
        'bazari_ipfs_pins',
        'gauge',
        'Pin requests by status.',
        ['queued', 'pinning', 'pinned', 'failed'].map((st) => [`{status="${st}"}`, byStatus.get(st) ?? 0]),
      );
      metric('bazari_ipfs_pinned_bytes', 'gauge', 'Bytes of pinned DAGs (sum over pin requests).', [
        ['', records.reduce((sum, r) => sum + (r.status === 'pinned' ? (r.bytes ?? 0) : 0), 0)],
      ]);
    }
    metric('bazari_ipfs_peers', 'gauge', 'Open libp2p connections.', [['', helia.libp2p.getConnections().length]]);
    metric(
      'bazari_ipfs_http_requests_total',
      'counter',
      'HTTP requests by route and status.',
      [...requests.entries()].map(([k, v]) => {
        const [route, status] = k.split(' ');
        return [`{route="${route}",status="${status}"}`, v];
      }),
    );
    metric('bazari_ipfs_http_response_bytes_total', 'counter', 'Bytes of response bodies.', [['', bytesServed]]);
    return `${lines.join('\n')}\n`;
  }

  const server = createServer((req, res) => {
    const route = req.url?.startsWith('/ipfs/')
      ? 'ipfs'
      : req.url?.startsWith('/pins')
        ? 'pins'
        : (req.url?.split('?')[0].slice(1) ?? '') in { health: 1, metrics: 1 }
          ? (req.url?.split('?')[0].slice(1) ?? 'other')
          : 'other';
    const write = res.write.bind(res);
    res.write = ((chunk: Uint8Array | string, ...rest: never[]) => {
      bytesServed += typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk?.length ?? 0);
      return write(chunk, ...rest);
    }) as typeof res.write;
    const end = res.end.bind(res);
    res.end = ((chunk?: unknown, ...rest: never[]) => {
      if (chunk instanceof Uint8Array) bytesServed += chunk.length;
      else if (typeof chunk === 'string') bytesServed += Buffer.byteLength(chunk);
      return end(chunk as never, ...rest);
    }) as typeof res.end;
    res.once('finish', () => {
      const key = `${route} ${res.statusCode}`;
      requests.set(key, (requests.get(key) ?? 0) + 1);
    });
    const url = new URL(req.url ?? '/', 'http://gateway');
    const run = async () => {
      if (url.pathname === '/pins' || url.pathname.startsWith('/pins/')) {
        if (options.pinning == null) throw new HttpError(404, 'no pinning service on this node');
        if (req.method === 'OPTIONS') {
          res.writeHead(204, {
            'Access-Control-Allow-Origin': '*',
            'Access-Control-Allow-Methods': 'GET, POST, DELETE',
            'Access-Control-Allow-Headers': 'Authorization, Content-Type',
            'Access-Control-Max-Age': '600',
          });
          return void res.end();
        }
        return options.pinning.handle(req, res, url);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method not allowed');
      if (url.pathname === '/metrics') {
        const body = Buffer.from(await metrics());
        res.writeHead(200, {
          'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
          'Content-Length': String(body.length),
          'Cache-Control': 'no-store',
        });
        return void res.end(body);
      }
      if (url.pathname === '/health') {
        const body = JSON.stringify({
          status: 'ok',
          peerId: helia.libp2p.peerId.toString(),
          multiaddrs: helia.libp2p.getMultiaddrs().map((a) => a.toString()),
          connections: helia.libp2p.getConnections().length,
        });
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        return void res.end(body);
      }
      if (url.pathname.startsWith('/ipfs/')) return serveIpfs(req, res, url);
      throw new HttpError(404, 'not found');
    };
    run().catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (err instanceof HttpError) return sendText(res, err.status, err.message);
      if (isAbort(err)) return sendText(res, 404, `not found within ${fetchTimeoutMs} ms`);
      if (isNotFound(err)) return sendText(res, 404, (err as Error).message);
      if ((err as { name?: string })?.name === 'BlockIntegrityError') {
        return sendText(res, 502, 'a stored block does not match its CID');
      }
      if ((err as { name?: string })?.name === 'NotUnixFSError') return sendText(res, 501, (err as Error).message);
      console.error('gateway error', req.method, req.url, err);
      sendText(res, 500, 'internal error');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  return {
    server,
    port,
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
