import { Account, Cashback, CashbackReason, Mission, MissionCompletion, MissionKind, Order } from '../model/index.ts';
import { events } from '../types/index.ts';
import { account } from './accounts.ts';
import type { BatchStore } from './batch.ts';
import { address, type EventHandlers, on, optionalText, text } from './handler.ts';
import { chainParameters, wantChainParameters } from './parameters.ts';

/**
 * Rewards: missions and their completions, cashback and its rate. Every ZARI minted by Rewards
 * (cashback and mission rewards) is added to the receiving Account's `zariEarned`.
 */

function earn(batch: BatchStore, id: string, amount: bigint, blockNumber: number): void {
  const earner = account(batch, id, blockNumber);
  earner.zariEarned += amount;
  batch.save(earner);
}

export const rewardsHandlers: EventHandlers = {
  [events.rewards.missionCreated.name]: on({
    decode: (event) => events.rewards.missionCreated.v100.decode(event),
    want: (args, batch) => batch.want(Mission, String(args.missionId)),
    apply: (args, { batch, block }) => {
      const kind = args.kind;
      batch.save(
        new Mission({
          id: String(args.missionId),
          name: text(args.name),
          descriptionCid: optionalText(args.descriptionCid),
          reward: args.reward,
          maxCompletions: BigInt(args.maxCompletions),
          completions: 0n,
          expiresAt: args.expiresAt ?? null,
          kind: MissionKind[kind.__kind],
          threshold: kind.__kind === 'CompletedOrders' || kind.__kind === 'ReviewsWritten' ? BigInt(kind.value) : null,
          active: true,
          createdAtBlock: block.height,
          closedAtBlock: null,
        }),
      );
    },
  }),

  [events.rewards.missionCompleted.name]: on({
    decode: (event) => events.rewards.missionCompleted.v100.decode(event),
    want: (args, batch) => {
      batch.want(Mission, String(args.missionId));
      batch.want(Account, address(args.user));
    },
    apply: (args, { batch, block, event, timestamp, extrinsicHash }) => {
      const mission = batch.getOrFail(Mission, String(args.missionId));
      mission.completions += 1n;
      batch.save(mission);
      const user = address(args.user);
      earn(batch, user, args.reward, block.height);
      batch.save(
        new MissionCompletion({
          id: event.id,
          mission,
          account: account(batch, user, block.height),
          reward: args.reward,
          blockNumber: block.height,
          timestamp,
          extrinsicHash: extrinsicHash ?? null,
        }),
      );
    },
  }),

  [events.rewards.missionClosed.name]: on({
    decode: (event) => events.rewards.missionClosed.v100.decode(event),
    want: (args, batch) => batch.want(Mission, String(args.missionId)),
    apply: (args, { batch, block }) => {
      const mission = batch.getOrFail(Mission, String(args.missionId));
      mission.active = false;
      mission.closedAtBlock = block.height;
      batch.save(mission);
    },
  }),

  [events.rewards.cashbackMinted.name]: on({
    decode: (event) => events.rewards.cashbackMinted.v100.decode(event),
    want: (args, batch) => {
      batch.want(Account, address(args.user));
      if (args.orderId !== undefined) batch.want(Order, String(args.orderId));
    },
    apply: (args, { batch, block, event, timestamp, extrinsicHash }) => {
      const user = address(args.user);
      earn(batch, user, args.amount, block.height);
      batch.save(
        new Cashback({
          id: event.id,
          account: account(batch, user, block.height),
          amount: args.amount,
          reason: CashbackReason[args.reason.__kind],
          order: args.orderId === undefined ? null : batch.getOrFail(Order, String(args.orderId)),
          blockNumber: block.height,
          timestamp,
          extrinsicHash: extrinsicHash ?? null,
        }),
      );
    },
  }),

  [events.rewards.cashbackRateSet.name]: on({
    decode: (event) => events.rewards.cashbackRateSet.v100.decode(event),
    want: (_args, batch) => wantChainParameters(batch),
    apply: (args, { batch, block }) => {
      const parameters = chainParameters(batch, block.height);
      parameters.cashbackRate = args.rate;
      parameters.updatedAtBlock = block.height;
      batch.save(parameters);
    },
  }),
};
