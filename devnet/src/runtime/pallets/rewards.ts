import type { MissionKind, RewardsErrorName, RewardsMission, RewardsProgress } from '@bazari/chain-types/generated';
import { type BlockContext, ensureRoot } from '../context.ts';
import type { PalletRuntime } from '../dispatcher.ts';
import { WEIGHTS } from '../weights.ts';
import { mintInto } from './assets.ledger.ts';
import { lookup } from './balances.ts';
import { ensureValidCid } from './cid.ts';
import { type AccountId, arithmeticOverflow, PERMILL_ONE, permillOf } from './escrow.rules.ts';

/**
 * `pallet_rewards`: ZARI (asset `ZariAssetId` of Assets), minted only here, through `mintInto`.
 *
 * - Cashback: when an order completes (Commerce calls `onOrderCompleted`), `CashbackRate` of its total
 *   (rounded as FRAME's `Permill * x`) is minted to the buyer: `CashbackMinted {reason: OrderCompleted,
 *   order_id: Some}`; nothing when it rounds to zero. Root mints with `mint_cashback`.
 * - Missions: root creates them; `Manual` ones are completed by root, the others when Commerce updates a
 *   user's progress: `FirstPurchase` when the buyer's completed purchases become exactly 1, `FirstSale`
 *   when the seller's completed sales become exactly 1 (a user who bought or sold before the mission
 *   existed does not complete it later), `CompletedOrders(n)` when the buyer has at least n completed
 *   purchases, `ReviewsWritten(n)` when the user has written at least n ratings (`rate_seller`, on
 *   Completed and Resolved orders alike). Resolved orders do not count as purchases or sales.
 *   A completion mints the reward once per user and mission, while the mission is active, before
 *   `expires_at` (exclusive) and under `max_completions`; automatic checks skip missions that are not.
 *   Only the `ActiveMissions` (at most `MaxActiveMissions`) are checked, so the cost stays bounded.
 */

/** Mirror of `MaxActiveMissions`, for weights known before dispatch (checked against the metadata in tests). */
export const MAX_ACTIVE_MISSIONS = 64;
const U32_MAX = 0xffff_ffff;

/** The most an order completion costs Rewards: the cashback, the counters and every active mission completing. */
export const MAX_ORDER_COMPLETED_WEIGHT =
  WEIGHTS.rewardsOrderCompleted +
  BigInt(MAX_ACTIVE_MISSIONS) * (WEIGHTS.rewardsPerActiveMission + WEIGHTS.rewardsMissionCompletion);
/** The most a review costs Rewards. */
export const MAX_REVIEW_WRITTEN_WEIGHT =
  WEIGHTS.rewardsReviewWritten +
  BigInt(MAX_ACTIVE_MISSIONS) * (WEIGHTS.rewardsPerActiveMission + WEIGHTS.rewardsMissionCompletion);

function rewardsError(ctx: BlockContext, error: RewardsErrorName): ReturnType<BlockContext['moduleError']> {
  return ctx.moduleError('Rewards', error);
}

export function zariAssetId(ctx: BlockContext): number {
  return ctx.model.constant('Rewards', 'ZariAssetId') as number;
}

export function getMission(ctx: BlockContext, missionId: number): RewardsMission | null {
  return ctx.state.get('Rewards', 'Missions', missionId);
}

function existingMission(ctx: BlockContext, missionId: number): RewardsMission {
  const mission = getMission(ctx, missionId);
  if (!mission) throw rewardsError(ctx, 'MissionNotFound');
  return mission;
}

const isExpired = (ctx: BlockContext, mission: RewardsMission) =>
  mission.expires_at !== null && ctx.block.number >= mission.expires_at;

/** Why `user` cannot complete `mission` now, or null if they can. */
function completionBlocker(
  ctx: BlockContext,
  missionId: number,
  mission: RewardsMission,
  user: AccountId,
): RewardsErrorName | null {
  if (!mission.active) return 'MissionClosed';
  if (isExpired(ctx, mission)) return 'MissionExpired';
  if (mission.completions >= mission.max_completions) return 'MissionFull';
  if (ctx.state.exists('Rewards', 'MissionCompletions', missionId, user)) return 'AlreadyCompleted';
  return null;
}

/** Records the completion, mints the reward and emits `MissionCompleted` (the checks are the caller's). */
function completeMission(ctx: BlockContext, missionId: number, mission: RewardsMission, user: AccountId): void {
  mintInto(ctx, zariAssetId(ctx), user, mission.reward);
  ctx.state.set('Rewards', 'MissionCompletions', [missionId, user], ctx.block.number);
  ctx.state.set('Rewards', 'Missions', [missionId], { ...mission, completions: mission.completions + 1 });
  ctx.deposit({
    __kind: 'Rewards',
    value: { __kind: 'MissionCompleted', mission_id: missionId, user, reward: mission.reward },
  });
}

/** Which user an automatic mission of this kind completes for, given the progress just updated. */
type Eligibility = (kind: MissionKind) => AccountId | null;

/** Checks every active automatic mission; returns the weight used. */
function checkMissions(ctx: BlockContext, eligible: Eligibility): bigint {
  let weight = 0n;
  for (const missionId of ctx.state.get('Rewards', 'ActiveMissions')) {
    weight += WEIGHTS.rewardsPerActiveMission;
    const mission = getMission(ctx, missionId);
    if (!mission || mission.kind.__kind === 'Manual') continue;
    const user = eligible(mission.kind);
    if (user === null || completionBlocker(ctx, missionId, mission, user) !== null) continue;
    completeMission(ctx, missionId, mission, user);
    weight += WEIGHTS.rewardsMissionCompletion;
  }
  return weight;
}

function bumpProgress(ctx: BlockContext, who: AccountId, field: keyof RewardsProgress): RewardsProgress {
  const progress = ctx.state.get('Rewards', 'Progress', who);
  const next = { ...progress, [field]: Math.min(progress[field] + 1, U32_MAX) };
  ctx.state.set('Rewards', 'Progress', [who], next);
  return next;
}

// ------------------------------------------------------------------------------------------------
// The cross-pallet interface (Commerce)

export interface CompletedOrder {
  readonly orderId: bigint;
  readonly buyer: AccountId;
  readonly seller: AccountId;
  readonly total: bigint;
}

/**
 * Commerce calls this when an order completes (confirmed or auto-released): mints the buyer's cashback,
 * counts a purchase for the buyer and a sale for the seller, and completes the FirstPurchase, FirstSale and
 * CompletedOrders missions that became true. Returns the weight used (at most `MAX_ORDER_COMPLETED_WEIGHT`).
 */
export function onOrderCompleted(ctx: BlockContext, { orderId, buyer, seller, total }: CompletedOrder): bigint {
  const cashback = permillOf(ctx.state.get('Rewards', 'CashbackRate'), total);
  if (cashback > 0n) {
    mintInto(ctx, zariAssetId(ctx), buyer, cashback);
    ctx.deposit({
      __kind: 'Rewards',
      value: {
        __kind: 'CashbackMinted',
        user: buyer,
        amount: cashback,
        reason: { __kind: 'OrderCompleted' },
        order_id: orderId,
      },
    });
  }
  const purchases = bumpProgress(ctx, buyer, 'purchases_completed').purchases_completed;
  const sales = bumpProgress(ctx, seller, 'sales_completed').sales_completed;
  return (
    WEIGHTS.rewardsOrderCompleted +
    checkMissions(ctx, (kind) => {
      switch (kind.__kind) {
        case 'FirstPurchase':
          return purchases === 1 ? buyer : null;
        case 'FirstSale':
          return sales === 1 ? seller : null;
        case 'CompletedOrders':
          return purchases >= kind.value ? buyer : null;
        default:
          return null;
      }
    })
  );
}

/**
 * Commerce calls this when `user` rates an order: counts a review and completes the ReviewsWritten missions
 * that became true. Returns the weight used (at most `MAX_REVIEW_WRITTEN_WEIGHT`).
 */
export function onReviewWritten(ctx: BlockContext, user: AccountId): bigint {
  const reviews = bumpProgress(ctx, user, 'reviews_written').reviews_written;
  return (
    WEIGHTS.rewardsReviewWritten +
    checkMissions(ctx, (kind) => (kind.__kind === 'ReviewsWritten' && reviews >= kind.value ? user : null))
  );
}

// ------------------------------------------------------------------------------------------------
// Calls

export const rewardsRuntime: PalletRuntime<'Rewards'> = {
  name: 'Rewards',
  calls: {
    create_mission: {
      weight: ({ name, description_cid }) =>
        WEIGHTS.rewardsCreateMission + WEIGHTS.cidPerByte * BigInt(name.length + (description_cid?.length ?? 0)),
      dispatch: (ctx, origin, { name, description_cid, reward, max_completions, expires_at, kind }) => {
        ensureRoot(origin);
        if (name.length === 0) throw rewardsError(ctx, 'EmptyName');
        if (name.length > (ctx.model.constant('Rewards', 'MaxNameLen') as number))
          throw rewardsError(ctx, 'NameTooLong');
        if (description_cid !== null) ensureValidCid(ctx, 'Rewards', description_cid);
        if (reward === 0n) throw rewardsError(ctx, 'ZeroAmount');
        if (max_completions === 0) throw rewardsError(ctx, 'ZeroMaxCompletions');
        if ((kind.__kind === 'CompletedOrders' || kind.__kind === 'ReviewsWritten') && kind.value === 0) {
          throw rewardsError(ctx, 'ZeroThreshold');
        }
        if (expires_at !== null && expires_at <= ctx.block.number) throw rewardsError(ctx, 'ExpiryInPast');
        const active = ctx.state.get('Rewards', 'ActiveMissions');
        if (active.length >= (ctx.model.constant('Rewards', 'MaxActiveMissions') as number)) {
          throw rewardsError(ctx, 'TooManyActiveMissions');
        }
        const missionId = ctx.state.get('Rewards', 'NextMissionId');
        if (missionId >= U32_MAX) throw arithmeticOverflow();

        ctx.state.set('Rewards', 'NextMissionId', [], missionId + 1);
        ctx.state.set('Rewards', 'Missions', [missionId], {
          name,
          description_cid,
          reward,
          max_completions,
          completions: 0,
          expires_at,
          kind,
          active: true,
        });
        ctx.state.set('Rewards', 'ActiveMissions', [], [...active, missionId]);
        ctx.deposit({
          __kind: 'Rewards',
          value: {
            __kind: 'MissionCreated',
            mission_id: missionId,
            name,
            description_cid,
            reward,
            max_completions,
            expires_at,
            kind,
          },
        });
      },
    },
    complete_mission: {
      weight: () => WEIGHTS.rewardsMissionCompletion,
      dispatch: (ctx, origin, { user, mission_id }) => {
        ensureRoot(origin);
        const who = lookup(user);
        const mission = existingMission(ctx, mission_id);
        if (!mission.active) throw rewardsError(ctx, 'MissionClosed');
        if (mission.kind.__kind !== 'Manual') throw rewardsError(ctx, 'NotManualMission');
        const blocker = completionBlocker(ctx, mission_id, mission, who);
        if (blocker !== null) throw rewardsError(ctx, blocker);
        completeMission(ctx, mission_id, mission, who);
      },
    },
    close_mission: {
      weight: () => WEIGHTS.rewardsCloseMission,
      dispatch: (ctx, origin, { mission_id }) => {
        ensureRoot(origin);
        const mission = existingMission(ctx, mission_id);
        if (!mission.active) throw rewardsError(ctx, 'MissionClosed');
        ctx.state.set('Rewards', 'Missions', [mission_id], { ...mission, active: false });
        ctx.state.mutate('Rewards', 'ActiveMissions', [], (active) => active.filter((id) => id !== mission_id));
        ctx.deposit({ __kind: 'Rewards', value: { __kind: 'MissionClosed', mission_id } });
      },
    },
    mint_cashback: {
      weight: ({ reason }) => WEIGHTS.rewardsMintCashback + WEIGHTS.cidPerByte * BigInt(reason.length),
      dispatch: (ctx, origin, { user, amount, reason }) => {
        ensureRoot(origin);
        const who = lookup(user);
        if (amount === 0n) throw rewardsError(ctx, 'ZeroAmount');
        if (reason.length > (ctx.model.constant('Rewards', 'MaxReasonLen') as number)) {
          throw rewardsError(ctx, 'ReasonTooLong');
        }
        mintInto(ctx, zariAssetId(ctx), who, amount);
        ctx.deposit({
          __kind: 'Rewards',
          value: {
            __kind: 'CashbackMinted',
            user: who,
            amount,
            reason: { __kind: 'Manual', value: reason },
            order_id: null,
          },
        });
      },
    },
    set_cashback_rate: {
      weight: () => WEIGHTS.rewardsSetCashbackRate,
      dispatch: (ctx, origin, { rate }) => {
        ensureRoot(origin);
        // A Permill cannot exceed 100% (`Permill::from_parts` saturates): a larger value is stored as 100%.
        const clamped = Math.min(rate, PERMILL_ONE);
        ctx.state.set('Rewards', 'CashbackRate', [], clamped);
        ctx.deposit({ __kind: 'Rewards', value: { __kind: 'CashbackRateSet', rate: clamped } });
      },
    },
  },
};
