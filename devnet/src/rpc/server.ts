import { isUtf8 } from 'node:buffer';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import {
  compileRoutes,
  type DispatchOutcome,
  oversizedRequestResponse,
  parseErrorResponse,
  RpcDispatcher,
  type RpcSession,
} from './dispatcher.ts';
import { SubscriptionRegistry } from './subscriptions.ts';
import type { RpcConnection, RpcHandlers } from './types.ts';

export { RpcError, RpcErrorCode, RpcErrorMessage } from './errors.ts';
export type {
  RpcConnection,
  RpcHandlers,
  RpcMethodHandler,
  RpcParams,
  RpcSubscriptionHandler,
  SubscriptionSink,
  Unsubscribe,
} from './types.ts';

/** Resource limits; the defaults are those of a Substrate node (`sc-rpc-server` CLI defaults on jsonrpsee). */
export interface RpcServerLimits {
  /**
   * Largest request in bytes: larger WebSocket messages get `-32007`, larger HTTP bodies a 413 with `-32007`.
   * WebSocket messages over twice this size are not read at all: ws closes the connection with code 1009.
   */
  maxRequestBodySize: number;
  /** Largest response in bytes: a larger single response becomes `-32008`, a larger batch response `-32011`. */
  maxResponseBodySize: number;
  /** Open WebSocket connections; further upgrades are refused with HTTP 429. HTTP requests are not counted. */
  maxConnections: number;
  /** Open subscriptions per WebSocket connection; further subscribe calls get `-32006`. */
  maxSubscriptionsPerConnection: number;
  /** Calls per batch; a longer batch gets a single `-32010` error. */
  maxBatchLength: number;
}

const MIB = 1024 * 1024;

export const DEFAULT_RPC_LIMITS: Readonly<RpcServerLimits> = Object.freeze({
  maxRequestBodySize: 15 * MIB,
  maxResponseBodySize: 15 * MIB,
  maxConnections: 100,
  maxSubscriptionsPerConnection: 1024,
  maxBatchLength: Number.POSITIVE_INFINITY,
});

export interface RpcServerOptions extends Partial<RpcServerLimits> {
  /** 0 picks a free port, see {@link RpcServer.port}. */
  port: number;
  /** Defaults to `127.0.0.1`. */
  host?: string;
  /**
   * Receives the server's own faults: exceptions of handlers other than {@link RpcError}, failing unsubscribe
   * functions, unserializable notifications. Client misbehaviour is answered, not reported. Nothing is printed.
   */
  onError?: (error: unknown) => void;
}

export interface RpcServer {
  /** The bound port, useful when started with port 0. */
  readonly port: number;
  /** Stops listening, closes every connection and cancels every subscription. */
  close(): Promise<void>;
}

/** Every method name the handlers answer (plain, subscribe and unsubscribe methods), sorted, e.g. for `rpc_methods`. */
export function listRpcMethodNames(handlers: RpcHandlers): string[] {
  return [...compileRoutes(handlers).keys()].sort();
}

const HEALTH_BODY = JSON.stringify({ isSyncing: false, peers: 0, shouldHavePeers: false });
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
const CORS_HEADERS = { 'access-control-allow-origin': '*' };
const TOO_MANY_CONNECTIONS = 'Too many connections. Please try again later.';

/**
 * Serves JSON-RPC 2.0 like a Substrate node: WebSocket and HTTP POST on the same port, batches, subscriptions
 * (WebSocket only), jsonrpsee's error codes and limits. As in jsonrpsee, requests without an `id` (notifications)
 * are neither executed nor answered, and the calls of a batch are answered in request order. Rejects when the port
 * cannot be bound, or when a method name is registered twice.
 */
export async function startRpcServer(handlers: RpcHandlers, options: RpcServerOptions): Promise<RpcServer> {
  const { port, host = '127.0.0.1', onError, ...limitOverrides } = options;
  const limits: RpcServerLimits = { ...DEFAULT_RPC_LIMITS, ...limitOverrides };
  const reportError = (error: unknown) => {
    try {
      onError?.(error);
    } catch {
      // A failing error hook must not take the server down with it.
    }
  };
  const dispatcher = new RpcDispatcher(compileRoutes(handlers), {
    maxResponseBodySize: limits.maxResponseBodySize,
    maxBatchLength: limits.maxBatchLength,
    onError: reportError,
  });
  let lastConnectionId = 0;
  const openConnection = (transport: RpcConnection['transport'], request: IncomingMessage): RpcConnection => ({
    id: ++lastConnectionId,
    transport,
    remoteAddress: request.socket.remoteAddress,
  });

  const dispatch = (bytes: Buffer, session: RpcSession, deliver: (outcome: DispatchOutcome) => void) => {
    if (!isUtf8(bytes)) {
      deliver({ body: parseErrorResponse(), acceptedSubscriptions: [] });
      return;
    }
    const outcome = dispatcher.handle(bytes.toString('utf8'), session);
    if (outcome instanceof Promise) outcome.then(deliver).catch(reportError);
    else deliver(outcome);
  };

  const httpServer = createServer((request, response) => {
    response.on('error', () => {});
    request.on('error', () => {});
    serveHttp(request, response, {
      maxRequestBodySize: limits.maxRequestBodySize,
      onBody: (bytes) => {
        const session: RpcSession = { connection: openConnection('http', request), subscriptions: undefined };
        dispatch(bytes, session, ({ body }) => respond(response, 200, JSON_CONTENT_TYPE, body ?? ''));
      },
    });
  });

  // ws buffers a whole message before handing it over. Messages up to twice the limit are read and answered
  // with -32007 like jsonrpsee does; beyond that ws closes the connection (1009) rather than buffer them.
  const webSocketServer = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: 2 * limits.maxRequestBodySize,
    skipUTF8Validation: true,
    verifyClient: (_info, accept) => {
      const hasRoom = webSocketServer.clients.size < limits.maxConnections;
      accept(hasRoom, 429, TOO_MANY_CONNECTIONS, { 'Content-Type': 'text/plain' });
    },
  });
  const registries = new Set<SubscriptionRegistry>();

  webSocketServer.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const { send, sendNow } = corkedSender(socket);
    const subscriptions = new SubscriptionRegistry({
      send: sendNow,
      maxSubscriptions: limits.maxSubscriptionsPerConnection,
      maxNotificationSize: limits.maxResponseBodySize,
      onError: reportError,
    });
    registries.add(subscriptions);
    const session: RpcSession = { connection: openConnection('ws', request), subscriptions };
    const deliver = ({ body, acceptedSubscriptions }: DispatchOutcome) => {
      if (body !== undefined) send(body);
      for (const subscription of acceptedSubscriptions) subscription.activate();
    };
    socket.on('message', (data) => {
      // With the default binaryType every message arrives as one Buffer, text and binary frames alike.
      const bytes = data as Buffer;
      if (bytes.length > limits.maxRequestBodySize) send(oversizedRequestResponse(limits.maxRequestBodySize));
      else dispatch(bytes, session, deliver);
    });
    // Protocol errors of the client make ws close the socket; there is nothing else to do about them.
    socket.on('error', () => {});
    socket.on('close', () => {
      registries.delete(subscriptions);
      subscriptions.closeAll();
    });
  });

  httpServer.on('upgrade', (request, socket, head) => {
    socket.on('error', () => {});
    webSocketServer.handleUpgrade(request, socket, head, (webSocket) => {
      webSocketServer.emit('connection', webSocket, request);
    });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  httpServer.on('error', reportError);

  let closing: Promise<void> | undefined;
  return {
    port: (httpServer.address() as AddressInfo).port,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        for (const webSocket of webSocketServer.clients) webSocket.terminate();
        for (const registry of registries) registry.closeAll();
        registries.clear();
        webSocketServer.close();
        httpServer.closeAllConnections();
      });
      return closing;
    },
  };
}

interface HttpBodyOptions {
  maxRequestBodySize: number;
  onBody: (bytes: Buffer) => void;
}

/** Routes a plain HTTP request: CORS preflight, `/health`, and POST bodies to `onBody` once complete and valid. */
function serveHttp(
  request: IncomingMessage,
  response: ServerResponse,
  { maxRequestBodySize, onBody }: HttpBodyOptions,
) {
  if (request.method === 'OPTIONS') {
    response.writeHead(204, {
      ...CORS_HEADERS,
      'access-control-allow-methods': 'POST, GET, OPTIONS',
      'access-control-allow-headers': request.headers['access-control-request-headers'] ?? 'content-type',
      'access-control-max-age': '86400',
    });
    response.end();
    return;
  }
  if (request.method === 'GET' && request.url?.split('?')[0] === '/health') {
    respond(response, 200, JSON_CONTENT_TYPE, HEALTH_BODY);
    return;
  }
  if (request.method !== 'POST') {
    respond(response, 405, 'text/plain', 'Used HTTP Method is not allowed. POST is required\n');
    return;
  }
  const tooLarge = () => {
    respond(response, 413, JSON_CONTENT_TYPE, oversizedRequestResponse(maxRequestBodySize));
    request.resume();
  };
  if (Number(request.headers['content-length']) > maxRequestBodySize) {
    tooLarge();
    return;
  }
  const chunks: Buffer[] = [];
  let received = 0;
  request.on('data', (chunk: Buffer) => {
    if (received > maxRequestBodySize) return;
    received += chunk.length;
    if (received > maxRequestBodySize) tooLarge();
    else chunks.push(chunk);
  });
  request.on('end', () => {
    if (received > maxRequestBodySize) return;
    const bytes = Buffer.concat(chunks, received);
    // Like jsonrpsee, a body that cannot be a JSON-RPC request or batch is a 400.
    if (startsLikeJsonRpc(bytes)) onBody(bytes);
    else respond(response, 400, JSON_CONTENT_TYPE, parseErrorResponse());
  });
}

/**
 * `send` writes the answers given during one tick of the event loop together: the socket is corked at the first
 * and uncorked on the next tick, so that a client with many requests in flight costs one `writev` per burst
 * instead of one system call per answer. `sendNow` (notifications) first flushes what is corked, then writes at
 * once: each notification leaves as its own write, as clients timing status updates (polkadot-js drops an
 * `InBlock` overtaken by a `Finalized` it receives in the same read) expect.
 */
function corkedSender(socket: WebSocket): { send: (text: string) => void; sendNow: (text: string) => void } {
  // ws keeps the TCP socket as `_socket`, not part of its typed interface.
  const raw = (socket as unknown as { _socket?: { cork(): void; uncork(): void; destroyed: boolean } })._socket;
  let corked = false;
  const uncork = () => {
    if (!corked) return;
    corked = false;
    if (raw && !raw.destroyed) raw.uncork();
  };
  return {
    send: (text) => {
      if (socket.readyState !== socket.OPEN) return;
      if (raw && !corked) {
        corked = true;
        raw.cork();
        process.nextTick(uncork);
      }
      socket.send(text);
    },
    sendNow: (text) => {
      if (socket.readyState !== socket.OPEN) return;
      uncork();
      socket.send(text);
    },
  };
}

function startsLikeJsonRpc(bytes: Buffer): boolean {
  for (const byte of bytes) {
    if (byte === 0x7b || byte === 0x5b) return true; // `{` or `[`
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  }
  return false;
}

function respond(response: ServerResponse, status: number, contentType: string, body: string): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(status, { ...CORS_HEADERS, 'content-type': contentType });
  response.end(body);
}
