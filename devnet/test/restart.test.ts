/**
 * Restart: stop the devnet with SIGKILL mid-stream, start it on the same data dir, and every
 * block, hash and balance is still there. Then the same with a clean SIGTERM.
 *
 * The devnet CLI runs as a child process on a temporary `--data-dir`. A client streams signed
 * transfers at it (one sender per account, each sending its next transfer as soon as the last is
 * in a block) and records every head and finalized head it is told about, the block of each of
 * its transfers, and the raw `System.Account` values at each head. The node is killed once enough
 * heads have gone by, while transfers are in flight; on restart all of that must be unchanged.
 *
 * The stream goes over a bare JSON-RPC WebSocket client (extrinsics are signed offline with
 * @polkadot/api), which stops cleanly when the node dies; @polkadot/api is used for the checks.
 */
import '@bazari/chain-types/augment';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { freePort } from '../src/testing/free-port.ts';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const START_TIMEOUT_MS = 30_000;
/** How many new heads the client sees before the node is stopped. */
const HEADS_BEFORE_STOP = 15;
const UNIT = 10n ** 12n;

/** The devnet CLI in a child process. */
class DevnetProcess {
  readonly output: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts the CLI and resolves once it listens. */
  static start(dataDir: string, port: number): Promise<DevnetProcess> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CLI, '--data-dir', dataDir, '--port', String(port), '--finality-lag', '2'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const node = new DevnetProcess(child, `ws://127.0.0.1:${port}`);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the devnet did not start in ${START_TIMEOUT_MS} ms:\n${node.output.join('\n')}`));
      }, START_TIMEOUT_MS);
      const onData = (chunk: Buffer) => {
        const lines = String(chunk).split('\n').filter(Boolean);
        node.output.push(...lines);
        if (lines.some((line) => line.includes('listening on'))) {
          clearTimeout(timer);
          resolve(node);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      node.exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`the devnet exited (${signal ?? code}) while starting:\n${node.output.join('\n')}`));
      });
    });
  }

  async stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

interface Client {
  readonly api: ApiPromise;
  readonly provider: WsProvider;
}

/** A client without automatic reconnection: each node process gets its own. */
async function connect(url: string): Promise<Client> {
  const provider = new WsProvider(url, false);
  await provider.connect();
  return { api: await ApiPromise.create({ provider, noInitWarn: true }), provider };
}

/** A bare JSON-RPC WebSocket client: when the connection drops, whatever is pending rejects. */
class RpcSocket {
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  readonly #listeners = new Map<string, (result: unknown) => void>();
  /** Notifications that came before their subscription id was known. */
  readonly #early = new Map<string, unknown[]>();
  readonly #closeListeners: (() => void)[] = [];
  #nextId = 1;
  #closed = false;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as {
        id?: number;
        result?: unknown;
        error?: { message: string; data?: unknown };
        params?: { subscription: string; result: unknown };
      };
      if (message.id !== undefined) {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error) pending?.reject(new Error(`${message.error.message} ${String(message.error.data ?? '')}`));
        else pending?.resolve(message.result);
      } else if (message.params) {
        const { subscription, result } = message.params;
        const listener = this.#listeners.get(subscription);
        if (listener) listener(result);
        else this.#early.set(subscription, [...(this.#early.get(subscription) ?? []), result]);
      }
    });
    socket.on('close', () => {
      this.#closed = true;
      for (const { reject } of this.#pending.values()) reject(new Error('connection closed'));
      this.#pending.clear();
      for (const listener of this.#closeListeners) listener();
    });
    socket.on('error', () => {});
  }

  static open(url: string): Promise<RpcSocket> {
    const socket = new WebSocket(url);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new RpcSocket(socket)));
      socket.once('error', reject);
    });
  }

  request<T>(method: string, params: unknown[] = []): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('connection closed'));
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  async subscribe(method: string, params: unknown[], listener: (result: unknown) => void): Promise<void> {
    const id = await this.request<string>(method, params);
    this.#listeners.set(id, listener);
    for (const result of this.#early.get(id) ?? []) listener(result);
    this.#early.delete(id);
  }

  /** Calls `listener` when the connection drops (now, if it has). */
  onClose(listener: () => void): void {
    if (this.#closed) listener();
    else this.#closeListeners.push(listener);
  }

  close(): void {
    this.socket.terminate();
  }
}

interface Observed {
  /** Every head the client was notified of: number → hash. */
  readonly heads: Map<number, string>;
  /** The block of every transfer the client saw in a block: block hash → number of transfers. */
  readonly included: Map<string, number>;
  /** Raw `state_queryStorageAt` answers for the accounts' `System.Account` keys, by block hash. */
  readonly accounts: Map<string, unknown>;
  finalized: { number: number; hash: string } | undefined;
}

describe('devnet restart on the same data dir', () => {
  let dataDir: string;
  let port: number;
  let node: DevnetProcess | undefined;
  let senders: KeyringPair[];
  let accountKeys: string[];
  let genesisHash: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    // An existing directory whose name has a dot: lmdb would take it for a file (a bug fixed in chain-database.ts).
    dataDir = mkdtempSync(join(tmpdir(), 'bazari-devnet.restart-'));
    port = await freePort();
    const keyring = new Keyring({ type: 'sr25519' });
    senders = ['//Alice', '//Bob', '//Charlie', '//Dave'].map((uri) => keyring.addFromUri(uri));
  });

  afterAll(async () => {
    await Promise.all(clients.map(({ api }) => api.disconnect().catch(() => undefined)));
    await node?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Connects to the node, starting it on the data dir first unless it runs. */
  const open = async (): Promise<Client> => {
    if (!node || node.child.exitCode !== null || node.child.signalCode !== null) {
      node = await DevnetProcess.start(dataDir, port);
    }
    const client = await connect(node.url);
    clients.push(client);
    accountKeys ??= senders.map((pair) => client.api.query.system.account.key(pair.address));
    return client;
  };

  const queryAccounts = (rpc: Client | RpcSocket, hash: string) =>
    rpc instanceof RpcSocket
      ? rpc.request<unknown>('state_queryStorageAt', [accountKeys, hash])
      : rpc.provider.send<unknown>('state_queryStorageAt', [accountKeys, hash]);

  /**
   * Streams transfers (each sender sends its next one as soon as the last is in a block) until the
   * client has seen `HEADS_BEFORE_STOP` new heads, then stops the node with `signal` while transfers
   * are still in flight.
   */
  const streamThenStop = async ({ api }: Client, signal: 'SIGKILL' | 'SIGTERM') => {
    // From here @polkadot/api only signs, offline: immortal transactions, nonces counted here.
    const signing = {
      genesisHash: api.genesisHash,
      blockHash: api.genesisHash,
      runtimeVersion: api.runtimeVersion,
      signedExtensions: api.registry.signedExtensions,
    };
    await api.disconnect();
    const socket = await RpcSocket.open(node?.url as string);
    const observed: Observed = { heads: new Map(), included: new Map(), accounts: new Map(), finalized: undefined };
    const pending: Promise<unknown>[] = [];
    let stopping = false;
    let enough!: () => void;
    const reached = new Promise<void>((resolve) => {
      enough = resolve;
    });
    const headOf = (json: unknown) => {
      const header = api.createType('Header', json);
      return { number: header.number.toNumber(), hash: header.hash.toHex() };
    };

    const firstHead = headOf(await socket.request('chain_getHeader')).number;
    await socket.subscribe('chain_subscribeNewHeads', [], (json) => {
      const { number, hash } = headOf(json);
      observed.heads.set(number, hash);
      const query = queryAccounts(socket, hash).then(
        (values) => observed.accounts.set(hash, values),
        () => undefined,
      );
      pending.push(query);
      if (number - firstHead >= HEADS_BEFORE_STOP) enough();
    });
    await socket.subscribe('chain_subscribeFinalizedHeads', [], (json) => {
      const head = headOf(json);
      if (!observed.finalized || head.number > observed.finalized.number) observed.finalized = head;
    });

    /** Transfers submitted and not yet seen in a block. */
    let inFlight = 0;
    /** Submits and watches one extrinsic; resolves with the block it is in. */
    const submit = (hex: string) =>
      new Promise<string>((resolve, reject) => {
        socket.onClose(() => reject(new Error('connection closed')));
        socket
          .subscribe('author_submitAndWatchExtrinsic', [hex], (status) => {
            if (typeof status === 'object' && status !== null && 'inBlock' in status) {
              resolve((status as { inBlock: string }).inBlock);
            } else if (status === 'invalid' || status === 'dropped') reject(new Error(`transaction ${status}`));
          })
          .catch(reject);
      });

    const send = async (sender: KeyringPair, index: number) => {
      const receiver = senders[(index + 1) % senders.length];
      let nonce = await socket.request<number>('system_accountNextIndex', [sender.address]);
      for (let amount = 1n; ; amount++) {
        const call = api.tx.balances.transferKeepAlive(receiver.address, amount * UNIT).method;
        const signed = api.createType('Extrinsic', call).sign(sender, { ...signing, nonce });
        inFlight++;
        try {
          const block = await submit(signed.toHex());
          observed.included.set(block, (observed.included.get(block) ?? 0) + 1);
        } catch (error) {
          if (stopping) return;
          throw error;
        } finally {
          inFlight--;
        }
        nonce++;
      }
    };
    const streams = senders.map((sender, index) => send(sender, index));
    // A failing stream fails the test now rather than after the stop.
    const failure = Promise.race(streams.map((stream) => stream.then(() => new Promise<never>(() => {}))));

    await Promise.race([reached, failure]);
    stopping = true;
    const inFlightAtStop = inFlight;
    const exit = await node?.stop(signal);
    await Promise.all(streams);
    await Promise.all(pending);
    socket.close();
    return { observed, exit, inFlightAtStop };
  };

  /** After a restart: everything the client saw before is on the node, and the chain goes on from its head. */
  const checkRestarted = async (client: Client, observed: Observed) => {
    const { api } = client;
    expect((await api.rpc.chain.getBlockHash(0)).toHex()).toBe(genesisHash);

    const head = await api.rpc.chain.getHeader();
    const lastSeen = Math.max(...observed.heads.keys());
    expect(head.number.toNumber()).toBeGreaterThanOrEqual(lastSeen);

    // Every head the client saw is still the canonical block at its number.
    const seen = [...observed.heads];
    expect(seen.length).toBeGreaterThanOrEqual(HEADS_BEFORE_STOP);
    const hashes = await Promise.all(seen.map(([number]) => api.rpc.chain.getBlockHash(number)));
    expect(hashes.map((hash) => hash.toHex())).toEqual(seen.map(([, hash]) => hash));

    // Every block a transfer was seen in is stored and canonical, with its extrinsics.
    expect(observed.included.size).toBeGreaterThan(0);
    for (const [hash, transfers] of observed.included) {
      const { block } = await api.rpc.chain.getBlock(hash);
      expect((await api.rpc.chain.getBlockHash(block.header.number.toNumber())).toHex()).toBe(hash);
      expect(block.extrinsics.length).toBeGreaterThanOrEqual(transfers + 1);
    }

    // State at the old block hashes: the balances are the ones read before the stop.
    expect(observed.accounts.size).toBeGreaterThan(0);
    for (const [hash, values] of observed.accounts) expect(await queryAccounts(client, hash)).toEqual(values);
    const balances = [...observed.accounts.values()];
    expect(balances[balances.length - 1]).not.toEqual(balances[0]);

    // Finality is not behind what was reported, and is on the canonical chain.
    const finalized = await api.rpc.chain.getFinalizedHead();
    const finalizedHeader = await api.rpc.chain.getHeader(finalized);
    expect(finalizedHeader.number.toNumber()).toBeGreaterThanOrEqual(observed.finalized?.number ?? 0);
    expect((await api.rpc.chain.getBlockHash(finalizedHeader.number.toNumber())).toHex()).toBe(finalized.toHex());
    if (observed.finalized) {
      expect((await api.rpc.chain.getBlockHash(observed.finalized.number)).toHex()).toBe(observed.finalized.hash);
    }

    // The chain goes on on top of the stored head, with nonces and balances from the stored state.
    const sender = senders[0];
    const before = (await api.query.system.account(sender.address)).data.free.toBigInt();
    const inBlock = await new Promise<string>((resolve, reject) => {
      api.tx.balances
        .transferKeepAlive(senders[1].address, 7n * UNIT)
        .signAndSend(sender, (result) => {
          if (result.status.isInBlock) {
            const failed = result.events.some(({ event }) => api.events.system.ExtrinsicFailed.is(event));
            if (failed) reject(new Error('the transfer after the restart failed'));
            else resolve(result.status.asInBlock.toHex());
          } else if (result.isError) reject(new Error(`the transfer after the restart: ${result.status.type}`));
        })
        .catch(reject);
    });
    const next = await api.rpc.chain.getHeader(inBlock);
    expect(next.number.toNumber()).toBe(head.number.toNumber() + 1);
    expect(next.parentHash.toHex()).toBe(head.hash.toHex());
    const after = (await api.query.system.account(sender.address)).data.free.toBigInt();
    expect(before - after).toBeGreaterThan(7n * UNIT);
  };

  it('keeps every block, hash and balance through a SIGKILL mid-stream', async () => {
    const client = await open();
    genesisHash = (await client.api.rpc.chain.getBlockHash(0)).toHex();

    const { observed, exit, inFlightAtStop } = await streamThenStop(client, 'SIGKILL');
    expect(exit?.signal).toBe('SIGKILL');
    expect(inFlightAtStop).toBeGreaterThan(0);

    await checkRestarted(await open(), observed);
  });

  it('keeps them through a clean SIGTERM mid-stream, and a stopped node restarts at the same head', async () => {
    const { observed, exit, inFlightAtStop } = await streamThenStop(await open(), 'SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(inFlightAtStop).toBeGreaterThan(0);

    const client = await open();
    await checkRestarted(client, observed);

    // Nothing in flight now: a clean stop and start gives back exactly the same head, state and finality.
    const { api } = client;
    const head = (await api.rpc.chain.getHeader()).hash.toHex();
    const finalized = (await api.rpc.chain.getFinalizedHead()).toHex();
    const accounts = await queryAccounts(client, head);
    await api.disconnect();
    expect(await node?.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    const restarted = await open();
    expect((await restarted.api.rpc.chain.getBlockHash(0)).toHex()).toBe(genesisHash);
    expect((await restarted.api.rpc.chain.getHeader()).hash.toHex()).toBe(head);
    expect((await restarted.api.rpc.chain.getFinalizedHead()).toHex()).toBe(finalized);
    expect(await queryAccounts(restarted, head)).toEqual(accounts);
  });
});
