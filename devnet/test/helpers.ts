/**
 * Integration test helpers: an in-process devnet with a real `ApiPromise` on top, the dev accounts,
 * and raw JSON-RPC over HTTP and WebSocket for asserting exact error objects.
 */
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { EventRecord } from '@polkadot/types/interfaces';
import { WebSocket } from 'ws';
import { type Devnet, type DevnetOptions, startDevnet } from '../src/node.ts';
import { createDevKeyring, DEV_ACCOUNTS, type DevAccountName } from '../src/testing/index.ts';

export { signAndWatch, type WatchedTransaction } from '../src/testing/index.ts';

/** 1 BZR in planck (12 decimals). */
export const BZR = 10n ** 12n;

export interface TestNode {
  readonly devnet: Devnet;
  readonly api: ApiPromise;
  readonly keyring: Keyring;
  readonly accounts: Readonly<Record<DevAccountName, KeyringPair>>;
  /** Every line the node logged (start-up, blocks, errors). */
  readonly log: readonly string[];
  /** The node's error lines: faults it reported instead of answering (none is expected). */
  errors(): string[];
  /** Builds `count` blocks from the pool now (`dev_newBlock`); returns the last block's hash. */
  newBlock(count?: number): Promise<string>;
  /** One JSON-RPC call over HTTP, answered as the full response object. */
  rpc(method: string, params?: unknown[]): Promise<JsonRpcResponse>;
  close(): Promise<void>;
}

export interface JsonRpcResponse {
  readonly jsonrpc: '2.0';
  readonly id: unknown;
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string; readonly data?: unknown };
}

/**
 * Starts a devnet in this process on a free port (its data in a temporary directory removed on close, unless
 * `dataDir` is given) and connects an `ApiPromise` to it over WebSocket.
 */
export async function startTestNode(options: DevnetOptions = {}): Promise<TestNode> {
  const log: string[] = [];
  const devnet = await startDevnet({
    port: 0,
    ...options,
    log: (line) => {
      log.push(line);
      options.log?.(line);
    },
  });
  let api: ApiPromise;
  const provider = new WsProvider(devnet.wsUrl, false);
  try {
    await provider.connect();
    api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  } catch (error) {
    await devnet.close();
    throw error;
  }
  const keyring = createDevKeyring();
  const accounts = Object.fromEntries(
    DEV_ACCOUNTS.map((name) => [name, keyring.getPairs().find((pair) => pair.meta.name === name) as KeyringPair]),
  ) as Record<DevAccountName, KeyringPair>;
  return {
    devnet,
    api,
    keyring,
    accounts,
    log,
    errors: () => log.filter((line) => line.startsWith('error:')),
    newBlock: (count = 1) => provider.send<string>('dev_newBlock', [{ count }]),
    rpc: (method, params) => httpRpc(devnet.httpUrl, method, params),
    close: async () => {
      await api.disconnect();
      await devnet.close();
    },
  };
}

let nextRequestId = 1;

/** One JSON-RPC request over HTTP POST; resolves with the parsed response (result or error). */
export async function httpRpc(url: string, method: string, params?: unknown[]): Promise<JsonRpcResponse> {
  const body = JSON.stringify({ jsonrpc: '2.0', id: nextRequestId++, method, ...(params ? { params } : {}) });
  const response = await httpPost(url, body);
  return response.json as JsonRpcResponse;
}

/** POSTs raw bytes as a JSON-RPC body; resolves with the HTTP status and the parsed JSON answer (if any). */
export async function httpPost(url: string, body: string | Uint8Array): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : new Blob([body as Uint8Array<ArrayBuffer>]),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json };
}

/** A raw WebSocket JSON-RPC client: send anything, read the answers in order. */
export class RawWsClient {
  readonly #inbox: unknown[] = [];
  readonly #waiters: ((message: unknown) => void)[] = [];
  readonly closed: Promise<number>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      let message: unknown;
      try {
        message = JSON.parse(String(data));
      } catch {
        message = { unparsable: String(data) };
      }
      const waiter = this.#waiters.shift();
      if (waiter) waiter(message);
      else this.#inbox.push(message);
    });
    this.closed = new Promise((resolve) => socket.on('close', (code) => resolve(code)));
  }

  static open(url: string): Promise<RawWsClient> {
    const socket = new WebSocket(url);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new RawWsClient(socket)));
      socket.once('error', reject);
    });
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(payload: string | Uint8Array, options: { binary?: boolean } = {}): void {
    this.socket.send(payload, { binary: options.binary ?? false });
  }

  /** The next message received; rejects if none arrives within `timeoutMs` (a generous safety net). */
  next(timeoutMs = 20_000): Promise<unknown> {
    if (this.#inbox.length > 0) return Promise.resolve(this.#inbox.shift());
    return new Promise((resolve, reject) => {
      const waiter = (message: unknown) => {
        clearTimeout(timer);
        resolve(message);
      };
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(new Error('no message received'));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  /** Sends one request and waits for the response carrying its id (notifications in between are kept aside). */
  async call(method: string, params?: unknown, id: number = nextRequestId++): Promise<JsonRpcResponse> {
    this.send(JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }));
    const skipped: unknown[] = [];
    try {
      for (;;) {
        const message = (await this.next()) as JsonRpcResponse;
        if (message && 'id' in message && message.id === id) return message;
        skipped.push(message);
      }
    } finally {
      this.#inbox.unshift(...skipped);
    }
  }

  close(): Promise<number> {
    this.socket.close();
    return this.closed;
  }
}

/** `section.method` of each event, e.g. `balances.Transfer`. */
export function eventNames(events: readonly EventRecord[]): string[] {
  return events.map(({ event }) => `${event.section}.${event.method}`);
}

/** The events of an extrinsic, found in System.Events of its block by its position. */
export async function extrinsicEvents(api: ApiPromise, blockHash: string, extrinsicHash: string) {
  const [block, events] = await Promise.all([
    api.rpc.chain.getBlock(blockHash),
    api.query.system.events.at(blockHash) as unknown as Promise<EventRecord[]>,
  ]);
  const index = block.block.extrinsics.findIndex((extrinsic) => extrinsic.hash.toHex() === extrinsicHash);
  if (index < 0) throw new Error(`extrinsic ${extrinsicHash} is not in block ${blockHash}`);
  return events.filter(({ phase }) => phase.isApplyExtrinsic && phase.asApplyExtrinsic.toNumber() === index);
}

/** Free balance of an account at the head (or at `blockHash`). */
export async function freeBalance(api: ApiPromise, address: string, blockHash?: string): Promise<bigint> {
  const query = blockHash ? (await api.at(blockHash)).query : api.query;
  const account = await query.system.account(address);
  return account.data.free.toBigInt();
}

/** A promise with its resolve and reject functions, to await an event seen in a callback. */
export function deferred<T = void>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (e: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
