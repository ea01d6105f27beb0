import { enumeration, pallet, struct } from '../dsl.ts';
import { INVALID_CID_DOCS, MAX_CID_LEN, MAX_NAME_LEN, PERCENT_IN_PERMILL } from './commerce.types.ts';

const ZARI_ASSET_ID = 1000;
const MAX_REASON_LEN = 64;
const MAX_ACTIVE_MISSIONS = 64;

/** `pallet_rewards`: the ZARI token, minted only here, for missions and cashback. */
export const rewardsPallet = pallet({
  name: 'Rewards',
  index: 12,
  crate: 'pallet_rewards',
  docs: [
    'Rewards in ZARI (asset 1000 of Assets, issued only by this pallet): missions, completed by hand (Manual)',
    'or automatically when Commerce events make them true, and cashback on every completed order.',
  ],
  types: {
    RewardsMission: struct(
      'pallet_rewards::types::Mission',
      {
        name: 'Vec<u8>',
        description_cid: 'Option<Vec<u8>>',
        reward: 'u128',
        max_completions: 'u32',
        completions: 'u32',
        expires_at: 'Option<u32>',
        kind: 'MissionKind',
        active: 'bool',
      },
      {
        typeNames: { name: 'BoundedVec<u8, MaxNameLen>', description_cid: 'Option<Cid>' },
        docs: [
          'A mission paying `reward` ZARI once to each user who completes it, to at most `max_completions` users,',
          'until block `expires_at` (exclusive) and while `active` (not closed).',
        ],
      },
    ),
    MissionKind: enumeration(
      'pallet_rewards::types::MissionKind',
      {
        Manual: { docs: ['Completed by root with `complete_mission`.'] },
        FirstPurchase: { docs: ["Completed when the user's first order as a buyer completes."] },
        FirstSale: { docs: ["Completed when the user's first order as a seller completes."] },
        CompletedOrders: {
          fields: ['u32'],
          docs: ['Completed when the user has this many completed orders as a buyer (at least 1).'],
        },
        ReviewsWritten: {
          fields: ['u32'],
          docs: ['Completed when the user has rated this many orders with `rate_seller` (at least 1).'],
        },
      },
      {
        docs: [
          'What completes a mission. All but `Manual` are checked when a Commerce event updates the',
          "user's progress (an order completing, a rating); `Resolved` orders do not count.",
        ],
      },
    ),
    RewardsProgress: struct(
      'pallet_rewards::types::UserProgress',
      { purchases_completed: 'u32', sales_completed: 'u32', reviews_written: 'u32' },
      { docs: ["A user's counters towards the automatic missions."] },
    ),
    CashbackReason: enumeration(
      'pallet_rewards::types::CashbackReason',
      {
        OrderCompleted: { docs: ['`CashbackRate` of the total of a completed order, to its buyer.'] },
        Manual: {
          fields: ['Vec<u8>'],
          typeNames: { 0: 'BoundedVec<u8, MaxReasonLen>' },
          docs: ['Minted by root with `mint_cashback`, with its reason as text.'],
        },
      },
      { docs: ['Why cashback was minted.'] },
    ),
  },
  calls: {
    create_mission: {
      index: 0,
      args: {
        name: 'Vec<u8>',
        description_cid: 'Option<Vec<u8>>',
        reward: 'Compact<u128>',
        max_completions: 'u32',
        expires_at: 'Option<u32>',
        kind: 'MissionKind',
      },
      typeNames: { name: 'BoundedVec<u8, MaxNameLen>', description_cid: 'Option<Cid>' },
      docs: [
        `Create a mission: root only. Checks a name of 1 to ${MAX_NAME_LEN} bytes, a valid CID, a reward and`,
        '`max_completions` above zero, an expiry in the future, a count of at least 1 for `CompletedOrders`',
        `and \`ReviewsWritten\`, and room among the ${MAX_ACTIVE_MISSIONS} active missions. Emits \`MissionCreated\`.`,
      ],
    },
    complete_mission: {
      index: 1,
      args: { user: 'MultiAddress', mission_id: 'u32' },
      typeNames: { user: 'AccountIdLookupOf<T>' },
      docs: [
        'Complete a `Manual` mission for `user`: root only. Checks the mission is active, not expired, not full',
        'and not yet completed by the user; mints the reward. Emits `MissionCompleted`.',
      ],
    },
    close_mission: {
      index: 2,
      args: { mission_id: 'u32' },
      docs: ['Close an active mission: root only. No one completes it afterwards. Emits `MissionClosed`.'],
    },
    mint_cashback: {
      index: 3,
      args: { user: 'MultiAddress', amount: 'Compact<u128>', reason: 'Vec<u8>' },
      typeNames: { user: 'AccountIdLookupOf<T>', reason: 'BoundedVec<u8, MaxReasonLen>' },
      docs: [
        `Mint \`amount\` ZARI to \`user\`: root only. Checks a non-zero amount and a reason of at most ${MAX_REASON_LEN}`,
        'bytes. Emits `CashbackMinted` with reason `Manual(reason)` and no order.',
      ],
    },
    set_cashback_rate: {
      index: 4,
      args: { rate: 'Permill' },
      docs: ['Set the share of each completed order minted in ZARI to its buyer: root only. Emits `CashbackRateSet`.'],
    },
  },
  events: {
    MissionCreated: {
      index: 0,
      fields: {
        mission_id: 'u32',
        name: 'Vec<u8>',
        description_cid: 'Option<Vec<u8>>',
        reward: 'u128',
        max_completions: 'u32',
        expires_at: 'Option<u32>',
        kind: 'MissionKind',
      },
      typeNames: { name: 'BoundedVec<u8, MaxNameLen>', description_cid: 'Option<Cid>' },
      docs: ['A mission was created, active, with no completions yet.'],
    },
    MissionCompleted: {
      index: 1,
      fields: { mission_id: 'u32', user: 'AccountId32', reward: 'u128' },
      docs: ['A user completed a mission and `reward` ZARI was minted to them; its completions went up by one.'],
    },
    MissionClosed: {
      index: 2,
      fields: { mission_id: 'u32' },
      docs: ['A mission was closed by root.'],
    },
    CashbackMinted: {
      index: 3,
      fields: { user: 'AccountId32', amount: 'u128', reason: 'CashbackReason', order_id: 'Option<u64>' },
      docs: ['`amount` ZARI was minted to `user`; `order_id` is the completed order it rewards, if any.'],
    },
    CashbackRateSet: {
      index: 4,
      fields: { rate: 'Permill' },
      docs: ['Cashback is now `rate` of each completed order.'],
    },
  },
  errors: {
    InvalidCid: INVALID_CID_DOCS,
    EmptyName: ['The name cannot be empty.'],
    NameTooLong: [`The name is too long: at most ${MAX_NAME_LEN} bytes.`],
    ReasonTooLong: [`The reason is too long: at most ${MAX_REASON_LEN} bytes.`],
    ZeroAmount: ['The amount must be greater than zero.'],
    ZeroMaxCompletions: ['A mission must allow at least one completion.'],
    ZeroThreshold: ['The number of orders or reviews a mission asks for must be at least one.'],
    ExpiryInPast: ['The expiry block has already passed.'],
    TooManyActiveMissions: [`There are already ${MAX_ACTIVE_MISSIONS} active missions: close one first.`],
    MissionNotFound: ['There is no mission with this id.'],
    MissionClosed: ['This mission is closed.'],
    MissionExpired: ['This mission has expired.'],
    MissionFull: ['This mission has reached its maximum number of completions.'],
    AlreadyCompleted: ['This user has already completed this mission.'],
    NotManualMission: ['This mission completes automatically; it cannot be completed by hand.'],
  },
  storage: {
    NextMissionId: { value: 'u32', modifier: 'Default', docs: ['The id the next mission will get.'] },
    Missions: {
      value: 'RewardsMission',
      keys: [{ hasher: 'Twox64Concat', type: 'u32' }],
      modifier: 'Optional',
      docs: ['Every mission by id, kept when closed.'],
    },
    ActiveMissions: {
      value: 'Vec<u32>',
      modifier: 'Default',
      docs: [
        `The ids of the missions not closed, at most ${MAX_ACTIVE_MISSIONS}: the automatic ones are checked on`,
        'every progress update, so the cost stays bounded.',
      ],
    },
    MissionCompletions: {
      value: 'u32',
      keys: [
        { hasher: 'Twox64Concat', type: 'u32' },
        { hasher: 'Blake2_128Concat', type: 'AccountId32' },
      ],
      modifier: 'Optional',
      docs: ['The block at which a user completed a mission; absent if they have not.'],
    },
    Progress: {
      value: 'RewardsProgress',
      keys: [{ hasher: 'Blake2_128Concat', type: 'AccountId32' }],
      modifier: 'Default',
      docs: ["Each user's counters towards the automatic missions."],
    },
    CashbackRate: {
      value: 'Permill',
      modifier: 'Default',
      default: 1 * PERCENT_IN_PERMILL,
      docs: ['The share of each completed order minted in ZARI to its buyer; 1% until root sets it.'],
    },
  },
  constants: {
    ZariAssetId: {
      type: 'u32',
      value: ZARI_ASSET_ID,
      docs: ['The asset id of ZARI in Assets; this pallet is its only issuer.'],
    },
    MaxNameLen: { type: 'u32', value: MAX_NAME_LEN, docs: ['The longest mission name, in bytes.'] },
    MaxCidLen: { type: 'u32', value: MAX_CID_LEN, docs: ['The longest CID, in ASCII bytes.'] },
    MaxReasonLen: { type: 'u32', value: MAX_REASON_LEN, docs: ['The longest cashback reason, in bytes.'] },
    MaxActiveMissions: {
      type: 'u32',
      value: MAX_ACTIVE_MISSIONS,
      docs: ['How many missions may be active at once.'],
    },
  },
});
