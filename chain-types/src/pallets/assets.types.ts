import { enumeration, type NamedTypeDef, struct } from '../dsl.ts';

/** The types of `pallet_assets` (asset details, accounts, approvals, metadata), with their real paths. */
export const assetsTypes: Readonly<Record<string, NamedTypeDef>> = {
  AssetDetails: struct(
    'pallet_assets::types::AssetDetails',
    {
      owner: 'AccountId32',
      issuer: 'AccountId32',
      admin: 'AccountId32',
      freezer: 'AccountId32',
      supply: 'u128',
      deposit: 'u128',
      min_balance: 'u128',
      is_sufficient: 'bool',
      accounts: 'u32',
      sufficients: 'u32',
      approvals: 'u32',
      status: 'AssetStatus',
    },
    {
      params: { Balance: 'u128', AccountId: 'AccountId32', DepositBalance: 'u128' },
      typeNames: {
        owner: 'AccountId',
        issuer: 'AccountId',
        admin: 'AccountId',
        freezer: 'AccountId',
        supply: 'Balance',
        deposit: 'DepositBalance',
        min_balance: 'Balance',
      },
    },
  ),
  AssetStatus: enumeration('pallet_assets::types::AssetStatus', { Live: null, Frozen: null, Destroying: null }),
  AssetAccount: struct(
    'pallet_assets::types::AssetAccount',
    { balance: 'u128', status: 'AssetAccountStatus', reason: 'AssetExistenceReason', extra: '()' },
    {
      params: { Balance: 'u128', DepositBalance: 'u128', Extra: '()', AccountId: 'AccountId32' },
      typeNames: {
        balance: 'Balance',
        status: 'AccountStatus',
        reason: 'ExistenceReason<DepositBalance, AccountId>',
        extra: 'Extra',
      },
    },
  ),
  AssetAccountStatus: enumeration('pallet_assets::types::AccountStatus', {
    Liquid: null,
    Frozen: null,
    Blocked: null,
  }),
  AssetExistenceReason: enumeration(
    'pallet_assets::types::ExistenceReason',
    {
      Consumer: null,
      Sufficient: null,
      DepositHeld: { fields: ['u128'], typeNames: { 0: 'Balance' } },
      DepositRefunded: null,
      DepositFrom: { fields: ['AccountId32', 'u128'], typeNames: { 0: 'AccountId', 1: 'Balance' } },
    },
    { params: { Balance: 'u128', AccountId: 'AccountId32' } },
  ),
  AssetApproval: struct(
    'pallet_assets::types::Approval',
    { amount: 'u128', deposit: 'u128' },
    {
      params: { Balance: 'u128', DepositBalance: 'u128' },
      typeNames: { amount: 'Balance', deposit: 'DepositBalance' },
    },
  ),
  // `name` and `symbol` are `BoundedVec<u8, StringLimit>`, which encode as `Vec<u8>`.
  AssetMetadata: struct(
    'pallet_assets::types::AssetMetadata',
    { deposit: 'u128', name: 'Vec<u8>', symbol: 'Vec<u8>', decimals: 'u8', is_frozen: 'bool' },
    {
      params: { DepositBalance: 'u128', BoundedString: 'Vec<u8>' },
      typeNames: { deposit: 'DepositBalance', name: 'BoundedString', symbol: 'BoundedString' },
    },
  ),
};
