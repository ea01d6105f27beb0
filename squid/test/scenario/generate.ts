/**
 * Bulk activity for sync tests and benchmarks: blocks full of pallet calls, many per block through
 * `utility.batch`, built in the devnet's manual mode (`dev_setBlockBuildMode`, `dev_newBlock`). A seller
 * opens a store and lists items, buyers order (1 to 3 items), the seller ships, buyers confirm (cashback:
 * ZARI Issued) or cancel, a third account locks and releases or refunds direct escrows, and root mints
 * cashback. Seeded: the same seed on the same chain builds the same blocks; another seed (or variant)
 * another branch. Ids are learnt from each block's events, so it can run again on any chain.
 */
import { seededRandom } from '@bazari/devnet/testing';
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { EventRecord } from '@polkadot/types/interfaces';
import { BZR, CID, devAccounts, errorName, fields } from './chain.ts';

export { seededRandom };

export interface ActivityOptions {
  /** Blocks carrying pallet calls. */
  readonly eventBlocks: number;
  /** Calls in each signer's batch (default 10). */
  readonly callsPerBatch?: number;
  /** Empty blocks built after each block of calls (default 0). */
  readonly emptyBlocksBetween?: number;
  readonly seed?: number;
  /** Text put in the store name, so that two runs with the same seed still differ. */
  readonly variant?: string;
  readonly log?: (line: string) => void;
}

export interface Activity {
  readonly head: number;
  readonly headHash: string;
  readonly extrinsics: number;
  readonly calls: number;
  /** Events of the Bazari pallets and Assets emitted by the generated blocks. */
  readonly palletEvents: number;
}

/** Well below the pallet's AutoReleaseBlocks (100): a shipped order older than this is left to auto-release. */
const SAFE_TO_CONFIRM_BLOCKS = 80;

const BAZARI = new Set(['commerce', 'escrow', 'rewards', 'dispute', 'assets']);

async function setMode(api: ApiPromise, mode: 'Manual' | 'Instant'): Promise<void> {
  await api.rpc('dev_setBlockBuildMode' as never, mode as never);
}

async function buildBlock(api: ApiPromise, count = 1): Promise<string> {
  return (await api.rpc('dev_newBlock' as never, { count } as never)) as unknown as string;
}

/** Builds `options.eventBlocks` blocks of pallet calls (plus empty ones); leaves the devnet in instant mode. */
export async function generateActivity(api: ApiPromise, options: ActivityOptions): Promise<Activity> {
  const random = seededRandom(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const perBatch = options.callsPerBatch ?? 10;
  const { alice, bob, charlie, dave, eve } = devAccounts();
  const buyers = [bob, charlie];
  const tx = api.tx;
  const nonces = new Map<string, number>();
  for (const pair of [alice, bob, charlie, dave, eve]) {
    nonces.set(pair.address, (await api.rpc.system.accountNextIndex(pair.address)).toNumber());
  }
  let extrinsics = 0;
  let calls = 0;
  let palletEvents = 0;

  const send = async (signer: KeyringPair, batch: SubmittableExtrinsic<'promise'>[]) => {
    if (batch.length === 0) return;
    const nonce = nonces.get(signer.address) ?? 0;
    nonces.set(signer.address, nonce + 1);
    const extrinsic = batch.length === 1 ? batch[0] : tx.utility.batch(batch);
    await extrinsic.signAsync(signer, { nonce });
    await api.rpc.author.submitExtrinsic(extrinsic);
    extrinsics++;
    calls += batch.length;
  };

  let storeId: number | undefined;
  const listings: bigint[] = [];
  const paid: { orderId: bigint; buyer: string }[] = [];
  const shipped: { orderId: bigint; buyer: string; shippedAt: number }[] = [];
  /** Blocks built so far by the generator: orders shipped this long ago may have auto-released. */
  let built = 0;
  const locked: bigint[] = [];

  /** Learns ids from the block's events; any failed call is a bug of the generator. */
  const learn = async (blockHash: string) => {
    const records = (await api.query.system.events.at(blockHash)) as unknown as EventRecord[];
    for (const { event } of records) {
      if (BAZARI.has(event.section)) palletEvents++;
      const name = `${event.section}.${event.method}`;
      if (api.events.system.ExtrinsicFailed.is(event)) {
        throw new Error(`generated call failed: ${errorName(api, event.data.dispatchError)}`);
      }
      if (name === 'utility.BatchInterrupted')
        throw new Error(`generated batch interrupted: ${JSON.stringify(fields(event))}`);
      const data = name.startsWith('commerce.') || name.startsWith('escrow.') ? fields(event) : {};
      if (name === 'commerce.StoreCreated' && data.owner === alice.address) storeId = Number(data.storeId);
      if (name === 'commerce.ListingCreated' && Number(data.storeId) === storeId)
        listings.push(BigInt(data.listingId as number));
      if (name === 'commerce.OrderCreated' && Number(data.storeId) === storeId) {
        paid.push({ orderId: BigInt(data.orderId as number), buyer: String(data.buyer) });
      }
      if (name === 'escrow.Locked' && data.depositor === dave.address && data.autoReleaseAt === null) {
        locked.push(BigInt(data.escrowId as number));
      }
    }
  };

  await setMode(api, 'Manual');
  try {
    await send(alice, [
      tx.commerce.createStore(
        `Bulk ${options.variant ?? ''} ${options.seed ?? 1}`.trim(),
        CID.v1,
        new Uint8Array(32).fill(9),
      ),
    ]);
    await learn(await buildBlock(api));
    if (storeId === undefined) throw new Error('the generator store was not created');
    for (let block = 0; block < options.eventBlocks; block++) {
      // Only orders shipped in earlier blocks can be confirmed: within a block the buyers' extrinsics may
      // come before the seller's.
      const shippedBefore = shipped.splice(0).filter((order) => built - order.shippedAt < SAFE_TO_CONFIRM_BLOCKS);
      // Seller: list (until 8 listings), update prices, ship the orders paid in earlier blocks.
      const seller: SubmittableExtrinsic<'promise'>[] = [];
      const toShip = paid.splice(0, Math.ceil(paid.length * 0.7));
      for (const order of toShip.splice(0, perBatch)) {
        seller.push(tx.commerce.markShipped(order.orderId, random() < 0.5 ? CID.v0 : null));
        shipped.push({ ...order, shippedAt: built });
      }
      paid.push(...toShip);
      while (seller.length < perBatch) {
        if (listings.length + seller.filter((call) => call.method.method === 'createListing').length < 8) {
          seller.push(
            tx.commerce.createListing(
              storeId,
              BigInt(1 + Math.floor(random() * 5)) * BZR,
              1_000_000,
              pick([CID.v0, CID.v1, CID.v1Raw]),
            ),
          );
        } else {
          seller.push(
            tx.commerce.updateListing(
              pick(listings),
              BigInt(1 + Math.floor(random() * 5)) * BZR + BigInt(block),
              1_000_000,
              pick([CID.v0, CID.v1]),
            ),
          );
        }
      }
      await send(alice, seller);
      // Buyers: confirm what was shipped to them, cancel some paid orders, order more.
      const cancellable = paid.splice(0);
      for (const buyer of buyers) {
        const batch: SubmittableExtrinsic<'promise'>[] = [];
        for (const order of shippedBefore.filter((o) => o.buyer === buyer.address)) {
          if (batch.length < perBatch / 2) batch.push(tx.commerce.confirmDelivery(order.orderId));
          else shipped.push(order);
        }
        for (const order of cancellable.filter((o) => o.buyer === buyer.address)) {
          if (random() < 0.2 && batch.length < perBatch) batch.push(tx.commerce.cancelOrder(order.orderId));
          else paid.push(order);
        }
        if (listings.length > 0) {
          while (batch.length < perBatch) {
            const first = pick(listings);
            const second = pick(listings);
            const items = [{ listingId: first, quantity: 1 + Math.floor(random() * 3) }];
            if (second !== first && random() < 0.5) items.push({ listingId: second, quantity: 1 });
            batch.push(tx.commerce.createOrder(storeId, items, random() < 0.5 ? CID.v1Raw : null));
          }
        }
        await send(buyer, batch);
      }
      // Direct escrows: release (depositor) or refund (beneficiary) those locked before, lock new ones.
      const releases: SubmittableExtrinsic<'promise'>[] = [];
      const refunds: SubmittableExtrinsic<'promise'>[] = [];
      for (const id of locked.splice(0)) {
        if (random() < 0.5) releases.push(tx.escrow.release(id));
        else refunds.push(tx.escrow.refund(id));
      }
      for (let index = 0; index < Math.max(1, perBatch / 4); index++) {
        const amount = BigInt(1 + Math.floor(random() * 100)) * (BZR / 100n);
        releases.push(tx.escrow.lock(eve.address, amount, null, random() < 0.3 ? 3 : null));
      }
      await send(dave, releases);
      await send(eve, refunds);
      if (block % 5 === 4) {
        await send(alice, [
          tx.sudo.sudo(
            tx.rewards.mintCashback(pick(buyers).address, BigInt(1 + Math.floor(random() * 9)) * BZR, `bulk ${block}`),
          ),
        ]);
      }
      await learn(await buildBlock(api));
      if ((options.emptyBlocksBetween ?? 0) > 0) await buildBlock(api, options.emptyBlocksBetween);
      built += 1 + (options.emptyBlocksBetween ?? 0);
      if (block % 50 === 49) options.log?.(`generated ${block + 1} blocks of calls`);
    }
  } finally {
    await setMode(api, 'Instant');
  }
  const header = await api.rpc.chain.getHeader();
  return { head: header.number.toNumber(), headHash: header.hash.toHex(), extrinsics, calls, palletEvents };
}
