import { Agent, request } from 'node:http';
import WebSocket from 'ws';

/** A JSON-RPC call of a batch: method and positional params. */
export interface RpcCall {
  readonly method: string;
  readonly params: readonly unknown[];
}

interface RpcResponse {
  readonly id?: number;
  readonly result?: unknown;
  readonly error?: { code: number; message: string; data?: unknown };
  readonly method?: string;
  readonly params?: { subscription: string; result: unknown };
}

export class RpcCallError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(`${method}: ${code} ${message}${data === undefined ? '' : ` (${JSON.stringify(data)})`}`);
  }
}

function resultOf(method: string, response: RpcResponse): unknown {
  if (response.error) throw new RpcCallError(method, response.error.code, response.error.message, response.error.data);
  return response.result;
}

/** The transport both clients share: one JSON-RPC message out, its parsed answer back. */
export interface RpcTransport {
  call<T = unknown>(method: string, params?: readonly unknown[]): Promise<T>;
  /** A batch: results in call order; a failed call rejects the whole batch. */
  batch<T = unknown>(calls: readonly RpcCall[]): Promise<T[]>;
  close(): Promise<void>;
}

/** A bare JSON-RPC client over one WebSocket: many requests in flight, subscriptions, no type decoding. */
export class WsRpcClient implements RpcTransport {
  readonly #socket: WebSocket;
  readonly #pending = new Map<number, (response: RpcResponse | RpcResponse[]) => void>();
  readonly #batches = new Map<number, (responses: RpcResponse[]) => void>();
  readonly #subscriptions = new Map<string, (result: unknown) => void>();
  #nextId = 1;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data) => this.#receive(data.toString()));
    socket.on('close', () => {
      const closed = { error: { code: -1, message: 'connection closed' } };
      for (const resolve of this.#pending.values()) resolve(closed);
      for (const resolve of this.#batches.values()) resolve([closed]);
      this.#pending.clear();
      this.#batches.clear();
    });
  }

  static connect(url: string): Promise<WsRpcClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
      socket.once('open', () => resolve(new WsRpcClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Messages written but not yet handed to the kernel, in bytes: lets a producer wait instead of queueing gigabytes. */
  get bufferedAmount(): number {
    return this.#socket.bufferedAmount;
  }

  call<T = unknown>(method: string, params: readonly unknown[] = []): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, (response) => {
        try {
          resolve(resultOf(method, response as RpcResponse) as T);
        } catch (error) {
          reject(error);
        }
      });
      this.#socket.send(`{"jsonrpc":"2.0","id":${id},"method":"${method}","params":${JSON.stringify(params)}}`);
    });
  }

  batch<T = unknown>(calls: readonly RpcCall[]): Promise<T[]> {
    const firstId = this.#nextId;
    this.#nextId += calls.length;
    const body = calls.map(
      (call, index) =>
        `{"jsonrpc":"2.0","id":${firstId + index},"method":"${call.method}","params":${JSON.stringify(call.params)}}`,
    );
    return new Promise<T[]>((resolve, reject) => {
      this.#batches.set(firstId, (responses) => {
        try {
          resolve(batchResults<T>(calls, firstId, responses));
        } catch (error) {
          reject(error);
        }
      });
      this.#socket.send(`[${body.join(',')}]`);
    });
  }

  /** Subscribes; `onResult` gets each notification's result. Returns the subscription id. */
  async subscribe(method: string, params: readonly unknown[], onResult: (result: unknown) => void): Promise<string> {
    const id = await this.call<string>(method, params);
    this.#subscriptions.set(id, onResult);
    return id;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#socket.readyState === WebSocket.CLOSED) resolve();
      else {
        this.#socket.once('close', () => resolve());
        this.#socket.close();
      }
    });
  }

  #receive(text: string): void {
    const message = JSON.parse(text) as RpcResponse | RpcResponse[];
    if (Array.isArray(message)) {
      const firstId = message.reduce(
        (min, response) => Math.min(min, response.id ?? Number.POSITIVE_INFINITY),
        Infinity,
      );
      const resolve = this.#batches.get(firstId);
      if (resolve) {
        this.#batches.delete(firstId);
        resolve(message);
      }
      return;
    }
    if (message.id === undefined || message.id === null) {
      if (message.params) this.#subscriptions.get(message.params.subscription)?.(message.params.result);
      return;
    }
    const resolve = this.#pending.get(message.id);
    if (resolve) {
      this.#pending.delete(message.id);
      resolve(message);
    }
  }
}

function batchResults<T>(calls: readonly RpcCall[], firstId: number, responses: RpcResponse[]): T[] {
  if (responses.length !== calls.length) {
    const error = responses.find((response) => response.error)?.error;
    throw new RpcCallError('batch', error?.code ?? -1, error?.message ?? `expected ${calls.length} responses`);
  }
  const results = new Array<T>(calls.length);
  for (const response of responses) {
    const index = (response.id as number) - firstId;
    results[index] = resultOf(calls[index].method, response) as T;
  }
  return results;
}

/** JSON-RPC over HTTP POST with keep-alive connections, as the Subsquid processor's HTTP client does. */
export class HttpRpcClient implements RpcTransport {
  readonly #agent: Agent;
  readonly #url: URL;
  #nextId = 1;

  constructor(url: string, maxSockets = 8) {
    this.#url = new URL(url);
    this.#agent = new Agent({ keepAlive: true, maxSockets });
  }

  async call<T = unknown>(method: string, params: readonly unknown[] = []): Promise<T> {
    const [result] = await this.batch<T>([{ method, params }]);
    return result;
  }

  async batch<T = unknown>(calls: readonly RpcCall[]): Promise<T[]> {
    const firstId = this.#nextId;
    this.#nextId += calls.length;
    const body = `[${calls
      .map(
        (call, index) =>
          `{"jsonrpc":"2.0","id":${firstId + index},"method":"${call.method}","params":${JSON.stringify(call.params)}}`,
      )
      .join(',')}]`;
    const text = await this.#post(body);
    return batchResults<T>(calls, firstId, JSON.parse(text) as RpcResponse[]);
  }

  close(): Promise<void> {
    this.#agent.destroy();
    return Promise.resolve();
  }

  #post(body: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = request(
        this.#url,
        {
          method: 'POST',
          agent: this.#agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (response.statusCode !== 200) reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`));
            else resolve(text);
          });
          response.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}
