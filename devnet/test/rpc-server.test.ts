import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  listRpcMethodNames,
  RpcError,
  type RpcHandlers,
  type RpcServer,
  type RpcServerOptions,
  type SubscriptionSink,
  startRpcServer,
} from '../src/rpc/server.ts';

interface JsonRpcMessage {
  jsonrpc: string;
  id?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
  method?: string;
  params?: { subscription: string; result: unknown };
}

/** A WebSocket client that keeps every message it receives, in order. */
class WsTestClient {
  readonly #inbox: JsonRpcMessage[] = [];
  readonly #waiters: ((message: JsonRpcMessage) => void)[] = [];
  readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as JsonRpcMessage;
      const waiter = this.#waiters.shift();
      if (waiter) waiter(message);
      else this.#inbox.push(message);
    });
    this.closed = new Promise((resolve) => socket.on('close', (code) => resolve(code)));
  }

  static open(port: number): Promise<WsTestClient> {
    const socket = new WebSocket(`ws://127.0.0.1:${port}`);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new WsTestClient(socket)));
      socket.once('error', reject);
    });
  }

  send(payload: unknown): void {
    this.socket.send(typeof payload === 'string' ? payload : JSON.stringify(payload));
  }

  next(timeoutMs = 3000): Promise<JsonRpcMessage> {
    const queued = this.#inbox.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no message received')), timeoutMs);
      this.#waiters.push((message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
  }

  async call(method: string, params?: unknown, id: number | string = 1): Promise<JsonRpcMessage> {
    this.send({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });
    return this.next();
  }

  async close(): Promise<void> {
    this.socket.close();
    await this.closed;
  }
}

async function post(port: number, body: string | Uint8Array, path = '/') {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function postJson(port: number, payload: unknown): Promise<JsonRpcMessage & JsonRpcMessage[]> {
  const { status, text } = await post(port, JSON.stringify(payload));
  expect(status).toBe(200);
  return JSON.parse(text);
}

function call(method: string, params?: unknown, id: unknown = 1) {
  return { jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) };
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function openWithRetries(port: number): Promise<WsTestClient> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await WsTestClient.open(port);
    } catch (error) {
      if (attempt === 50) throw error;
      await sleep(10);
    }
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

/** Handlers exercising every path, plus a record of what the subscriptions went through. */
function createTestHandlers() {
  const unsubscribed: string[] = [];
  const sinks = new Map<string, SubscriptionSink>();
  const handlers: RpcHandlers = {
    methods: {
      echo: (params) => params,
      add: ([a, b]) => (a as number) + (b as number),
      nothing: () => undefined,
      later: async ([value]) => {
        await sleep(10);
        return value;
      },
      connection: (_params, connection) => connection,
      reject: () => {
        throw new RpcError(1010, 'Invalid Transaction', 'Transaction has a bad signature');
      },
      rejectLater: async () => {
        throw new RpcError(1002, 'Verification Error', { reason: 'bad' });
      },
      crash: () => {
        throw new Error('boom');
      },
      bigint: () => 1n,
      sized: ([length]) => 'x'.repeat(length as number),
    },
    subscriptions: {
      test_subscribeTicks: {
        notification: 'test_tick',
        unsubscribe: ['test_unsubscribeTicks', 'test_unsubscribeTick'],
        subscribe: ([first], sink) => {
          sinks.set(sink.id, sink);
          sink.next(first ?? 'initial');
          return () => unsubscribed.push(sink.id);
        },
      },
      test_subscribeAsync: {
        notification: 'test_asyncTick',
        unsubscribe: ['test_unsubscribeAsync'],
        subscribe: async (_params, sink) => {
          sink.next('before the id is known');
          await sleep(10);
          sink.next('initial');
          sinks.set(sink.id, sink);
          return () => unsubscribed.push(sink.id);
        },
      },
      test_subscribeOnce: {
        notification: 'test_once',
        unsubscribe: ['test_unsubscribeOnce'],
        subscribe: (_params, sink) => {
          sink.next('only');
          sink.end();
          return () => unsubscribed.push(sink.id);
        },
      },
      test_subscribeBroken: {
        notification: 'test_broken',
        unsubscribe: ['test_unsubscribeBroken'],
        subscribe: (_params, sink) => {
          sink.next('never delivered');
          throw new RpcError(-32602, 'Invalid params', 'unknown storage key');
        },
      },
    },
  };
  return { handlers, unsubscribed, sinks };
}

async function withServer<T>(
  options: Partial<RpcServerOptions>,
  run: (server: RpcServer, testHandlers: ReturnType<typeof createTestHandlers>) => Promise<T>,
): Promise<T> {
  const testHandlers = createTestHandlers();
  const server = await startRpcServer(testHandlers.handlers, { port: 0, ...options });
  try {
    return await run(server, testHandlers);
  } finally {
    await server.close();
  }
}

describe('rpc server', () => {
  const { handlers, unsubscribed, sinks } = createTestHandlers();
  const reportedErrors: unknown[] = [];
  let server: RpcServer;
  let client: WsTestClient;

  beforeAll(async () => {
    server = await startRpcServer(handlers, { port: 0, onError: (error) => reportedErrors.push(error) });
    client = await WsTestClient.open(server.port);
  });

  afterAll(async () => {
    await server.close();
  });

  describe('calls', () => {
    it('answers a single call over WebSocket and HTTP', async () => {
      expect(await client.call('add', [1, 2], 7)).toEqual({ jsonrpc: '2.0', id: 7, result: 3 });
      const { status, headers, text } = await post(server.port, JSON.stringify(call('add', [1, 2], 'seven')));
      expect(status).toBe(200);
      expect(headers.get('content-type')).toMatch(/^application\/json/);
      expect(headers.get('access-control-allow-origin')).toBe('*');
      expect(text).toBe('{"jsonrpc":"2.0","id":"seven","result":3}');
    });

    it('defaults missing or null params to [] and undefined results to null', async () => {
      expect((await client.call('echo')).result).toEqual([]);
      expect((await client.call('echo', null)).result).toEqual([]);
      expect((await client.call('nothing')).result).toBeNull();
      expect((await postJson(server.port, call('echo'))).result).toEqual([]);
    });

    it('answers id null like any other id', async () => {
      expect(await client.call('add', [2, 2], null as unknown as number)).toEqual({
        jsonrpc: '2.0',
        id: null,
        result: 4,
      });
    });

    it('awaits asynchronous handlers and passes the connection', async () => {
      expect((await client.call('later', ['done'])).result).toBe('done');
      expect((await client.call('connection')).result).toMatchObject({ transport: 'ws', remoteAddress: '127.0.0.1' });
      expect((await postJson(server.port, call('connection'))).result).toMatchObject({ transport: 'http' });
    });

    it('answers a batch over both transports, in request order, skipping notifications', async () => {
      const batch = [
        call('later', ['slow'], 1),
        { jsonrpc: '2.0', method: 'echo', params: ['notification'] },
        call('missing', [], 2),
        call('reject', [], 3),
        { id: 4, method: 'add' },
        42,
        call('add', [20, 22], 5),
      ];
      const expected = [
        { jsonrpc: '2.0', id: 1, result: 'slow' },
        { jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'Method not found' } },
        {
          jsonrpc: '2.0',
          id: 3,
          error: { code: 1010, message: 'Invalid Transaction', data: 'Transaction has a bad signature' },
        },
        { jsonrpc: '2.0', id: 4, error: { code: -32600, message: 'Invalid request' } },
        { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid request' } },
        { jsonrpc: '2.0', id: 5, result: 42 },
      ];
      client.send(batch);
      expect(await client.next()).toEqual(expected);
      expect(await postJson(server.port, batch)).toEqual(expected);
    });

    it('sends nothing for notifications, alone or in a batch', async () => {
      client.send({ jsonrpc: '2.0', method: 'echo', params: [] });
      client.send([{ jsonrpc: '2.0', method: 'echo' }]);
      expect((await client.call('add', [1, 1], 'after')).id).toBe('after');
      const { status, text } = await post(server.port, JSON.stringify([{ jsonrpc: '2.0', method: 'echo' }]));
      expect(status).toBe(200);
      expect(text).toBe('');
    });
  });

  describe('errors', () => {
    const parseError = { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } };
    const invalidRequest = (id: unknown) => ({
      jsonrpc: '2.0',
      id,
      error: { code: -32600, message: 'Invalid request' },
    });

    it('answers -32700 to malformed JSON over both transports', async () => {
      for (const garbage of ['{"jsonrpc":"2.0","method":"add","params":[1,"id":9}', 'not json', '"a string"', '[']) {
        client.send(garbage);
        expect(await client.next()).toEqual(parseError);
      }
      const truncated = await post(server.port, '{"jsonrpc":"2.0",');
      expect(truncated.status).toBe(200);
      expect(JSON.parse(truncated.text)).toEqual(parseError);
      // jsonrpsee answers bodies that cannot be an object or array with a 400.
      for (const garbage of ['not json', '', '12']) {
        const { status, text } = await post(server.port, garbage);
        expect(status).toBe(400);
        expect(JSON.parse(text)).toEqual(parseError);
      }
    });

    it('answers -32600 to invalid request objects and to an empty batch', async () => {
      client.send({ method: 'add', id: 1 });
      expect(await client.next()).toEqual(invalidRequest(1));
      client.send({ jsonrpc: '1.0', method: 'add', id: 'x' });
      expect(await client.next()).toEqual(invalidRequest('x'));
      client.send({ jsonrpc: '2.0', method: 7, id: 2 });
      expect(await client.next()).toEqual(invalidRequest(2));
      client.send({ jsonrpc: '2.0', method: 'add', id: { nested: true } });
      expect(await client.next()).toEqual(invalidRequest(null));
      client.send({});
      expect(await client.next()).toEqual(invalidRequest(null));
      client.send([]);
      expect(await client.next()).toEqual(invalidRequest(null));
      client.send([1, 'two']);
      expect(await client.next()).toEqual([invalidRequest(null), invalidRequest(null)]);
      expect(await postJson(server.port, [])).toEqual(invalidRequest(null));
      expect(await postJson(server.port, { method: 'add', id: 3 })).toEqual(invalidRequest(3));
    });

    it('answers -32601 to unknown methods', async () => {
      const expected = { jsonrpc: '2.0', id: 1, error: { code: -32601, message: 'Method not found' } };
      expect(await client.call('nope')).toEqual(expected);
      expect(await client.call('__proto__')).toEqual(expected);
      expect(await postJson(server.port, call('toString'))).toEqual(expected);
    });

    it('answers -32602 to named params', async () => {
      expect((await client.call('add', { a: 1 })).error).toMatchObject({ code: -32602, message: 'Invalid params' });
      expect((await client.call('add', 'scalar')).error).toMatchObject({ code: -32602 });
    });

    it('answers a thrown RpcError exactly, with its data', async () => {
      expect(await client.call('reject')).toEqual({
        jsonrpc: '2.0',
        id: 1,
        error: { code: 1010, message: 'Invalid Transaction', data: 'Transaction has a bad signature' },
      });
      expect((await postJson(server.port, call('rejectLater'))).error).toEqual({
        code: 1002,
        message: 'Verification Error',
        data: { reason: 'bad' },
      });
    });

    it('answers -32603 with the message of any other error, and reports it', async () => {
      reportedErrors.length = 0;
      expect(await client.call('crash')).toEqual({
        jsonrpc: '2.0',
        id: 1,
        error: { code: -32603, message: 'boom' },
      });
      expect((await client.call('bigint')).error).toMatchObject({ code: -32603 });
      expect(reportedErrors).toHaveLength(2);
      expect((reportedErrors[0] as Error).message).toBe('boom');
    });

    it('answers a request over the size limit with -32007 and keeps the connection', async () => {
      const limit = 15 * 1024 * 1024;
      client.send(JSON.stringify(call('echo', ['x'.repeat(limit)])));
      expect(await client.next(10_000)).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32007, message: 'Request is too big', data: `Exceeded max limit of ${limit}` },
      });
      expect((await client.call('add', [1, 2])).result).toBe(3);

      const { status, text } = await post(server.port, JSON.stringify(call('echo', ['x'.repeat(limit)])));
      expect(status).toBe(413);
      expect(JSON.parse(text).error).toEqual({
        code: -32007,
        message: 'Request is too big',
        data: `Exceeded max limit of ${limit}`,
      });
    });

    it('survives a barrage of random bytes and still answers', async () => {
      for (let round = 0; round < 50; round += 1) {
        const bytes = randomBytes(1 + ((round * 37) % 512));
        client.socket.send(bytes, { binary: round % 2 === 0 });
      }
      const answers = await Promise.all(Array.from({ length: 50 }, () => client.next()));
      expect(answers.every((answer) => answer.error?.code === -32700)).toBe(true);
      expect((await client.call('add', [1, 2])).result).toBe(3);

      for (let round = 0; round < 20; round += 1) {
        const { status } = await post(server.port, randomBytes(1 + round * 50));
        expect([200, 400]).toContain(status);
      }
      // Invalid UTF-8 inside an otherwise well-formed request is a parse error, not mojibake.
      const invalidUtf8 = Buffer.concat([
        Buffer.from('{"jsonrpc":"2.0","id":1,"method":"echo","params":["'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"]}'),
      ]);
      expect(JSON.parse((await post(server.port, invalidUtf8)).text).error.code).toBe(-32700);

      // Garbage at the TCP level and inside WebSocket framing only costs the offending connection.
      await new Promise<void>((resolve) => {
        const socket = connect(server.port, '127.0.0.1', () => socket.end(randomBytes(4096)));
        socket
          .resume()
          .on('error', () => {})
          .on('close', () => resolve());
      });
      const victim = await WsTestClient.open(server.port);
      // 0xff sets the reserved bits of a frame header: the server has to drop the connection at once.
      const invalidFrames = Buffer.concat([Buffer.from([0xff, 0xff]), randomBytes(4096)]);
      (victim.socket as unknown as { _socket: NodeJS.WritableStream })._socket.write(invalidFrames);
      await victim.closed;

      expect((await client.call('add', [2, 3])).result).toBe(5);
      expect((await postJson(server.port, call('add', [2, 3]))).result).toBe(5);
    });

    it('does not crash when the client disconnects before its answer is ready', async () => {
      const leaving = await WsTestClient.open(server.port);
      leaving.send(call('later', ['too late']));
      leaving.socket.terminate();
      await leaving.closed;
      await sleep(30);

      const aborted = new AbortController();
      const pending = fetch(`http://127.0.0.1:${server.port}`, {
        method: 'POST',
        body: JSON.stringify(call('later', ['too late'])),
        signal: aborted.signal,
      });
      aborted.abort();
      await expect(pending).rejects.toThrow();
      await sleep(30);
      expect((await client.call('add', [1, 1])).result).toBe(2);
    });
  });

  describe('subscriptions', () => {
    it('delivers the initial notification after the response carrying the id', async () => {
      client.send(call('test_subscribeTicks', ['first'], 10));
      const response = await client.next();
      expect(response).toMatchObject({ jsonrpc: '2.0', id: 10 });
      const subscriptionId = response.result as string;
      expect(subscriptionId).toMatch(/^[A-Za-z0-9]{16}$/);
      expect(await client.next()).toEqual({
        jsonrpc: '2.0',
        method: 'test_tick',
        params: { subscription: subscriptionId, result: 'first' },
      });

      sinks.get(subscriptionId)?.next({ block: 2 });
      expect((await client.next()).params).toEqual({ subscription: subscriptionId, result: { block: 2 } });
      expect(await client.call('test_unsubscribeTicks', [subscriptionId])).toEqual({
        jsonrpc: '2.0',
        id: 1,
        result: true,
      });
    });

    it('holds notifications of an asynchronous subscribe back until the id was sent', async () => {
      client.send(call('test_subscribeAsync', [], 11));
      const response = await client.next();
      expect(response.id).toBe(11);
      expect((await client.next()).params).toEqual({ subscription: response.result, result: 'before the id is known' });
      expect((await client.next()).params).toEqual({ subscription: response.result, result: 'initial' });
      expect((await client.call('test_unsubscribeAsync', [response.result])).result).toBe(true);
    });

    it('delivers subscription notifications after the batch response holding the id', async () => {
      client.send([call('test_subscribeTicks', ['in batch'], 1), call('add', [1, 2], 2)]);
      const [subscribed, added] = (await client.next()) as unknown as JsonRpcMessage[];
      expect(added.result).toBe(3);
      expect((await client.next()).params).toEqual({ subscription: subscribed.result, result: 'in batch' });
      expect((await client.call('test_unsubscribeTicks', [subscribed.result])).result).toBe(true);
    });

    it('unsubscribes through any alias, once, and stops the producer', async () => {
      const subscriptionId = (await client.call('test_subscribeTicks')).result as string;
      await client.next();
      const sink = sinks.get(subscriptionId);
      expect(sink?.closed).toBe(false);

      expect((await client.call('test_unsubscribeAsync', [subscriptionId])).result).toBe(false);
      expect((await client.call('test_unsubscribeTick', [subscriptionId])).result).toBe(true);
      expect(unsubscribed).toContain(subscriptionId);
      expect(sink?.closed).toBe(true);
      sink?.next('after unsubscribe');
      expect((await client.call('test_unsubscribeTicks', [subscriptionId])).result).toBe(false);
      expect((await client.call('test_unsubscribeTicks', [])).result).toBe(false);
      expect((await client.call('test_unsubscribeTicks', { id: subscriptionId })).error?.code).toBe(-32602);
    });

    it('lets the producer end a subscription without calling its unsubscribe function', async () => {
      const subscriptionId = (await client.call('test_subscribeOnce')).result as string;
      expect((await client.next()).params).toEqual({ subscription: subscriptionId, result: 'only' });
      expect((await client.call('test_unsubscribeOnce', [subscriptionId])).result).toBe(false);
      expect(unsubscribed).not.toContain(subscriptionId);
    });

    it('answers a failing subscribe with its error and drops its notifications', async () => {
      expect(await client.call('test_subscribeBroken')).toEqual({
        jsonrpc: '2.0',
        id: 1,
        error: { code: -32602, message: 'Invalid params', data: 'unknown storage key' },
      });
      expect((await client.call('add', [1, 2], 'next')).id).toBe('next');
    });

    it('refuses subscriptions over HTTP', async () => {
      const { error } = await postJson(server.port, call('test_subscribeTicks'));
      expect(error).toMatchObject({ code: -32603, message: 'Internal error' });
      expect((await postJson(server.port, call('test_unsubscribeTicks', ['x']))).error?.code).toBe(-32603);
    });

    it('calls every unsubscribe function of a connection when it closes', async () => {
      const leaving = await WsTestClient.open(server.port);
      const first = (await leaving.call('test_subscribeTicks')).result as string;
      await leaving.next();
      const second = (await leaving.call('test_subscribeAsync')).result as string;
      await leaving.close();
      await waitFor(() => unsubscribed.includes(first) && unsubscribed.includes(second));
      expect(sinks.get(first)?.closed).toBe(true);
    });

    it('stops a producer whose subscribe completes after its connection closed', async () => {
      const leaving = await WsTestClient.open(server.port);
      leaving.send(call('test_subscribeAsync'));
      leaving.socket.terminate();
      const before = unsubscribed.length;
      await waitFor(() => unsubscribed.length === before + 1);
    });

    it('limits subscriptions per connection with -32006', async () => {
      await withServer({ maxSubscriptionsPerConnection: 2 }, async ({ port }) => {
        const limited = await WsTestClient.open(port);
        limited.send([call('test_subscribeTicks', [], 1), call('test_subscribeTicks', [], 2)]);
        const [first] = (await limited.next()) as unknown as JsonRpcMessage[];
        await limited.next();
        await limited.next();
        expect(await limited.call('test_subscribeTicks', [], 3)).toEqual({
          jsonrpc: '2.0',
          id: 3,
          error: { code: -32006, message: 'Too many subscriptions on the connection', data: 'Exceeded max limit of 2' },
        });
        expect((await limited.call('test_unsubscribeTicks', [first.result])).result).toBe(true);
        expect((await limited.call('test_subscribeTicks', [], 4)).result).toMatch(/^[A-Za-z0-9]{16}$/);
        await limited.close();
      });
    });
  });

  describe('http', () => {
    it('serves /health, answers CORS preflights and refuses other methods', async () => {
      const health = await fetch(`http://127.0.0.1:${server.port}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ isSyncing: false, peers: 0, shouldHavePeers: false });

      const preflight = await fetch(`http://127.0.0.1:${server.port}/`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:5173',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
      expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
      expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');

      expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(405);
      expect((await fetch(`http://127.0.0.1:${server.port}/`, { method: 'PUT', body: '{}' })).status).toBe(405);
    });

    it('refuses a chunked body over the limit with 413', async () => {
      await withServer({ maxRequestBodySize: 1024 }, async ({ port }) => {
        const status = await new Promise<number | undefined>((resolve, reject) => {
          const request = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/' }, (response) => {
            response.resume();
            resolve(response.statusCode);
          });
          request.on('error', reject);
          for (let chunk = 0; chunk < 4; chunk += 1) request.write('x'.repeat(512));
          request.end();
        });
        expect(status).toBe(413);
        expect((await postJson(port, call('add', [1, 2]))).result).toBe(3);
      });
    });
  });

  describe('limits', () => {
    it('answers an oversized response with -32008 and an oversized batch response with -32011', async () => {
      await withServer({ maxResponseBodySize: 100 }, async ({ port }, { unsubscribed }) => {
        const ws = await WsTestClient.open(port);
        expect((await ws.call('sized', [40])).result).toBe('x'.repeat(40));
        expect(await ws.call('sized', [200])).toEqual({
          jsonrpc: '2.0',
          id: 1,
          error: { code: -32008, message: 'Response is too big', data: 'Exceeded max limit of 100' },
        });
        ws.send([call('sized', [40], 1), call('sized', [40], 2)]);
        expect(await ws.next()).toEqual({
          jsonrpc: '2.0',
          id: null,
          error: { code: -32011, message: 'The batch response was too large', data: 'Exceeded max limit of 100' },
        });
        // A subscription whose id was lost with the batch response is cancelled, not left running.
        ws.send([call('test_subscribeTicks', [], 1), call('sized', [60], 2)]);
        expect((await ws.next()).error?.code).toBe(-32011);
        expect(unsubscribed).toHaveLength(1);
        await ws.close();
      });
    });

    it('answers a batch longer than the limit with -32010', async () => {
      await withServer({ maxBatchLength: 2 }, async ({ port }) => {
        expect(await postJson(port, [call('add', [1, 1], 1), call('add', [1, 1], 2), call('add', [1, 1], 3)])).toEqual({
          jsonrpc: '2.0',
          id: null,
          error: { code: -32010, message: 'The batch request was too large', data: 'Exceeded max limit of 2' },
        });
        expect(await postJson(port, [call('add', [1, 1], 1), call('add', [1, 1], 2)])).toHaveLength(2);
      });
    });

    it('refuses WebSocket connections over the limit with HTTP 429', async () => {
      await withServer({ maxConnections: 2 }, async ({ port }) => {
        const first = await WsTestClient.open(port);
        const second = await WsTestClient.open(port);
        const refusal = await new Promise<number | undefined>((resolve) => {
          const third = new WebSocket(`ws://127.0.0.1:${port}`);
          third.on('unexpected-response', (_request, response) => resolve(response.statusCode));
          third.on('error', () => {});
        });
        expect(refusal).toBe(429);
        expect((await postJson(port, call('add', [1, 2]))).result).toBe(3);

        await first.close();
        // The server frees the slot when it sees the close, shortly after the client does.
        const replacement = await openWithRetries(port);
        expect((await replacement.call('add', [1, 2])).result).toBe(3);
        await Promise.all([second.close(), replacement.close()]);
      });
    });
  });

  describe('lifecycle', () => {
    it('lists every method name for rpc_methods', () => {
      expect(listRpcMethodNames(handlers)).toEqual(
        [
          ...Object.keys(handlers.methods),
          ...Object.entries(handlers.subscriptions).flatMap(([name, { unsubscribe }]) => [name, ...unsubscribe]),
        ].sort(),
      );
    });

    it('refuses a method name registered twice', async () => {
      const duplicate: RpcHandlers = {
        methods: { chain_unsubscribeNewHeads: () => true },
        subscriptions: {
          chain_subscribeNewHeads: {
            notification: 'chain_newHead',
            unsubscribe: ['chain_unsubscribeNewHeads'],
            subscribe: () => () => {},
          },
        },
      };
      await expect(startRpcServer(duplicate, { port: 0 })).rejects.toThrow(/chain_unsubscribeNewHeads/);
    });

    it('closes every connection and cancels every subscription on close()', async () => {
      const { handlers: ownHandlers, unsubscribed: ownUnsubscribed } = createTestHandlers();
      const ownServer = await startRpcServer(ownHandlers, { port: 0 });
      const ws = await WsTestClient.open(ownServer.port);
      const subscriptionId = (await ws.call('test_subscribeTicks')).result;
      await ownServer.close();
      await ws.closed;
      expect(ownUnsubscribed).toEqual([subscriptionId]);
      await expect(fetch(`http://127.0.0.1:${ownServer.port}/health`)).rejects.toThrow();
      await ownServer.close();
    });
  });
});
