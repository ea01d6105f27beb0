/**
 * Index lag: a devnet producing a block every `blockTime` ms (finality `finalityLag` blocks behind), each
 * with a few pallet calls (one pre-signed `utility.batchAll` of `create_order`s, submitted when the previous
 * block is announced), the processor following the head, and the GraphQL server polled every `pollMs` ms.
 * For each block with events: from the devnet's `chain_subscribeNewHeads` notification of that block (seen by
 * the bench over WebSocket) to the first answer of the GraphQL server that includes its events.
 */
import '@bazari/chain-types/augment';
import type { IKeyringPair } from '@polkadot/types/types';
import { WsRpcClient } from '../devnet/rpc.ts';
import { devAccount, OfflineSigner } from '../devnet/signing.ts';
import { graphql } from './load.ts';
import { listingCid } from './manifest.ts';

const BZR = 1_000_000_000_000n;
const ENCRYPTION_KEY = new Uint8Array(32).fill(7);
const STORE_CID = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi';

export interface LagOptions {
  readonly blocks: number;
  readonly pollMs: number;
  readonly ordersPerBlock: number;
  readonly buyers: number;
}

export interface LagResult {
  /** Lags in ms, one per measured block. */
  readonly lags: number[];
  readonly blocksWithoutEvents: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Submits `txs` and waits until each signer's on-chain nonce has passed them (blocks come at their own pace). */
async function submitAndWait(client: WsRpcClient, signer: OfflineSigner, txs: readonly [IKeyringPair, string][]) {
  const onChainNonce = async (address: string) => (await signer.api.query.system.account(address)).nonce.toNumber();
  const targets = new Map<string, number>();
  for (const [account] of txs) {
    targets.set(account.address, (targets.get(account.address) ?? (await onChainNonce(account.address))) + 1);
  }
  for (const [, tx] of txs) await client.call('author_submitExtrinsic', [tx]);
  for (const [address, target] of targets) {
    while ((await onChainNonce(address)) < target) await sleep(100);
  }
}

/** Waits until `height()` reaches `target`. */
async function waitHeight(height: () => Promise<number>, target: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await height()) < target) {
    if (Date.now() > deadline) throw new Error(`the processor did not reach block ${target} within ${timeoutMs} ms`);
    await sleep(100);
  }
}

export async function measureLag(wsUrl: string, graphqlUrl: string, options: LagOptions): Promise<LagResult> {
  const client = await WsRpcClient.connect(wsUrl);
  const signer = await OfflineSigner.connect(wsUrl);
  const { api } = signer;
  try {
    const alice = devAccount('//Alice');
    const seller = devAccount('//bench-squid//lag//seller');
    const buyers = Array.from({ length: options.buyers }, (_, index) =>
      devAccount(`//bench-squid//lag//buyer//${index}`),
    );
    const aliceNonce = await client.call<number>('system_accountNextIndex', [alice.address]);
    await submitAndWait(client, signer, [
      [
        alice,
        signer.sign(
          api.tx.utility.batchAll(
            [seller, ...buyers].map((account) => api.tx.balances.transferKeepAlive(account.address, 1_000_000n * BZR)),
          ),
          alice,
          aliceNonce,
        ),
      ],
    ]);
    await submitAndWait(client, signer, [
      [seller, signer.sign(api.tx.commerce.createStore('Lag store', STORE_CID, ENCRYPTION_KEY), seller, 0)],
    ]);
    const storeId = (await api.query.commerce.nextStoreId()).toNumber() - 1;
    await submitAndWait(client, signer, [
      [
        seller,
        signer.sign(api.tx.commerce.createListing(storeId, BZR, 2_000_000_000, listingCid(storeId, 0)), seller, 1),
      ],
    ]);
    const listingId = (await api.query.commerce.nextListingId()).toBigInt() - 1n;

    // Pre-sign one extrinsic per block, the buyers in turn.
    const order = api.tx.commerce.createOrder(storeId, [{ listingId, quantity: 1 }], null);
    const batch = api.tx.utility.batchAll(Array.from({ length: options.ordersPerBlock }, () => order));
    const extra = 10;
    const txs = Array.from({ length: options.blocks + extra }, (_, index) =>
      signer.sign(batch, buyers[index % buyers.length], Math.floor(index / buyers.length)),
    );

    const headHash = await client.call<string>('chain_getBlockHash', []);
    const start = Number.parseInt((await client.call<{ number: string }>('chain_getHeader', [headHash])).number, 16);
    // Let the processor catch up with the set-up blocks first.
    const indexedHeight = async () => {
      const data = await graphql<{ chainEvents: { blockNumber: number }[] }>(
        graphqlUrl,
        'query { chainEvents(orderBy: blockNumber_DESC, limit: 1) { blockNumber } }',
      );
      return data.chainEvents[0]?.blockNumber ?? -1;
    };
    await waitHeight(indexedHeight, start - 2, 120_000);

    const importedAt = new Map<number, number>();
    const visibleAt = new Map<number, number>();
    let submitted = 0;
    let firstError: unknown;
    let done = false;
    const submit = () => {
      if (submitted >= txs.length) return;
      client.call('author_submitExtrinsic', [txs[submitted++]]).catch((error) => {
        firstError ??= error;
      });
    };
    let lastHead = start;
    await client.subscribe('chain_subscribeNewHeads', [], (header) => {
      const at = performance.now();
      const number = Number.parseInt((header as { number: string }).number, 16);
      if (number <= lastHead) return;
      lastHead = number;
      if (!importedAt.has(number)) importedAt.set(number, at);
      if (!done) submit();
    });
    submit();

    // Poll the GraphQL server: the highest block with events; every block up to it is visible.
    let visibleUpTo = start;
    const query =
      'query($from: Int!) { chainEvents(where: { blockNumber_gt: $from }, orderBy: blockNumber_DESC, limit: 1) { blockNumber } }';
    const lastBlock = () => start + options.blocks + 5;
    const deadline = Date.now() + (options.blocks + 60) * 5_000;
    while (visibleUpTo < lastBlock()) {
      if (firstError) throw firstError;
      if (Date.now() > deadline) throw new Error(`index lag: block ${lastBlock()} not visible through GraphQL in time`);
      const data = await graphql<{ chainEvents: { blockNumber: number }[] }>(graphqlUrl, query, { from: visibleUpTo });
      const at = performance.now();
      const top = data.chainEvents[0]?.blockNumber;
      if (top !== undefined && top > visibleUpTo) {
        for (let number = visibleUpTo + 1; number <= top; number++) visibleAt.set(number, at);
        visibleUpTo = top;
      }
      if (submitted - extra >= options.blocks) done = true;
      await sleep(options.pollMs);
    }
    done = true;

    // The blocks that hold events (one of our extrinsics each, normally all of them).
    const withEvents = new Set<number>();
    for (let from = start; from <= lastBlock(); from += 100) {
      const data = await graphql<{ chainEvents: { blockNumber: number }[] }>(
        graphqlUrl,
        'query($from: Int!, $to: Int!) { chainEvents(where: { blockNumber_gt: $from, blockNumber_lte: $to, name_eq: "OrderPaid" }, orderBy: blockNumber_ASC, limit: 1000) { blockNumber } }',
        { from, to: Math.min(from + 100, lastBlock()) },
      );
      for (const event of data.chainEvents) withEvents.add(event.blockNumber);
    }
    const lags: number[] = [];
    let blocksWithoutEvents = 0;
    for (let number = start + 2; number <= lastBlock() && lags.length < options.blocks; number++) {
      const imported = importedAt.get(number);
      const visible = visibleAt.get(number);
      if (!withEvents.has(number) || imported === undefined || visible === undefined) {
        blocksWithoutEvents++;
        continue;
      }
      lags.push(visible - imported);
    }
    return { lags, blocksWithoutEvents };
  } finally {
    await Promise.allSettled([client.close(), signer.disconnect()]);
  }
}
