import { pallet } from '../dsl.ts';
import { assetsTypes } from './assets.types.ts';
import { BZR } from './balances.ts';

const lookup = 'AccountIdLookupOf<T>';
const assetIdParameter = { id: 'T::AssetIdParameter' };
const assetIdTypeName = { asset_id: 'T::AssetId' };
const assetAccountTypeNames = { asset_id: 'T::AssetId', who: 'T::AccountId' };
const assetBalanceTypeNames = { asset_id: 'T::AssetId', who: 'T::AccountId', amount: 'T::Balance' };

/**
 * `pallet_assets` with `AssetId = u32`, holding ZARI (asset 1000, created at genesis and minted
 * only by the rewards pallet). Only the calls a single app token needs are exposed, at their real
 * indices; events, errors and storage are complete.
 */
export const assetsPallet = pallet({
  name: 'Assets',
  index: 6,
  crate: 'pallet_assets',
  docs: ['Fungible assets other than BZR, such as the ZARI app token.'],
  types: assetsTypes,
  calls: {
    create: {
      index: 0,
      args: { id: 'Compact<u32>', admin: 'MultiAddress', min_balance: 'u128' },
      typeNames: { ...assetIdParameter, admin: lookup, min_balance: 'T::Balance' },
      docs: [
        'Create a new asset class owned by the sender, with no supply.',
        '',
        'The origin must pass `CreateOrigin`; `AssetDeposit` is reserved from it.',
        '',
        '- `id`: an unused asset id (equal to `NextAssetId` when that is set).',
        '- `admin`: the initial admin, issuer and freezer.',
        '- `min_balance`: the smallest balance an account may hold; below it the account is removed.',
        '',
        'Emits `Created`.',
      ],
    },
    force_create: {
      index: 1,
      args: { id: 'Compact<u32>', owner: 'MultiAddress', is_sufficient: 'bool', min_balance: 'Compact<u128>' },
      typeNames: { ...assetIdParameter, owner: lookup, min_balance: 'T::Balance' },
      docs: [
        'Create a new asset class from a privileged origin, reserving nothing.',
        '',
        'The origin must pass `ForceOrigin`.',
        '',
        '- `id`: an unused asset id (equal to `NextAssetId` when that is set).',
        '- `owner`: the owner, with full rights over the class.',
        '- `min_balance`: the smallest balance an account may hold; below it the account is removed.',
        '',
        'Emits `ForceCreated`.',
      ],
    },
    transfer: {
      index: 8,
      args: { id: 'Compact<u32>', target: 'MultiAddress', amount: 'Compact<u128>' },
      typeNames: { ...assetIdParameter, target: lookup, amount: 'T::Balance' },
      docs: [
        'Move some assets from the sender to `target`.',
        '',
        'If the sender would be left below the minimum balance, the whole balance moves.',
        'The origin must be _Signed_. Emits `Transferred` with the amount actually moved.',
      ],
    },
    transfer_keep_alive: {
      index: 9,
      args: { id: 'Compact<u32>', target: 'MultiAddress', amount: 'Compact<u128>' },
      typeNames: { ...assetIdParameter, target: lookup, amount: 'T::Balance' },
      docs: [
        'Like `transfer`, but fails instead of removing the asset account of the sender.',
        '',
        'The origin must be _Signed_. Emits `Transferred`.',
      ],
    },
    force_transfer: {
      index: 10,
      args: { id: 'Compact<u32>', source: 'MultiAddress', dest: 'MultiAddress', amount: 'Compact<u128>' },
      typeNames: { ...assetIdParameter, source: lookup, dest: lookup, amount: 'T::Balance' },
      docs: [
        'Move some assets from `source` to `dest`.',
        '',
        'The sender must be the admin of the asset. Emits `Transferred`.',
      ],
    },
    freeze: {
      index: 11,
      args: { id: 'Compact<u32>', who: 'MultiAddress' },
      typeNames: { ...assetIdParameter, who: lookup },
      docs: [
        'Stop unprivileged transfers of the asset from the existing asset account of `who`.',
        '',
        'The sender must be the freezer of the asset. Emits `Frozen`.',
      ],
    },
    thaw: {
      index: 12,
      args: { id: 'Compact<u32>', who: 'MultiAddress' },
      typeNames: { ...assetIdParameter, who: lookup },
      docs: [
        'Allow unprivileged transfers to and from the asset account of `who` again.',
        '',
        'The sender must be the admin of the asset. Emits `Thawed`.',
      ],
    },
    set_metadata: {
      index: 17,
      args: { id: 'Compact<u32>', name: 'Vec<u8>', symbol: 'Vec<u8>', decimals: 'u8' },
      typeNames: assetIdParameter,
      docs: [
        'Set the name, symbol and decimals of an asset.',
        '',
        'The sender must be the owner; `MetadataDepositBase + MetadataDepositPerByte *',
        '(name.len + symbol.len)` is kept reserved from it. `name` and `symbol` are limited',
        'to `StringLimit` bytes.',
        '',
        'Emits `MetadataSet`.',
      ],
    },
    approve_transfer: {
      index: 22,
      args: { id: 'Compact<u32>', delegate: 'MultiAddress', amount: 'Compact<u128>' },
      typeNames: { ...assetIdParameter, delegate: lookup, amount: 'T::Balance' },
      docs: [
        'Allow `delegate` to transfer `amount` more of the asset from the sender.',
        '',
        '`ApprovalDeposit` is reserved from the sender while the approval exists. The sender',
        'need not own the amount yet. Emits `ApprovedTransfer`.',
      ],
    },
    cancel_approval: {
      index: 23,
      args: { id: 'Compact<u32>', delegate: 'MultiAddress' },
      typeNames: { ...assetIdParameter, delegate: lookup },
      docs: [
        'Cancel the approval the sender gave to `delegate` and unreserve its deposit.',
        '',
        'Emits `ApprovalCancelled`.',
      ],
    },
    transfer_approved: {
      index: 25,
      args: { id: 'Compact<u32>', owner: 'MultiAddress', destination: 'MultiAddress', amount: 'Compact<u128>' },
      typeNames: { ...assetIdParameter, owner: lookup, destination: lookup, amount: 'T::Balance' },
      docs: [
        'Transfer `amount` of the asset of `owner`, who approved the sender, to `destination`.',
        '',
        'Using up the approval unreserves its deposit. Emits `TransferredApproved`.',
      ],
    },
    touch: {
      index: 26,
      args: { id: 'Compact<u32>' },
      typeNames: assetIdParameter,
      docs: [
        'Create the asset account of the sender for an asset that needs one, taking a deposit.',
        '',
        'Emits `Touched`.',
      ],
    },
    refund: {
      index: 27,
      args: { id: 'Compact<u32>', allow_burn: 'bool' },
      typeNames: assetIdParameter,
      docs: [
        'Remove the asset account of the sender and return its deposit or consumer reference.',
        '',
        'With `allow_burn`, a remaining balance is burned; otherwise it must be zero.',
      ],
    },
    transfer_all: {
      index: 32,
      args: { id: 'Compact<u32>', dest: 'MultiAddress', keep_alive: 'bool' },
      typeNames: { ...assetIdParameter, dest: lookup },
      docs: [
        'Transfer the whole transferable balance of the asset from the sender to `dest`.',
        '',
        'Held and frozen amounts stay; with `keep_alive` the minimum balance stays too, so the',
        'asset account of the sender survives.',
        '',
        'The origin must be _Signed_.',
      ],
    },
  },
  events: {
    Created: {
      fields: { asset_id: 'u32', creator: 'AccountId32', owner: 'AccountId32' },
      typeNames: { ...assetIdTypeName, creator: 'T::AccountId', owner: 'T::AccountId' },
      docs: ['An asset class was created.'],
    },
    Issued: {
      fields: { asset_id: 'u32', owner: 'AccountId32', amount: 'u128' },
      typeNames: { ...assetIdTypeName, owner: 'T::AccountId', amount: 'T::Balance' },
      docs: ['Some assets were issued.'],
    },
    Transferred: {
      fields: { asset_id: 'u32', from: 'AccountId32', to: 'AccountId32', amount: 'u128' },
      typeNames: { ...assetIdTypeName, from: 'T::AccountId', to: 'T::AccountId', amount: 'T::Balance' },
      docs: ['Some assets were transferred.'],
    },
    Burned: {
      fields: { asset_id: 'u32', owner: 'AccountId32', balance: 'u128' },
      typeNames: { ...assetIdTypeName, owner: 'T::AccountId', balance: 'T::Balance' },
      docs: ['Some assets were destroyed.'],
    },
    TeamChanged: {
      fields: { asset_id: 'u32', issuer: 'AccountId32', admin: 'AccountId32', freezer: 'AccountId32' },
      typeNames: { ...assetIdTypeName, issuer: 'T::AccountId', admin: 'T::AccountId', freezer: 'T::AccountId' },
      docs: ['The issuer, admin and freezer of an asset changed.'],
    },
    OwnerChanged: {
      fields: { asset_id: 'u32', owner: 'AccountId32' },
      typeNames: { ...assetIdTypeName, owner: 'T::AccountId' },
      docs: ['The owner of an asset changed.'],
    },
    Frozen: {
      fields: { asset_id: 'u32', who: 'AccountId32' },
      typeNames: assetAccountTypeNames,
      docs: ['The asset account of `who` was frozen.'],
    },
    Thawed: {
      fields: { asset_id: 'u32', who: 'AccountId32' },
      typeNames: assetAccountTypeNames,
      docs: ['The asset account of `who` was thawed.'],
    },
    AssetFrozen: { fields: { asset_id: 'u32' }, typeNames: assetIdTypeName, docs: ['An asset was frozen.'] },
    AssetThawed: { fields: { asset_id: 'u32' }, typeNames: assetIdTypeName, docs: ['An asset was thawed.'] },
    AccountsDestroyed: {
      fields: { asset_id: 'u32', accounts_destroyed: 'u32', accounts_remaining: 'u32' },
      typeNames: assetIdTypeName,
      docs: ['Some accounts of an asset being destroyed were removed.'],
    },
    ApprovalsDestroyed: {
      fields: { asset_id: 'u32', approvals_destroyed: 'u32', approvals_remaining: 'u32' },
      typeNames: assetIdTypeName,
      docs: ['Some approvals of an asset being destroyed were removed.'],
    },
    DestructionStarted: {
      fields: { asset_id: 'u32' },
      typeNames: assetIdTypeName,
      docs: ['The destruction of an asset class started.'],
    },
    Destroyed: { fields: { asset_id: 'u32' }, typeNames: assetIdTypeName, docs: ['An asset class was destroyed.'] },
    ForceCreated: {
      fields: { asset_id: 'u32', owner: 'AccountId32' },
      typeNames: { ...assetIdTypeName, owner: 'T::AccountId' },
      docs: ['An asset class was created by a privileged origin.'],
    },
    MetadataSet: {
      fields: { asset_id: 'u32', name: 'Vec<u8>', symbol: 'Vec<u8>', decimals: 'u8', is_frozen: 'bool' },
      typeNames: assetIdTypeName,
      docs: ['The metadata of an asset was set.'],
    },
    MetadataCleared: {
      fields: { asset_id: 'u32' },
      typeNames: assetIdTypeName,
      docs: ['The metadata of an asset was cleared.'],
    },
    ApprovedTransfer: {
      fields: { asset_id: 'u32', source: 'AccountId32', delegate: 'AccountId32', amount: 'u128' },
      typeNames: { ...assetIdTypeName, source: 'T::AccountId', delegate: 'T::AccountId', amount: 'T::Balance' },
      docs: ['`source` allowed `delegate` to transfer `amount` more of its assets.'],
    },
    ApprovalCancelled: {
      fields: { asset_id: 'u32', owner: 'AccountId32', delegate: 'AccountId32' },
      typeNames: { ...assetIdTypeName, owner: 'T::AccountId', delegate: 'T::AccountId' },
      docs: ['`owner` cancelled its approval to `delegate`.'],
    },
    TransferredApproved: {
      fields: {
        asset_id: 'u32',
        owner: 'AccountId32',
        delegate: 'AccountId32',
        destination: 'AccountId32',
        amount: 'u128',
      },
      typeNames: {
        ...assetIdTypeName,
        owner: 'T::AccountId',
        delegate: 'T::AccountId',
        destination: 'T::AccountId',
        amount: 'T::Balance',
      },
      docs: ['`delegate` transferred `amount` of the assets of `owner`, as approved, to `destination`.'],
    },
    AssetStatusChanged: {
      fields: { asset_id: 'u32' },
      typeNames: assetIdTypeName,
      docs: ['The attributes of an asset were changed by the force origin.'],
    },
    AssetMinBalanceChanged: {
      fields: { asset_id: 'u32', new_min_balance: 'u128' },
      typeNames: { ...assetIdTypeName, new_min_balance: 'T::Balance' },
      docs: ['The owner changed the minimum balance of an asset.'],
    },
    Touched: {
      fields: { asset_id: 'u32', who: 'AccountId32', depositor: 'AccountId32' },
      typeNames: { ...assetAccountTypeNames, depositor: 'T::AccountId' },
      docs: ['The asset account of `who` was created with a deposit from `depositor`.'],
    },
    Blocked: {
      fields: { asset_id: 'u32', who: 'AccountId32' },
      typeNames: assetAccountTypeNames,
      docs: ['The asset account of `who` was blocked.'],
    },
    Deposited: {
      fields: { asset_id: 'u32', who: 'AccountId32', amount: 'u128' },
      typeNames: assetBalanceTypeNames,
      docs: ['Some assets were deposited into an account (e.g. a fee refund).'],
    },
    Withdrawn: {
      fields: { asset_id: 'u32', who: 'AccountId32', amount: 'u128' },
      typeNames: assetBalanceTypeNames,
      docs: ['Some assets were withdrawn from an account (e.g. for fees).'],
    },
  },
  errors: {
    BalanceLow: ['The balance is lower than the amount.'],
    NoAccount: ['The asset account does not exist.'],
    NoPermission: ['The sender may not do this.'],
    Unknown: ['The asset id is unknown.'],
    Frozen: ['The asset account is frozen.'],
    InUse: ['The asset id is taken.'],
    BadWitness: ['The witness data is wrong.'],
    MinBalanceZero: ['The minimum balance must not be zero.'],
    UnavailableConsumer: [
      'No consumer reference could be added to the account: it has no provider for a',
      'non-sufficient asset, or too many consumers already.',
    ],
    BadMetadata: ['The metadata is invalid.'],
    Unapproved: ['No approval allows this transfer.'],
    WouldDie: ['The source account would not survive the transfer, which must keep it alive.'],
    AlreadyExists: ['The asset account already exists.'],
    NoDeposit: ['The asset account has no deposit.'],
    WouldBurn: ['The operation would burn funds.'],
    LiveAsset: ['The asset is live; the operation needs it to be being destroyed.'],
    AssetNotLive: ['The asset is not live: it is probably being destroyed.'],
    IncorrectStatus: ['The asset does not have the status the operation needs.'],
    NotFrozen: ['The asset must be frozen first.'],
    CallbackFailed: ['A callback failed.'],
    BadAssetId: ['The asset id must equal `NextAssetId`.'],
    ContainsFreezes: ['Some asset accounts have freezes, so the asset cannot be destroyed.'],
    ContainsHolds: ['Some asset accounts have holds, so the asset cannot be destroyed.'],
  },
  storage: {
    Asset: {
      value: 'AssetDetails',
      keys: [{ hasher: 'Blake2_128Concat', type: 'u32' }],
      modifier: 'Optional',
      docs: ['The details of each asset class.'],
    },
    Account: {
      value: 'AssetAccount',
      keys: [
        { hasher: 'Blake2_128Concat', type: 'u32' },
        { hasher: 'Blake2_128Concat', type: 'AccountId32' },
      ],
      modifier: 'Optional',
      docs: ['The holding of each account in each asset.'],
    },
    Approvals: {
      value: 'AssetApproval',
      keys: [
        { hasher: 'Blake2_128Concat', type: 'u32' },
        { hasher: 'Blake2_128Concat', type: 'AccountId32' },
        { hasher: 'Blake2_128Concat', type: 'AccountId32' },
      ],
      modifier: 'Optional',
      docs: [
        'Approved transfers, by asset, owner and delegate: the approved amount and the deposit',
        'reserved for it.',
      ],
    },
    Metadata: {
      value: 'AssetMetadata',
      keys: [{ hasher: 'Blake2_128Concat', type: 'u32' }],
      modifier: 'Default',
      docs: ['The metadata of each asset class.'],
    },
    NextAssetId: {
      value: 'u32',
      modifier: 'Optional',
      docs: [
        'The id the next created asset must have, if set; no constraint otherwise.',
        '',
        'It allows auto-incremented asset ids.',
      ],
    },
  },
  constants: {
    RemoveItemsLimit: {
      type: 'u32',
      value: 1000,
      docs: ['The maximum number of accounts or approvals removed by one destroy call.'],
    },
    AssetDeposit: { type: 'u128', value: 10n * BZR, docs: ['The deposit reserved to create an asset class.'] },
    AssetAccountDeposit: {
      type: 'u128',
      value: BZR / 100n,
      docs: ['The deposit reserved for an asset account that has no provider of its own.'],
    },
    MetadataDepositBase: {
      type: 'u128',
      value: BZR,
      docs: ['The base deposit reserved to set the metadata of an asset.'],
    },
    MetadataDepositPerByte: {
      type: 'u128',
      value: BZR / 100n,
      docs: ['The deposit reserved per byte of metadata.'],
    },
    ApprovalDeposit: {
      type: 'u128',
      value: BZR / 100n,
      docs: ['The deposit reserved while a transfer approval exists.'],
    },
    StringLimit: { type: 'u32', value: 50, docs: ['The maximum length in bytes of an asset name or symbol.'] },
  },
});
