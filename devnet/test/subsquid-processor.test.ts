/**
 * The Subsquid substrate processor, unmodified, with the squid's bindings (squid-substrate-typegen
 * from chain-types' metadata), indexes the devnet from genesis over both HTTP and WebSocket and
 * decodes every event it receives; after a `dev_setHead` fork it follows the new branch.
 *
 * The processor owns its process (it ends it with `process.exit`), so each one runs in a child
 * (`fixtures/subsquid-indexer.ts`) with an in-memory hot-block database that reports its whole
 * store over IPC after every transaction. The test drives the devnet with signed extrinsics from
 * @polkadot/api and compares what each processor stored with what the devnet holds.
 */
import '@bazari/chain-types/augment';
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Devnet, startDevnet } from '../src/node.ts';
import type { IndexedBlock, IndexerMessage, StoreSnapshot } from './fixtures/subsquid-indexer.ts';

const INDEXER = fileURLToPath(new URL('./fixtures/subsquid-indexer.ts', import.meta.url));
const WAIT_MS = 40_000;
const UNIT = 10n ** 12n;

/** One processor in a child process, with the last store it reported. */
class Indexer {
  store: StoreSnapshot | undefined;
  readonly #output: string[] = [];
  readonly #listeners = new Set<() => void>();
  #exit: string | undefined;

  private constructor(
    readonly label: string,
    readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      this.#output.push(...String(chunk).split('\n').filter(Boolean));
      this.#output.splice(0, Math.max(0, this.#output.length - 40));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('message', (message: IndexerMessage) => {
      if (message.type === 'commit') this.store = message.store;
      for (const listener of this.#listeners) listener();
    });
    child.on('exit', (code, signal) => {
      this.#exit = `exited with ${signal ?? `code ${code}`}`;
      for (const listener of this.#listeners) listener();
    });
  }

  static start(label: string, url: string): Indexer {
    const child = fork(INDEXER, [url], {
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    return new Indexer(label, child);
  }

  /** Resolves with the store once `predicate` holds for it; rejects if the processor dies or after WAIT_MS. */
  until(what: string, predicate: (store: StoreSnapshot) => boolean): Promise<StoreSnapshot> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.store && predicate(this.store)) return finish(() => resolve(this.store as StoreSnapshot));
        if (this.#exit) return finish(() => reject(this.failure(`${what}: the processor ${this.#exit}`)));
      };
      const timer = setTimeout(
        () => finish(() => reject(this.failure(`${what}: not reached in ${WAIT_MS} ms`))),
        WAIT_MS,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.#listeners.delete(check);
        settle();
      };
      this.#listeners.add(check);
      check();
    });
  }

  async stop(): Promise<void> {
    if (this.#exit) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }

  private failure(message: string): Error {
    const store = this.store;
    const summary = store
      ? `store: finalized #${store.finalized.height}, top [${store.top.map((block) => block.height).join(', ')}], ${store.blocks.length} blocks`
      : 'no store reported';
    return new Error(
      `${this.label} indexer: ${message}\n${summary}\n--- processor output ---\n${this.#output.join('\n')}`,
    );
  }
}

/** The store holds exactly the canonical chain 0..head of the devnet, block for block. */
function holdsChain(store: StoreSnapshot, hashes: readonly string[]): boolean {
  if (store.blocks.length !== hashes.length) return false;
  return store.blocks.every((block, height) => block.height === height && block.hash === hashes[height]);
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

describe('the Subsquid substrate processor against the devnet', () => {
  let devnet: Devnet;
  let provider: WsProvider;
  let api: ApiPromise;
  let alice: KeyringPair;
  let bob: KeyringPair;
  let charlie: KeyringPair;
  let dave: KeyringPair;
  let eve: KeyringPair;
  let ferdie: KeyringPair;
  let fresh: KeyringPair;
  let forced: KeyringPair;
  const nonces = new Map<string, number>();
  const indexers: Indexer[] = [];

  /** The devnet's canonical hashes 0..head. */
  const canonicalHashes = (): string[] => {
    const hashes: string[] = [];
    for (let number = 0; number <= devnet.chain.head.number; number++) {
      hashes.push(u8aToHex(devnet.chain.getCanonicalHash(number)));
    }
    return hashes;
  };

  const sign = async (tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair) => {
    let nonce = nonces.get(signer.address);
    if (nonce === undefined) nonce = (await api.rpc.system.accountNextIndex(signer.address)).toNumber();
    nonces.set(signer.address, nonce + 1);
    return tx.signAsync(signer, { nonce });
  };

  /** Submits the signed extrinsics to the pool, builds one block with them, and returns its hash. */
  const block = async (...txs: [SubmittableExtrinsic<'promise'>, KeyringPair][]): Promise<string> => {
    for (const [tx, signer] of txs) await api.rpc.author.submitExtrinsic(await sign(tx, signer));
    const hash = (await api.rpc.chain.getBlockHash()).toHex();
    const built = await provider.send<string>('dev_newBlock', [{}]);
    expect(built).not.toBe(hash);
    const { block: stored } = await api.rpc.chain.getBlock(built);
    expect(stored.extrinsics.length).toBe(txs.length + 1);
    return built;
  };

  /** Checks a store against the devnet: every block, its events (decoded by the generated bindings) and timestamp. */
  const checkStore = async (store: StoreSnapshot) => {
    expect(store.undecodable).toEqual([]);
    for (const indexed of store.blocks) {
      const at = await api.at(indexed.hash);
      const records = await at.query.system.events();
      expect(indexed.events.map((event) => lowerFirst(event.name))).toEqual(
        records.map(({ event }) => `${event.section}.${event.method}`),
      );
      const { block: stored } = await api.rpc.chain.getBlock(indexed.hash);
      expect(indexed.extrinsics.map((extrinsic) => extrinsic.hash)).toEqual(
        stored.extrinsics.map((extrinsic) => extrinsic.hash.toHex()),
      );
      expect(indexed.parentHash).toBe(stored.header.parentHash.toHex());
      if (indexed.height === 0) {
        expect(indexed.timestamp).toBe(0);
        continue;
      }
      const now = await at.query.timestamp.now();
      expect(indexed.timestamp).toBe(now.toNumber());
      const set = indexed.calls.find((call) => call.name === 'Timestamp.set');
      expect(set?.decoded).toEqual({ now: now.toBigInt() });
    }
  };

  beforeAll(async () => {
    devnet = await startDevnet({ port: 0, finalityLag: 3, buildMode: 'manual' });
    provider = new WsProvider(devnet.wsUrl);
    api = await ApiPromise.create({ provider, noInitWarn: true });
    const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
    [alice, bob, charlie, dave, eve, ferdie, fresh, forced] = [
      '//Alice',
      '//Bob',
      '//Charlie',
      '//Dave',
      '//Eve',
      '//Ferdie',
      '//Subsquid//Fresh',
      '//Subsquid//Forced',
    ].map((uri) => keyring.addFromUri(uri));
  });

  afterAll(async () => {
    await Promise.all(indexers.map((indexer) => indexer.stop()));
    await api?.disconnect();
    await devnet?.close();
  });

  it('indexes every block from genesis over HTTP and WebSocket, decodes every event, and follows a fork', async () => {
    const { tx } = api;
    // Traffic before the processors start: they catch up on finalized blocks, then go hot.
    await block(
      [tx.balances.transferKeepAlive(bob.address, UNIT), alice],
      [tx.balances.transferAllowDeath(fresh.address, 10n * UNIT), bob],
      [tx.system.remarkWithEvent('hello, squid'), charlie],
    );
    await block(
      [
        tx.utility.batch([tx.balances.transferKeepAlive(dave.address, UNIT), tx.system.remarkWithEvent('in a batch')]),
        alice,
      ],
      // Interrupted: the second transfer is more than Bob has.
      [tx.utility.batch([tx.system.remark('first'), tx.balances.transferKeepAlive(eve.address, 10n ** 30n)]), bob],
      [
        tx.utility.forceBatch([tx.system.remark('ok'), tx.balances.transferKeepAlive(eve.address, 10n ** 30n)]),
        charlie,
      ],
    );
    await block(
      [tx.sudo.sudo(tx.balances.forceSetBalance(forced.address, 5n * UNIT)), alice],
      // Failing extrinsics: Bob is not the sudo key; Dave cannot pay this much.
      [tx.sudo.sudo(tx.system.remark('not sudo')), bob],
      [tx.balances.transferKeepAlive(eve.address, 10n ** 30n), dave],
    );
    await block(
      [tx.balances.transferAll(eve.address, false), fresh],
      [tx.balances.burn(UNIT, true), eve],
      [tx.utility.batchAll([tx.balances.transferKeepAlive(ferdie.address, 2n * UNIT)]), charlie],
    );
    await provider.send('dev_newBlock', [{}]);

    const http = Indexer.start('HTTP', devnet.httpUrl);
    const ws = Indexer.start('WebSocket', devnet.wsUrl);
    indexers.push(http, ws);
    let hashes = canonicalHashes();
    await Promise.all([http, ws].map((indexer) => indexer.until('catch up', (store) => holdsChain(store, hashes))));

    // Traffic while they run: hot blocks, one at a time.
    await block([tx.balances.transferKeepAlive(charlie.address, 3n * UNIT), ferdie]);
    await block([tx.system.remarkWithEvent('hot'), dave], [tx.balances.transferKeepAlive(alice.address, UNIT), eve]);
    await provider.send('dev_newBlock', [{}]);
    hashes = canonicalHashes();
    const caughtUp = await Promise.all(
      [http, ws].map((indexer) => indexer.until('index the hot blocks', (store) => holdsChain(store, hashes))),
    );

    const seen = new Set(caughtUp.flatMap((store) => store.blocks.flatMap((b) => b.events.map((event) => event.name))));
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'Balances.BalanceSet',
        'Balances.Burned',
        'Balances.Deposit',
        'Balances.Endowed',
        'Balances.Transfer',
        'Balances.Withdraw',
        'Sudo.Sudid',
        'System.ExtrinsicFailed',
        'System.ExtrinsicSuccess',
        'System.KilledAccount',
        'System.NewAccount',
        'System.Remarked',
        'TransactionPayment.TransactionFeePaid',
        'Utility.BatchCompleted',
        'Utility.BatchCompletedWithErrors',
        'Utility.BatchInterrupted',
        'Utility.ItemCompleted',
        'Utility.ItemFailed',
      ]),
    );
    for (const store of caughtUp) {
      await checkStore(store);
      // The first transfer, decoded by the generated binding.
      const transfer = store.blocks[1].events.find((event) => event.name === 'Balances.Transfer');
      expect(transfer?.decoded).toEqual({ from: u8aToHex(alice.publicKey), to: u8aToHex(bob.publicKey), amount: UNIT });
      // Block 3: the failing extrinsics (Bob's sudo, Dave's transfer) are marked failed and paid a fee;
      // the sudo key's successful call pays none (`Pays::No`), as in pallet_sudo.
      const signed = store.blocks[3].extrinsics.filter((extrinsic) => extrinsic.signed);
      expect(signed.map((extrinsic) => extrinsic.success)).toEqual([true, false, false]);
      expect(signed.map((extrinsic) => (extrinsic.fee ?? -1n) > 0n)).toEqual([false, true, true]);
    }

    // A fork: back to head-2, then three blocks with other extrinsics make a longer branch.
    const oldHead = devnet.chain.head.number;
    const orphaned = hashes.slice(oldHead - 1);
    expect(await provider.send('dev_setHead', [oldHead - 2])).toBe(hashes[oldHead - 2]);
    nonces.clear();
    const branchAmounts = [111n, 222n, 333n];
    for (const amount of branchAmounts) {
      await block([tx.balances.transferKeepAlive(dave.address, amount * UNIT), ferdie]);
    }
    expect(devnet.chain.head.number).toBe(oldHead + 1);
    hashes = canonicalHashes();
    expect(hashes.slice(oldHead - 1, oldHead + 1)).not.toEqual(orphaned);
    const branch = hashes.slice(oldHead - 1);
    const afterFork = await Promise.all(
      [http, ws].map((indexer) =>
        indexer.until('follow the fork', (store) => {
          const top = store.top.map((block) => block.hash);
          return holdsChain(store, hashes) && top.slice(-branch.length).join() === branch.join();
        }),
      ),
    );
    for (const store of afterFork) {
      await checkStore(store);
      // The old branch's blocks were rolled back, and the new branch's are stored in their place.
      expect(store.rolledBack).toEqual(
        expect.arrayContaining(orphaned.map((hash, index) => ({ height: oldHead - 1 + index, hash }))),
      );
      // Finality as the node reported it (a finalized-head notification alone starts no new transaction).
      expect(store.finalized.hash).toBe(hashes[store.finalized.height]);
      expect(store.finalized.height).toBeGreaterThanOrEqual(oldHead - 3);
      expect(store.finalized.height).toBeLessThanOrEqual(devnet.chain.finalized.number);
      const indexedBranch: IndexedBlock[] = store.blocks.slice(oldHead - 1);
      expect(
        indexedBranch.map((indexed) => {
          const transfer = indexed.events.find((event) => event.name === 'Balances.Transfer');
          return (transfer?.decoded as { amount: bigint } | undefined)?.amount;
        }),
      ).toEqual(branchAmounts.map((amount) => amount * UNIT));
    }
  });
});
