import { enumeration, pallet, struct } from '../dsl.ts';

/** One BZR in its smallest unit: the native token has 12 decimals. */
export const BZR = 10n ** 12n;

const destTypeName = { dest: 'AccountIdLookupOf<T>' };
const whoAmountTypeNames = { who: 'T::AccountId', amount: 'T::Balance' };

/** `pallet_balances`: the native token BZR, kept in `System.Account` like every FRAME runtime does. */
export const balancesPallet = pallet({
  name: 'Balances',
  index: 2,
  crate: 'pallet_balances',
  docs: ['The native token BZR: free, reserved, frozen and held balances of every account.'],
  types: {
    BalancesAccountData: struct(
      'pallet_balances::types::AccountData',
      { free: 'u128', reserved: 'u128', frozen: 'u128', flags: 'ExtraFlags' },
      {
        params: { Balance: 'u128' },
        typeNames: { free: 'Balance', reserved: 'Balance', frozen: 'Balance', flags: 'ExtraFlags' },
      },
    ),
    ExtraFlags: struct('pallet_balances::types::ExtraFlags', ['u128']),
    BalanceLock: struct(
      'pallet_balances::types::BalanceLock',
      { id: '[u8; 8]', amount: 'u128', reasons: 'BalancesReasons' },
      { params: { Balance: 'u128' }, typeNames: { id: 'LockIdentifier', amount: 'Balance', reasons: 'Reasons' } },
    ),
    BalancesReasons: enumeration('pallet_balances::types::Reasons', { Fee: null, Misc: null, All: null }),
    BalancesReserveData: struct(
      'pallet_balances::types::ReserveData',
      { id: '[u8; 8]', amount: 'u128' },
      {
        params: { ReserveIdentifier: '[u8; 8]', Balance: 'u128' },
        typeNames: { id: 'ReserveIdentifier', amount: 'Balance' },
      },
    ),
    HoldIdAmount: struct(
      'frame_support::traits::tokens::misc::IdAmount',
      { id: 'RuntimeHoldReason', amount: 'u128' },
      { params: { Id: 'RuntimeHoldReason', Balance: 'u128' }, typeNames: { id: 'Id', amount: 'Balance' } },
    ),
    FreezeIdAmount: struct(
      'frame_support::traits::tokens::misc::IdAmount',
      { id: 'RuntimeFreezeReason', amount: 'u128' },
      { params: { Id: 'RuntimeFreezeReason', Balance: 'u128' }, typeNames: { id: 'Id', amount: 'Balance' } },
    ),
    // The runtime aggregates every pallet's `HoldReason`/`FreezeReason` into these, one variant per
    // pallet (`Escrow(pallet_escrow::HoldReason)` at the pallet's index). None declares one yet, and
    // a runtime without any gets empty enums, as these are.
    RuntimeHoldReason: enumeration('bazari_runtime::RuntimeHoldReason', {}),
    RuntimeFreezeReason: enumeration('bazari_runtime::RuntimeFreezeReason', {}),
    AdjustmentDirection: enumeration('pallet_balances::types::AdjustmentDirection', {
      Increase: null,
      Decrease: null,
    }),
    BalanceStatus: enumeration('frame_support::traits::tokens::misc::BalanceStatus', { Free: null, Reserved: null }),
  },
  calls: {
    transfer_allow_death: {
      index: 0,
      args: { dest: 'MultiAddress', value: 'Compact<u128>' },
      typeNames: { ...destTypeName, value: 'T::Balance' },
      docs: [
        'Transfer some free balance to another account.',
        '',
        'The sender is reaped if the transfer leaves it below the existential deposit.',
        '',
        'The dispatch origin must be _Signed_ by the transactor.',
      ],
    },
    force_transfer: {
      index: 2,
      args: { source: 'MultiAddress', dest: 'MultiAddress', value: 'Compact<u128>' },
      typeNames: { source: 'AccountIdLookupOf<T>', ...destTypeName, value: 'T::Balance' },
      docs: ['Like `transfer_allow_death`, but from any `source` account; the origin must be _Root_.'],
    },
    transfer_keep_alive: {
      index: 3,
      args: { dest: 'MultiAddress', value: 'Compact<u128>' },
      typeNames: { ...destTypeName, value: 'T::Balance' },
      docs: ['Like `transfer_allow_death`, but fails instead of killing the sender account.'],
    },
    transfer_all: {
      index: 4,
      args: { dest: 'MultiAddress', keep_alive: 'bool' },
      typeNames: destTypeName,
      docs: [
        'Transfer the whole transferable balance of the sender.',
        '',
        'Locked, reserved and held funds stay; with `keep_alive` the existential deposit stays',
        'too, so the sender account survives.',
        '',
        'The dispatch origin must be _Signed_.',
      ],
    },
    force_unreserve: {
      index: 5,
      args: { who: 'MultiAddress', amount: 'u128' },
      typeNames: { who: 'AccountIdLookupOf<T>', amount: 'T::Balance' },
      docs: ['Unreserve some balance of `who` by force. The origin must be _Root_.'],
    },
    upgrade_accounts: {
      index: 6,
      args: { who: 'Vec<AccountId32>' },
      typeNames: { who: 'Vec<T::AccountId>' },
      docs: [
        'Upgrade the given accounts to the current balance model.',
        '',
        'The fee is waived when at least 90% of the accounts needed the upgrade.',
        'The dispatch origin must be _Signed_.',
      ],
    },
    force_set_balance: {
      index: 8,
      args: { who: 'MultiAddress', new_free: 'Compact<u128>' },
      typeNames: { who: 'AccountIdLookupOf<T>', new_free: 'T::Balance' },
      docs: ['Set the free balance of an account. The origin must be _Root_.'],
    },
    force_adjust_total_issuance: {
      index: 9,
      args: { direction: 'AdjustmentDirection', delta: 'Compact<u128>' },
      typeNames: { delta: 'T::Balance' },
      docs: ['Increase or decrease the total issuance, saturating. The origin must be _Root_ and `delta` positive.'],
    },
    burn: {
      index: 10,
      args: { value: 'Compact<u128>', keep_alive: 'bool' },
      typeNames: { value: 'T::Balance' },
      docs: [
        'Burn some free balance of the sender, lowering the total issuance.',
        '',
        'Without `keep_alive`, the sender is reaped if left below the existential deposit.',
      ],
    },
  },
  events: {
    Endowed: {
      fields: { account: 'AccountId32', free_balance: 'u128' },
      typeNames: { account: 'T::AccountId', free_balance: 'T::Balance' },
      docs: ['An account was created with some free balance.'],
    },
    DustLost: {
      fields: { account: 'AccountId32', amount: 'u128' },
      typeNames: { account: 'T::AccountId', amount: 'T::Balance' },
      docs: ['An account below the existential deposit was removed and its dust lost.'],
    },
    Transfer: {
      fields: { from: 'AccountId32', to: 'AccountId32', amount: 'u128' },
      typeNames: { from: 'T::AccountId', to: 'T::AccountId', amount: 'T::Balance' },
      docs: ['A transfer succeeded.'],
    },
    BalanceSet: {
      fields: { who: 'AccountId32', free: 'u128' },
      typeNames: { who: 'T::AccountId', free: 'T::Balance' },
      docs: ['A balance was set by root.'],
    },
    Reserved: {
      fields: { who: 'AccountId32', amount: 'u128' },
      typeNames: whoAmountTypeNames,
      docs: ['Some balance was moved from free to reserved.'],
    },
    Unreserved: {
      fields: { who: 'AccountId32', amount: 'u128' },
      typeNames: whoAmountTypeNames,
      docs: ['Some balance was moved from reserved to free.'],
    },
    ReserveRepatriated: {
      fields: { from: 'AccountId32', to: 'AccountId32', amount: 'u128', destination_status: 'BalanceStatus' },
      typeNames: { from: 'T::AccountId', to: 'T::AccountId', amount: 'T::Balance', destination_status: 'Status' },
      docs: [
        'Some reserved balance of `from` was moved to `to`;',
        '`destination_status` tells whether it landed free or reserved.',
      ],
    },
    Deposit: {
      fields: { who: 'AccountId32', amount: 'u128' },
      typeNames: whoAmountTypeNames,
      docs: ['Some amount was deposited (e.g. a transaction fee refund).'],
    },
    Withdraw: {
      fields: { who: 'AccountId32', amount: 'u128' },
      typeNames: whoAmountTypeNames,
      docs: ['Some amount was withdrawn from the account (e.g. for transaction fees).'],
    },
    Slashed: {
      fields: { who: 'AccountId32', amount: 'u128' },
      typeNames: whoAmountTypeNames,
      docs: ['Some amount was removed from the account (e.g. for misbehaviour).'],
    },
    Minted: {
      fields: { who: 'AccountId32', amount: 'u128' },
      typeNames: whoAmountTypeNames,
      docs: ['Some amount was minted into an account.'],
    },
    Burned: {
      fields: { who: 'AccountId32', amount: 'u128' },
      typeNames: whoAmountTypeNames,
      docs: ['Some amount was burned from an account.'],
    },
    Suspended: {
      fields: { who: 'AccountId32', amount: 'u128' },
      typeNames: whoAmountTypeNames,
      docs: ['Some amount was suspended from an account; it can be restored later.'],
    },
    Restored: {
      fields: { who: 'AccountId32', amount: 'u128' },
      typeNames: whoAmountTypeNames,
      docs: ['Some amount was restored into an account.'],
    },
    Upgraded: {
      fields: { who: 'AccountId32' },
      typeNames: { who: 'T::AccountId' },
      docs: ['An account was upgraded.'],
    },
    Issued: {
      fields: { amount: 'u128' },
      typeNames: { amount: 'T::Balance' },
      docs: ['Total issuance grew by `amount`, creating a credit to be balanced.'],
    },
    Rescinded: {
      fields: { amount: 'u128' },
      typeNames: { amount: 'T::Balance' },
      docs: ['Total issuance shrank by `amount`, creating a debt to be balanced.'],
    },
    Locked: {
      fields: { who: 'AccountId32', amount: 'u128' },
      typeNames: whoAmountTypeNames,
      docs: ['Some balance was locked.'],
    },
    Unlocked: {
      fields: { who: 'AccountId32', amount: 'u128' },
      typeNames: whoAmountTypeNames,
      docs: ['Some balance was unlocked.'],
    },
    Frozen: {
      fields: { who: 'AccountId32', amount: 'u128' },
      typeNames: whoAmountTypeNames,
      docs: ['Some balance was frozen.'],
    },
    Thawed: {
      fields: { who: 'AccountId32', amount: 'u128' },
      typeNames: whoAmountTypeNames,
      docs: ['Some balance was thawed.'],
    },
    TotalIssuanceForced: {
      fields: { old: 'u128', new: 'u128' },
      typeNames: { old: 'T::Balance', new: 'T::Balance' },
      docs: ['The total issuance was changed by force.'],
    },
  },
  errors: {
    VestingBalance: ['The vesting balance is too high to send this value.'],
    LiquidityRestrictions: ['Liquidity restrictions on the account prevent the withdrawal.'],
    InsufficientBalance: ['The balance is too low to send this value.'],
    ExistentialDeposit: ['The value is too low to create an account: below the existential deposit.'],
    Expendability: ['The transfer or payment would kill the account.'],
    ExistingVestingSchedule: ['The account already has a vesting schedule.'],
    DeadAccount: ['The beneficiary account must already exist.'],
    TooManyReserves: ['The number of named reserves would exceed `MaxReserves`.'],
    TooManyHolds: ['The number of holds would exceed the number of hold reasons.'],
    TooManyFreezes: ['The number of freezes would exceed `MaxFreezes`.'],
    IssuanceDeactivated: ['The issuance cannot change: it is already deactivated.'],
    DeltaZero: ['The delta cannot be zero.'],
  },
  storage: {
    TotalIssuance: { value: 'u128', modifier: 'Default', docs: ['The total units of BZR issued.'] },
    InactiveIssuance: {
      value: 'u128',
      modifier: 'Default',
      docs: ['The total units of deactivated (outstanding) balance.'],
    },
    Account: {
      value: 'BalancesAccountData',
      keys: [{ hasher: 'Blake2_128Concat', type: 'AccountId32' }],
      modifier: 'Default',
      docs: [
        'Balances kept by this pallet itself. Unused here: the runtime keeps balances in',
        '`System.Account` (`AccountStore = System`).',
      ],
    },
    Locks: {
      value: 'Vec<BalanceLock>',
      keys: [{ hasher: 'Blake2_128Concat', type: 'AccountId32' }],
      modifier: 'Default',
      docs: ['Liquidity locks on the balance of an account. Deprecated in favour of freezes.'],
    },
    Reserves: {
      value: 'Vec<BalancesReserveData>',
      keys: [{ hasher: 'Blake2_128Concat', type: 'AccountId32' }],
      modifier: 'Default',
      docs: ['Named reserves on the balance of an account. Deprecated in favour of holds.'],
    },
    Holds: {
      value: 'Vec<HoldIdAmount>',
      keys: [{ hasher: 'Blake2_128Concat', type: 'AccountId32' }],
      modifier: 'Default',
      docs: ['Holds on the balance of an account, by reason.'],
    },
    Freezes: {
      value: 'Vec<FreezeIdAmount>',
      keys: [{ hasher: 'Blake2_128Concat', type: 'AccountId32' }],
      modifier: 'Default',
      docs: ['Freezes on the balance of an account, by reason.'],
    },
  },
  constants: {
    ExistentialDeposit: {
      type: 'u128',
      value: BZR / 1000n,
      docs: ['The minimum balance that keeps an account alive (0.001 BZR). Must be above zero.'],
    },
    MaxLocks: {
      type: 'u32',
      value: 50,
      docs: ['The maximum number of locks on an account; used for weights, not enforced. Deprecated.'],
    },
    MaxReserves: { type: 'u32', value: 50, docs: ['The maximum number of named reserves on an account. Deprecated.'] },
    MaxFreezes: { type: 'u32', value: 8, docs: ['The maximum number of freezes on an account at any time.'] },
  },
});
