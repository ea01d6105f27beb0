import type { IKeyringPair } from '@polkadot/types/types';
import { FinalityTracker } from './finality.ts';
import { RpcCallError, WsRpcClient } from './rpc.ts';
import type { OfflineSigner } from './signing.ts';

const BZR = 1_000_000_000_000n;
/** Transfers per `utility.batchAll` when funding the bench accounts. */
const FUNDING_BATCH = 100;

export interface TransferOptions {
  /** Transfers to sign and submit. */
  readonly count: number;
  /** WebSocket connections to submit over. */
  readonly connections: number;
  /** Submissions awaiting their answer, per connection. */
  readonly inFlight: number;
}

export interface TransferResult {
  readonly transfers: number;
  readonly accounts: number;
  /** From the first submission until the finalized-head notification of the block holding the last transfer. */
  readonly seconds: number;
  /** From the first submission until the last submission was answered (accepted into the pool). */
  readonly submitSeconds: number;
  readonly signSeconds: number;
  readonly blocks: number;
  readonly maxPerBlock: number;
  readonly rejected: number;
  /** The blocks holding the transfers. */
  readonly blockHashes: string[];
}

/** Current finalized block number. */
async function finalizedNumber(client: WsRpcClient): Promise<number> {
  const hash = await client.call<string>('chain_getFinalizedHead');
  const header = await client.call<{ number: string }>('chain_getHeader', [hash]);
  return Number.parseInt(header.number, 16);
}

/**
 * Endows every bench account with `amount` from //Alice: `utility.batchAll` of transfers, submitted together,
 * then waits until the blocks holding them are finalized.
 */
export async function fundAccounts(
  client: WsRpcClient,
  signer: OfflineSigner,
  alice: IKeyringPair,
  accounts: readonly IKeyringPair[],
  amount: bigint,
): Promise<void> {
  const tracker = await FinalityTracker.follow(client, await finalizedNumber(client));
  let nonce = await client.call<number>('system_accountNextIndex', [alice.address]);
  const batches: string[] = [];
  for (let start = 0; start < accounts.length; start += FUNDING_BATCH) {
    const dests = accounts.slice(start, start + FUNDING_BATCH).map((account) => account.address);
    batches.push(signer.batchTransfers(alice, dests, amount, nonce++));
  }
  await Promise.all(batches.map((tx) => client.call('author_submitExtrinsic', [tx])));
  await tracker.waitForSigned(batches.length);
  await tracker.stop();
  const infos = await signer.api.query.system.account.multi(accounts.map((account) => account.address));
  const short = infos.filter(
    (info) => (info as unknown as { data: { free: { toBigInt(): bigint } } }).data.free.toBigInt() < amount,
  ).length;
  if (short > 0) throw new Error(`${short} bench account(s) were not funded`);
}

/**
 * Pre-signs `count` `balances.transferKeepAlive` of 1 BZR, spread evenly over the accounts (each sends to the
 * next one), with known nonces starting at each account's next index. Ordered nonce by nonce, so that each
 * account's transactions arrive in nonce order on whichever connection carries them.
 */
export function signTransfers(
  signer: OfflineSigner,
  accounts: readonly IKeyringPair[],
  firstNonces: readonly number[],
  count: number,
): { txs: string[]; senders: number[] } {
  const txs: string[] = [];
  const senders: number[] = [];
  for (let round = 0; txs.length < count; round++) {
    for (let index = 0; index < accounts.length && txs.length < count; index++) {
      const dest = accounts[(index + 1) % accounts.length].address;
      txs.push(signer.transferKeepAlive(accounts[index], dest, BZR, firstNonces[index] + round));
      senders.push(index);
    }
  }
  return { txs, senders };
}

/**
 * Submits the signed transfers concurrently over several connections (an account's transactions always on
 * the same one, keeping their nonce order), `inFlight` unanswered submissions per connection, and measures
 * until the block holding the last one is finalized.
 */
export async function runTransfers(
  wsUrl: string,
  signer: OfflineSigner,
  accounts: readonly IKeyringPair[],
  options: TransferOptions,
): Promise<TransferResult> {
  const control = await WsRpcClient.connect(wsUrl);
  const submitters = await Promise.all(Array.from({ length: options.connections }, () => WsRpcClient.connect(wsUrl)));
  try {
    const firstNonces = await Promise.all(
      accounts.map((account) => control.call<number>('system_accountNextIndex', [account.address])),
    );
    const signStarted = performance.now();
    const { txs, senders } = signTransfers(signer, accounts, firstNonces, options.count);
    const signSeconds = (performance.now() - signStarted) / 1000;

    const queues: string[][] = submitters.map(() => []);
    txs.forEach((tx, index) => {
      queues[senders[index] % submitters.length].push(tx);
    });
    const tracker = await FinalityTracker.follow(control, await finalizedNumber(control));

    let rejected = 0;
    let firstError: unknown;
    const started = performance.now();
    await Promise.all(
      submitters.map(async (client, connection) => {
        const queue = queues[connection];
        let next = 0;
        const worker = async () => {
          while (next < queue.length) {
            const tx = queue[next++];
            try {
              await client.call('author_submitExtrinsic', [tx]);
            } catch (error) {
              if (!(error instanceof RpcCallError)) throw error;
              rejected++;
              firstError ??= error;
            }
          }
        };
        await Promise.all(Array.from({ length: options.inFlight }, worker));
      }),
    );
    const submitted = performance.now();
    if (rejected > 0) {
      console.error(`${rejected} transfer(s) refused, the first: ${(firstError as Error).message}`);
    }
    await tracker.waitForSigned(options.count - rejected);
    let total = 0;
    const lastBlock = tracker.blocks.find((block) => {
      total += block.signedExtrinsics;
      return total >= options.count - rejected;
    });
    await tracker.stop();
    const withTransfers = tracker.blocks.filter((block) => block.signedExtrinsics > 0);
    return {
      transfers: total,
      accounts: accounts.length,
      seconds: ((lastBlock?.finalizedAt ?? performance.now()) - started) / 1000,
      submitSeconds: (submitted - started) / 1000,
      signSeconds,
      blocks: withTransfers.length,
      maxPerBlock: Math.max(0, ...withTransfers.map((block) => block.signedExtrinsics)),
      rejected,
      blockHashes: withTransfers.map((block) => block.hash),
    };
  } finally {
    await Promise.all([control.close(), ...submitters.map((client) => client.close())]);
  }
}

/** Events of the blocks, decoded with the runtime model: every transfer must have succeeded. */
export async function verifyTransfers(
  client: WsRpcClient,
  blockHashes: readonly string[],
): Promise<{ transfers: number; failed: number }> {
  const { RuntimeModel } = await import('@bazari/chain-types');
  const model = new RuntimeModel();
  const events = model.storage('System', 'Events');
  const key = `0x${Buffer.from(events.key()).toString('hex')}`;
  let transfers = 0;
  let failed = 0;
  for (let start = 0; start < blockHashes.length; start += 100) {
    const values = await client.batch<string | null>(
      blockHashes.slice(start, start + 100).map((hash) => ({ method: 'state_getStorageAt', params: [key, hash] })),
    );
    for (const value of values) {
      const records = events.decodeValue(value === null ? null : Buffer.from(value.slice(2), 'hex')) as {
        event: { __kind: string; value: { __kind: string } };
      }[];
      for (const { event } of records) {
        if (event.__kind === 'Balances' && event.value.__kind === 'Transfer') transfers++;
        if (event.__kind === 'System' && event.value.__kind === 'ExtrinsicFailed') failed++;
      }
    }
  }
  return { transfers, failed };
}
