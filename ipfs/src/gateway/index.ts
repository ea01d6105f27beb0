/**
 * HTTP gateway over a Helia node: the path gateway `GET|HEAD /ipfs/<cid>[/path]` (`unixfs.ts`),
 * trustless `?format=raw|car` (`trustless.ts`), the Pinning Service API under `/pins`, `GET /health`
 * and `GET /metrics` (`metrics.ts`).
 *
 * Every network fetch has a timeout: an unknown CID is a 404 after `fetchTimeoutMs` (immediately
 * when the node has no connected peer), never a hung request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CID } from 'multiformats/cid';
import type { BazariHelia, StorageStats } from '../node/index.ts';
import type { PinningService } from '../pinning/index.ts';
import { createContext, type GatewayContext } from './context.ts';
import { HttpError, isAbort, isNotFound, sendText, USER_CONTENT_CSP } from './http.ts';
import { GatewayMetrics } from './metrics.ts';
import { serveTrustless, trustlessFormat } from './trustless.ts';
import { serveDirectory, serveFile, serveJson } from './unixfs.ts';

export { CACHE_IMMUTABLE, USER_CONTENT_CSP } from './http.ts';

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
  storageStats?: () => Promise<StorageStats>;
}

export interface Gateway {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

const CODEC_RAW = 0x55;
const CODEC_DAG_PB = 0x70;
const CODEC_JSON = 0x0200;

/** `GET|HEAD /ipfs/<cid>[/path]`. */
async function serveIpfs(
  ctx: GatewayContext,
  frontendRoots: Set<string>,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
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
    segments = parts
      .slice(1)
      .map((p) => decodeURIComponent(p))
      .filter((s) => s !== '');
  } catch {
    throw new HttpError(400, 'malformed percent-encoding in the path');
  }
  const path = segments.join('/');
  const format = trustlessFormat(req, url);
  const ipfsPath = `/ipfs/${root.toString()}${path === '' ? '' : `/${path}`}`;
  const common: Record<string, string> = {
    'X-Ipfs-Path': ipfsPath,
    'X-Content-Type-Options': 'nosniff',
    'Access-Control-Allow-Origin': '*',
  };
  // Everything but the published frontend is sandboxed: uploaded HTML/SVG cannot run script here.
  if (!frontendRoots.has(root.toV1().toString())) common['Content-Security-Policy'] = USER_CONTENT_CSP;

  if (format == null && root.code !== CODEC_RAW && root.code !== CODEC_DAG_PB && root.code !== CODEC_JSON) {
    throw new HttpError(501, `codec 0x${root.code.toString(16)} is only served with ?format=raw or ?format=car`);
  }
  // Resolve the path to a CID (also fetches the blocks on the way, with the timeout).
  const target = path === '' ? root : (await ctx.fs.stat(root, { path, ...ctx.fetchOptions() })).cid;

  if (format != null) return serveTrustless(ctx, res, target, format, common);
  if (target.code === CODEC_JSON) return serveJson(ctx, res, target, common);
  const stat = await ctx.fs.stat(target, ctx.fetchOptions());
  if (stat.type === 'directory') return serveDirectory(ctx, res, target, url, ipfsPath, common);
  return serveFile(ctx, res, target, segments.at(-1) ?? '', common);
}

function routeOf(pathname: string): string {
  if (pathname.startsWith('/ipfs/')) return 'ipfs';
  if (pathname === '/pins' || pathname.startsWith('/pins/')) return 'pins';
  if (pathname === '/health' || pathname === '/metrics') return pathname.slice(1);
  return 'other';
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { helia, pinning } = options;
  const fetchTimeoutMs = options.fetchTimeoutMs ?? 5_000;
  const ctx = createContext(helia, fetchTimeoutMs, options.maxObjectBytes ?? 50 * 1024 * 1024);
  const frontendRoots = new Set((options.frontendRoots ?? []).map((c) => CID.parse(c).toV1().toString()));
  const metrics = new GatewayMetrics({
    peers: () => helia.libp2p.getConnections().length,
    storageStats: options.storageStats,
    pinning,
  });

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/pins' || url.pathname.startsWith('/pins/')) {
      if (pinning == null) throw new HttpError(404, 'no pinning service on this node');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Methods': 'GET, POST, DELETE',
          'Access-Control-Allow-Headers': 'Authorization, Content-Type',
          'Access-Control-Max-Age': '600',
        });
        return void res.end();
      }
      return pinning.handle(req, res, url);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method not allowed');
    if (url.pathname === '/metrics') {
      const body = Buffer.from(await metrics.render());
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
    if (url.pathname.startsWith('/ipfs/')) return serveIpfs(ctx, frontendRoots, req, res, url);
    throw new HttpError(404, 'not found');
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    metrics.track(res, routeOf(url.pathname));
    handle(req, res, url).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (err instanceof HttpError) return sendText(res, err.status, err.message);
      if (isAbort(err)) return sendText(res, 404, `not found within ${fetchTimeoutMs} ms`);
      if (isNotFound(err)) return sendText(res, 404, (err as Error).message);
      const name = (err as { name?: string })?.name;
      if (name === 'BlockIntegrityError') return sendText(res, 502, 'a stored block does not match its CID');
      if (name === 'NotUnixFSError') return sendText(res, 501, (err as Error).message);
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
