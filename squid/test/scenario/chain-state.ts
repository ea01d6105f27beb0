/**
 * The chain side of the comparison: every Store, Listing, Order (with its items), Escrow, Mission, Dispute
 * (with its rounds, seated jurors, commitments and evidence) and Juror in storage at a block, read through
 * @polkadot/api (`api.at(hash)` and `.entries()`) and mapped to the GraphQL fields (see ./model.ts); and
 * every event the squid must log, read from System.Events at every block.
 */
import type { ApiPromise } from '@polkadot/api';
import type { Option, u32 } from '@polkadot/types';
import type { AccountId32, EventRecord } from '@polkadot/types/interfaces';
import type { Call } from '@polkadot/types/interfaces/runtime';
import type { PalletDisputeVote, PalletRewardsMission } from '@polkadot/types/lookup';
import type { Codec } from '@polkadot/types/types';
import { u8aToHex, u8aToString } from '@polkadot/util';
import { encodeAddress } from '@polkadot/util-crypto';
import { SS58_PREFIX, ZARI_ASSET_ID } from './chain.ts';
import { type EntityMap, emptyProjection, type Json, type Projection, type RawEvent, roundFloat } from './model.ts';

/** The pallets whose every event is indexed. */
export const BAZARI_PALLETS = ['Commerce', 'Escrow', 'Rewards', 'Dispute'] as const;

const account = (who: AccountId32 | Uint8Array): string =>
  encodeAddress(who instanceof Uint8Array ? who : (who as AccountId32).toU8a(), SS58_PREFIX);
const text = (bytes: Codec): string =>
  u8aToString((bytes as unknown as { toU8a(bare: boolean): Uint8Array }).toU8a(true));
const optionText = (value: Option<Codec>): string | null => (value.isSome ? text(value.unwrap()) : null);
const optionNumber = (value: Option<u32> | Option<Codec>): number | null =>
  value.isSome ? Number((value.unwrap() as unknown as { toString(): string }).toString()) : null;
const decimal = (value: { toString(): string }): string => BigInt(value.toString()).toString();
const int = (value: { toString(): string }): number => Number(value.toString());

/** A vote as its variant name and, for PartialRefund, the percent to the buyer. */
function vote(value: PalletDisputeVote): { vote: string; percent: number | null } {
  return { vote: value.type, percent: value.isPartialRefund ? value.asPartialRefund.toNumber() : null };
}

/** A mission of the chain's `Missions`, as the GraphQL API must return it. */
export function missionFields(id: string, mission: PalletRewardsMission) {
  const kind = mission.kind;
  return {
    id,
    name: text(mission.name),
    descriptionCid: optionText(mission.descriptionCid),
    reward: decimal(mission.reward),
    maxCompletions: decimal(mission.maxCompletions),
    completions: decimal(mission.completions),
    expiresAt: optionNumber(mission.expiresAt),
    kind: kind.type,
    threshold: kind.isCompletedOrders
      ? decimal(kind.asCompletedOrders)
      : kind.isReviewsWritten
        ? decimal(kind.asReviewsWritten)
        : null,
    active: mission.active.isTrue,
  };
}

/**
 * Every dispute in storage (`api.query`, or `(await api.at(hash)).query`) with its rounds, commitments and
 * evidence, as the GraphQL API must return it.
 */
export async function readDisputes(q: ApiPromise['query']): Promise<EntityMap> {
  const disputes: EntityMap = new Map();
  for (const [key, value] of await q.dispute.disputes.entries()) {
    const id = key.args[0].toString();
    const dispute = value.unwrap();
    const ruling = dispute.status.isResolved ? vote(dispute.status.asResolved) : null;
    const rounds: Json[] = [];
    for (const [roundKey, roundValue] of await q.dispute.rounds.entries(key.args[0])) {
      const number = int(roundKey.args[1]);
      const round = roundValue.unwrap();
      rounds.push({
        id: `${id}-${number}`,
        round: number,
        appellant: round.appellant.isSome ? account(round.appellant.unwrap()) : null,
        appealFee: decimal(round.appealFee),
        redrawn: round.redrawn.isTrue,
        jurors: round.jurors.map((juror) => account(juror)).sort(),
      });
    }
    const commitments: Json[] = [];
    for (const [commitmentKey, commitmentValue] of await q.dispute.commitments.entries(key.args[0])) {
      const juror = account(commitmentKey.args[1]);
      const commitment = commitmentValue.unwrap();
      const revealed = commitment.vote.isSome ? vote(commitment.vote.unwrap()) : null;
      commitments.push({
        id: `${id}-${commitment.round.toNumber()}-${juror}`,
        commitment: commitment.commitment.toHex(),
        vote: revealed?.vote ?? null,
        votePercent: revealed?.percent ?? null,
      });
    }
    const evidence: { [party: string]: Json } = {};
    for (const [evidenceKey, cids] of await q.dispute.evidence.entries(key.args[0])) {
      if (cids.length > 0) evidence[account(evidenceKey.args[1])] = cids.map((cid) => text(cid));
    }
    disputes.set(id, {
      id,
      order: dispute.orderId.toString(),
      escrow: dispute.escrowId.toString(),
      plaintiff: account(dispute.plaintiff),
      defendant: account(dispute.defendant),
      fee: decimal(dispute.fee),
      round: dispute.round.toNumber(),
      evidenceEnd: dispute.evidenceEnd.toNumber(),
      commitEnd: dispute.commitEnd.toNumber(),
      revealEnd: dispute.revealEnd.toNumber(),
      appealEnd: dispute.appealEnd.toNumber(),
      status: dispute.status.type,
      ruling: ruling?.vote ?? null,
      rulingPercent: ruling?.percent ?? null,
      createdAtBlock: dispute.createdAt.toNumber(),
      rounds: rounds.sort((a, b) => (a as { round: number }).round - (b as { round: number }).round),
      commitments: commitments.sort((a, b) => ((a as { id: string }).id < (b as { id: string }).id ? -1 : 1)),
      evidence,
    });
  }
  return disputes;
}

/** Storage of the Bazari pallets at `blockHash`, as the GraphQL API must return it. */
export async function readChainProjection(api: ApiPromise, blockHash: string): Promise<Projection> {
  const at = await api.at(blockHash);
  const q = at.query;
  const projection = emptyProjection();

  for (const [key, value] of await q.commerce.stores.entries()) {
    const id = key.args[0].toString();
    const store = value.unwrap();
    const ratingCount = store.ratingCount.toNumber();
    const ratingSum = store.ratingSum.toBigInt();
    projection.stores.set(id, {
      id,
      owner: account(store.owner),
      name: text(store.name),
      metadataCid: text(store.metadataCid),
      encryptionKey: u8aToHex(store.encryptionKey),
      status: store.status.type,
      ratingSum: ratingSum.toString(),
      ratingCount,
      averageRating: ratingCount === 0 ? null : roundFloat(Number(ratingSum) / ratingCount),
      createdAtBlock: store.createdAt.toNumber(),
    });
  }

  for (const [key, value] of await q.commerce.listings.entries()) {
    const id = key.args[0].toString();
    const listing = value.unwrap();
    projection.listings.set(id, {
      id,
      store: listing.storeId.toString(),
      seller: account(listing.seller),
      price: decimal(listing.price),
      stock: decimal(listing.stock),
      metadataCid: text(listing.metadataCid),
      status: listing.status.type,
      createdAtBlock: listing.createdAt.toNumber(),
    });
  }

  for (const [key, value] of await q.commerce.orders.entries()) {
    const id = key.args[0].toString();
    const order = value.unwrap();
    projection.orders.set(id, {
      id,
      buyer: account(order.buyer),
      seller: account(order.seller),
      store: order.storeId.toString(),
      total: decimal(order.total),
      escrow: order.escrowId.toString(),
      status: order.status.type,
      shippingCid: optionText(order.shippingCid),
      trackingCid: optionText(order.trackingCid),
      createdAtBlock: order.createdAt.toNumber(),
      shippedAtBlock: optionNumber(order.shippedAt),
      autoReleaseAt: optionNumber(order.autoReleaseAt),
      receiptCid: optionText(order.receiptCid),
      rating: optionNumber(order.rating),
      items: order.items.map((item, position) => ({
        id: `${id}-${position}`,
        listing: item.listingId.toString(),
        quantity: decimal(item.quantity),
        unitPrice: decimal(item.unitPrice),
        subtotal: (item.unitPrice.toBigInt() * item.quantity.toBigInt()).toString(),
      })),
    });
  }

  for (const [key, value] of await q.escrow.escrows.entries()) {
    const id = key.args[0].toString();
    const escrow = value.unwrap();
    projection.escrows.set(id, {
      id,
      depositor: account(escrow.depositor),
      beneficiary: account(escrow.beneficiary),
      amount: decimal(escrow.amount),
      asset: optionNumber(escrow.asset),
      status: escrow.status.type,
      autoReleaseAt: optionNumber(escrow.autoReleaseAt),
      order: escrow.orderId.isSome ? escrow.orderId.unwrap().toString() : null,
      createdAtBlock: escrow.createdAt.toNumber(),
    });
  }

  for (const [key, value] of await q.rewards.missions.entries()) {
    const id = key.args[0].toString();
    projection.missions.set(id, missionFields(id, value.unwrap()));
  }

  projection.disputes = await readDisputes(q);

  for (const [key, value] of await q.dispute.jurors.entries()) {
    const id = account(key.args[0]);
    const juror = value.unwrap();
    projection.jurors.set(id, {
      id,
      stake: decimal(juror.stake),
      activeDisputes: juror.activeDisputes.toNumber(),
      active: true,
    });
  }
  return projection;
}

/** The pallets and calls of a call, through `utility` batches and `sudo` wrappers. */
function callTree(call: Call): Call[] {
  const section = call.section;
  const args = call.args as unknown as Codec[];
  if (section === 'utility' && ['batch', 'batchAll', 'forceBatch'].includes(call.method)) {
    return [call, ...(args[0] as unknown as Call[]).flatMap(callTree)];
  }
  if (section === 'sudo' && ['sudo', 'sudoUncheckedWeight'].includes(call.method)) {
    return [call, ...callTree(args[0] as unknown as Call)];
  }
  return [call];
}

/**
 * Every event the squid must log in blocks `from..to`: each event of Commerce, Escrow, Rewards and Dispute,
 * each Assets event of ZARI (asset 1000), and each System.ExtrinsicFailed of an extrinsic calling into those
 * four pallets (directly, in a utility batch or through sudo). Not Utility.BatchInterrupted: the squid reads
 * it to record the failed call inside a batch as a FailedCall, but the raw log holds only the pallets above
 * and System (ChainEvent.pallet in schema.graphql). Read from System.Events at every block.
 */
export async function readChainEvents(api: ApiPromise, to: number, from = 0): Promise<RawEvent[]> {
  const pallets = new Map(
    api.runtimeMetadata.asLatest.pallets.map((pallet) => [pallet.index.toNumber(), pallet.name.toString()]),
  );
  const bazariSections = new Set(BAZARI_PALLETS.map((name) => name.toLowerCase()));
  const result: RawEvent[] = [];
  for (let height = from; height <= to; height++) {
    const blockHash = (await api.rpc.chain.getBlockHash(height)).toHex();
    const at = await api.at(blockHash);
    const records = (await at.query.system.events()) as unknown as EventRecord[];
    let extrinsics: { hash: string; calls: Call[] }[] | undefined;
    const block = async () => {
      if (!extrinsics) {
        const signed = await api.rpc.chain.getBlock(blockHash);
        extrinsics = signed.block.extrinsics.map((extrinsic) => ({
          hash: extrinsic.hash.toHex(),
          calls: callTree(extrinsic.method as unknown as Call),
        }));
      }
      return extrinsics;
    };
    for (const [indexInBlock, record] of records.entries()) {
      const { event, phase } = record;
      const pallet = pallets.get(event.index[0]) ?? event.section;
      const name = event.method;
      const extrinsicIndex = phase.isApplyExtrinsic ? phase.asApplyExtrinsic.toNumber() : null;
      let indexed = (BAZARI_PALLETS as readonly string[]).includes(pallet);
      if (pallet === 'Assets') {
        indexed = Number((event.data[0] as unknown as { toString(): string }).toString()) === ZARI_ASSET_ID;
      }
      if (pallet === 'System' && name === 'ExtrinsicFailed' && extrinsicIndex !== null) {
        const extrinsic = (await block())[extrinsicIndex];
        indexed = extrinsic.calls.some((call) => bazariSections.has(call.section));
      }
      if (!indexed) continue;
      result.push({
        blockNumber: height,
        blockHash,
        indexInBlock,
        pallet,
        name,
        extrinsicHash: extrinsicIndex === null ? null : (await block())[extrinsicIndex].hash,
      });
    }
  }
  return result;
}
