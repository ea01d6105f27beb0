import { enumeration, pallet, struct } from '../dsl.ts';

const FIXED_U128_ONE = 10n ** 18n;

/** `pallet_transaction_payment`: fees of extrinsics, paid in BZR. */
export const transactionPaymentPallet = pallet({
  name: 'TransactionPayment',
  index: 3,
  crate: 'pallet_transaction_payment',
  docs: ['Fees of extrinsics: a base fee, a length fee and a weight fee adjusted by a multiplier, plus a tip.'],
  types: {
    TransactionPaymentReleases: enumeration('pallet_transaction_payment::Releases', { V1Ancient: null, V2: null }),
    // Types of the `TransactionPaymentApi` runtime API.
    RuntimeDispatchInfo: struct(
      'pallet_transaction_payment::types::RuntimeDispatchInfo',
      { weight: 'Weight', class: 'DispatchClass', partial_fee: 'u128' },
      { params: { Balance: 'u128', Weight: 'Weight' }, typeNames: { partial_fee: 'Balance' } },
    ),
    FeeDetails: struct(
      'pallet_transaction_payment::types::FeeDetails',
      { inclusion_fee: 'Option<InclusionFee>', tip: 'u128' },
      {
        params: { Balance: 'u128' },
        typeNames: { inclusion_fee: 'Option<InclusionFee<Balance>>', tip: 'Balance' },
      },
    ),
    InclusionFee: struct(
      'pallet_transaction_payment::types::InclusionFee',
      { base_fee: 'u128', len_fee: 'u128', adjusted_weight_fee: 'u128' },
      {
        params: { Balance: 'u128' },
        typeNames: { base_fee: 'Balance', len_fee: 'Balance', adjusted_weight_fee: 'Balance' },
      },
    ),
  },
  events: {
    TransactionFeePaid: {
      fields: { who: 'AccountId32', actual_fee: 'u128', tip: 'u128' },
      typeNames: { who: 'T::AccountId', actual_fee: 'BalanceOf<T>', tip: 'BalanceOf<T>' },
      docs: ['`who` paid a transaction fee `actual_fee`, of which `tip` was added to the inclusion fee.'],
    },
  },
  storage: {
    NextFeeMultiplier: {
      value: 'FixedU128',
      modifier: 'Default',
      default: FIXED_U128_ONE,
      docs: ['The multiplier applied to the weight fee of the next block; 1 by default.'],
    },
    StorageVersion: {
      value: 'TransactionPaymentReleases',
      modifier: 'Default',
      docs: ['The storage layout version of the pallet.'],
    },
  },
  constants: {
    OperationalFeeMultiplier: {
      type: 'u8',
      value: 5,
      docs: [
        'The multiplier of the fee of `Operational` extrinsics that gives their "virtual tip".',
        '',
        'The virtual tip, `(inclusion fee + tip) * OperationalFeeMultiplier`, is added to the tip',
        'when computing the priority of an `Operational` extrinsic, so that a `Normal` one must tip',
        'more than that to get ahead of it.',
      ],
    },
  },
});
