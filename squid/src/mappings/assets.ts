import { Account, ZariTransfer } from '../model/index.ts';
import type { Event } from '../processor.ts';
import { constants, events } from '../types/index.ts';
import { account } from './accounts.ts';
import { address, type EventHandler, type EventHandlers, on } from './handler.ts';

/**
 * Assets: only the events of ZARI (the asset id of the Rewards constant `ZariAssetId`, 1000 on the
 * devnet); the events of other assets are not indexed at all, not even in the raw log. Each ZARI event
 * is one ZariTransfer row, named after the event, with the accounts it moves funds from and to (for
 * events that move nothing, `to` is the account concerned: the frozen one, the new owner, the delegate).
 */

/** What a ZARI event says, in ZariTransfer terms (accounts as 0x AccountId32). */
interface Movement {
  readonly from?: string;
  readonly to?: string;
  readonly amount?: bigint;
}

interface AssetEventType<Args extends { assetId: number }> {
  readonly name: string;
  readonly v100: { decode(event: Event): Args };
}

const zariByRuntime = new WeakMap<object, number>();

/** The `ZariAssetId` constant of Rewards in the event's runtime. */
function zariAssetId(event: Event): number {
  let id = zariByRuntime.get(event.block._runtime);
  if (id === undefined) {
    id = constants.rewards.zariAssetId.v100.get(event.block);
    zariByRuntime.set(event.block._runtime, id);
  }
  return id;
}

function zariEvent<Args extends { assetId: number }>(
  type: AssetEventType<Args>,
  movement: (args: Args) => Movement,
): [string, EventHandler<Args>] {
  const kind = type.name.slice('Assets.'.length);
  return [
    type.name,
    on({
      decode: (event) => type.v100.decode(event),
      indexed: (args, event) => args.assetId === zariAssetId(event),
      want: (args, batch) => {
        const { from, to } = movement(args);
        if (from !== undefined) batch.want(Account, address(from));
        if (to !== undefined) batch.want(Account, address(to));
      },
      apply: (args, { batch, block, event, timestamp, extrinsicHash }) => {
        const { from, to, amount } = movement(args);
        batch.save(
          new ZariTransfer({
            id: event.id,
            kind,
            from: from === undefined ? null : account(batch, address(from), block.height),
            to: to === undefined ? null : account(batch, address(to), block.height),
            amount: amount ?? null,
            blockNumber: block.height,
            timestamp,
            extrinsicHash: extrinsicHash ?? null,
          }),
        );
      },
    }),
  ];
}

const assets = events.assets;
const nothing = (): Movement => ({});

export const assetsHandlers: EventHandlers = Object.fromEntries([
  zariEvent(assets.created, (args) => ({ from: args.creator, to: args.owner })),
  zariEvent(assets.forceCreated, (args) => ({ to: args.owner })),
  zariEvent(assets.issued, (args) => ({ to: args.owner, amount: args.amount })),
  zariEvent(assets.transferred, (args) => ({ from: args.from, to: args.to, amount: args.amount })),
  zariEvent(assets.burned, (args) => ({ from: args.owner, amount: args.balance })),
  zariEvent(assets.transferredApproved, (args) => ({ from: args.owner, to: args.destination, amount: args.amount })),
  zariEvent(assets.approvedTransfer, (args) => ({ from: args.source, to: args.delegate, amount: args.amount })),
  zariEvent(assets.approvalCancelled, (args) => ({ from: args.owner, to: args.delegate })),
  zariEvent(assets.deposited, (args) => ({ to: args.who, amount: args.amount })),
  zariEvent(assets.withdrawn, (args) => ({ from: args.who, amount: args.amount })),
  zariEvent(assets.touched, (args) => ({ from: args.depositor, to: args.who })),
  zariEvent(assets.frozen, (args) => ({ to: args.who })),
  zariEvent(assets.thawed, (args) => ({ to: args.who })),
  zariEvent(assets.blocked, (args) => ({ to: args.who })),
  zariEvent(assets.ownerChanged, (args) => ({ to: args.owner })),
  zariEvent(assets.teamChanged, nothing),
  zariEvent(assets.assetFrozen, nothing),
  zariEvent(assets.assetThawed, nothing),
  zariEvent(assets.accountsDestroyed, nothing),
  zariEvent(assets.approvalsDestroyed, nothing),
  zariEvent(assets.destructionStarted, nothing),
  zariEvent(assets.destroyed, nothing),
  zariEvent(assets.metadataSet, nothing),
  zariEvent(assets.metadataCleared, nothing),
  zariEvent(assets.assetStatusChanged, nothing),
  zariEvent(assets.assetMinBalanceChanged, (args) => ({ amount: args.newMinBalance })),
]);
