import { enumeration, pallet, struct } from '../dsl.ts';

/**
 * The account FRAME derives from a `PalletId` with `into_account_truncating`:
 * b"modl" ++ the 8-byte id, padded with zeros to 32 bytes.
 */
export function palletAccountId(palletId: string): Uint8Array {
  const seed = new TextEncoder().encode(`modl${palletId}`);
  if (seed.length !== 12) throw new Error(`A PalletId is 8 ASCII bytes, not "${palletId}"`);
  const account = new Uint8Array(32);
  account.set(seed);
  return account;
}

const MAX_ESCROWS_PER_BLOCK = 256;
const MAX_AUTO_RELEASES_PER_BLOCK = 64;
const MAX_SPLITS = 16;

/** `pallet_escrow`: funds held by the chain between two parties until released, refunded or split. */
export const escrowPallet = pallet({
  name: 'Escrow',
  index: 11,
  crate: 'pallet_escrow',
  docs: [
    'Escrow: funds in BZR or in an asset, held in the pallet account until they are released to the beneficiary,',
    'refunded to the depositor or split by a ruling. Peer-to-peer deals call it directly; every order of Commerce',
    'pays through an escrow that only Commerce and Dispute may move.',
  ],
  types: {
    EscrowDetails: struct(
      'pallet_escrow::types::Escrow',
      {
        depositor: 'AccountId32',
        beneficiary: 'AccountId32',
        amount: 'u128',
        asset: 'Option<u32>',
        status: 'EscrowStatus',
        auto_release_at: 'Option<u32>',
        order_id: 'Option<u64>',
        created_at: 'u32',
      },
      {
        docs: [
          'Funds of `depositor` held for `beneficiary`: `amount` of BZR (`asset` None) or of asset `asset`.',
          '`auto_release_at` is the block at which it is released to the beneficiary unless moved before;',
          '`order_id` is set for the escrow of a Commerce order, which direct calls cannot move.',
        ],
      },
    ),
    EscrowStatus: enumeration(
      'pallet_escrow::types::EscrowStatus',
      {
        Locked: { docs: ['Funds are held and can be released, refunded or split.'] },
        Released: { docs: ['Funds went to the beneficiary (by the depositor, root, an order or auto-release).'] },
        Refunded: { docs: ['Funds went back to the depositor.'] },
        Split: { docs: ['Funds were divided between several accounts (root or a dispute ruling).'] },
        Frozen: { docs: ['A dispute holds the funds: nothing moves them until its ruling splits them.'] },
      },
      { docs: ['Where the funds of an escrow are. Every status but `Locked` and `Frozen` is final.'] },
    ),
  },
  calls: {
    lock: {
      index: 0,
      args: {
        beneficiary: 'MultiAddress',
        amount: 'Compact<u128>',
        asset: 'Option<u32>',
        auto_release_after: 'Option<u32>',
      },
      typeNames: { beneficiary: 'AccountIdLookupOf<T>' },
      docs: [
        'Hold `amount` of BZR (`asset` None) or of an asset such as ZARI for `beneficiary`: any signed account.',
        'Checks a non-zero amount, a beneficiary other than the caller and a non-zero `auto_release_after`;',
        'the funds move to the pallet account. With `auto_release_after` the escrow is released to the',
        'beneficiary that many blocks later unless moved before. Emits `Locked`.',
      ],
    },
    release: {
      index: 1,
      args: { escrow_id: 'u64' },
      docs: [
        'Pay a locked escrow to its beneficiary: the depositor or root.',
        'Fails with `ManagedByOrder` on the escrow of an order and `EscrowFrozen` while disputed. Emits `Released`.',
      ],
    },
    refund: {
      index: 2,
      args: { escrow_id: 'u64' },
      docs: [
        'Give a locked escrow back to its depositor: the beneficiary or root.',
        'Fails with `ManagedByOrder` on the escrow of an order and `EscrowFrozen` while disputed. Emits `Refunded`.',
      ],
    },
    split_release: {
      index: 3,
      args: { escrow_id: 'u64', splits: 'Vec<(AccountId32, Permill)>' },
      typeNames: { splits: 'BoundedVec<(T::AccountId, Permill), MaxSplits>' },
      docs: [
        'Divide a locked escrow between accounts: root only.',
        `Checks 1 to ${MAX_SPLITS} shares summing to exactly 100%; rounding dust goes to the last account.`,
        'Fails with `ManagedByOrder` on the escrow of an order. Emits `SplitReleased`.',
      ],
    },
  },
  events: {
    Locked: {
      index: 0,
      fields: {
        escrow_id: 'u64',
        depositor: 'AccountId32',
        beneficiary: 'AccountId32',
        amount: 'u128',
        asset: 'Option<u32>',
        auto_release_at: 'Option<u32>',
        order_id: 'Option<u64>',
      },
      docs: ['Funds were locked in a new escrow (by `lock`, or by Commerce for order `order_id`).'],
    },
    AutoReleaseScheduled: {
      index: 1,
      fields: { escrow_id: 'u64', auto_release_at: 'u32' },
      docs: ["An order's escrow will be released to the seller at block `auto_release_at` (the order shipped)."],
    },
    Released: {
      index: 2,
      fields: { escrow_id: 'u64', to: 'AccountId32', amount: 'u128', platform_fee: 'u128' },
      docs: [
        'The escrow was released: `amount` went to the beneficiary `to` and `platform_fee` to the treasury',
        '(the fee of a completed order; zero for a direct escrow). Together they are the whole escrow.',
      ],
    },
    Refunded: {
      index: 3,
      fields: { escrow_id: 'u64', to: 'AccountId32', amount: 'u128' },
      docs: ['The whole escrow went back to the depositor `to`.'],
    },
    SplitReleased: {
      index: 4,
      fields: { escrow_id: 'u64', payouts: 'Vec<(AccountId32, u128)>' },
      docs: ['The escrow was divided: each account received its amount; together they are the whole escrow.'],
    },
    AutoReleased: {
      index: 5,
      fields: { escrow_id: 'u64', to: 'AccountId32', amount: 'u128', platform_fee: 'u128' },
      docs: ['The escrow was released when due, as by `Released`: `amount` to `to`, `platform_fee` to the treasury.'],
    },
    Frozen: {
      index: 6,
      fields: { escrow_id: 'u64', dispute_id: 'u64' },
      docs: ['A dispute froze the escrow of its order until the ruling, which ends it with `SplitReleased`.'],
    },
  },
  errors: {
    EscrowNotFound: ['There is no escrow with this id.'],
    NotDepositor: ['Only the account that locked the funds (or root) can release this escrow.'],
    NotBeneficiary: ['Only the beneficiary of this escrow (or root) can refund it.'],
    ManagedByOrder: ['This escrow pays for an order: it moves only through the order or its dispute.'],
    EscrowFrozen: ['This escrow is frozen by a dispute until the ruling.'],
    EscrowNotLocked: ['This escrow has already been released, refunded or split.'],
    ZeroAmount: ['The amount must be greater than zero.'],
    BeneficiaryIsDepositor: ['You cannot lock funds in an escrow for yourself.'],
    ZeroAutoReleaseDelay: ['The automatic release must be at least one block away.'],
    InvalidSplit: ['The shares of a split must be positive and add up to exactly 100%.'],
    TooManySplits: [`A split can pay at most ${MAX_SPLITS} accounts.`],
  },
  storage: {
    NextEscrowId: {
      value: 'u64',
      modifier: 'Default',
      docs: ['The id the next escrow will get.'],
    },
    Escrows: {
      value: 'EscrowDetails',
      keys: [{ hasher: 'Twox64Concat', type: 'u64' }],
      modifier: 'Optional',
      docs: ['Every escrow by id, kept after it is closed with its final status.'],
    },
    EscrowsDueAt: {
      value: 'Vec<u64>',
      keys: [{ hasher: 'Twox64Concat', type: 'u32' }],
      modifier: 'Default',
      docs: [
        `The escrows to auto-release at a block (at most ${MAX_ESCROWS_PER_BLOCK}; scheduling takes the first`,
        "block at or after the due one with room, which becomes the escrow's `auto_release_at`).",
        'An escrow leaves the index when it is moved or frozen.',
      ],
    },
    AutoReleaseCursor: {
      value: 'u32',
      modifier: 'Default',
      docs: [
        'The earliest block whose due escrows may not all be released yet. `on_initialize` works forward from it',
        `to the current block, releasing at most ${MAX_AUTO_RELEASES_PER_BLOCK} escrows; the rest wait for the next block.`,
      ],
    },
  },
  constants: {
    EscrowPalletAccount: {
      type: 'AccountId32',
      value: palletAccountId('bz/escrw'),
      docs: ['The account holding every open escrow: PalletId `bz/escrw` (b"modl" ++ id ++ zeros).'],
    },
    MaxEscrowsPerBlock: {
      type: 'u32',
      value: MAX_ESCROWS_PER_BLOCK,
      docs: ['How many escrows may be scheduled for auto-release at one block.'],
    },
    MaxAutoReleasesPerBlock: {
      type: 'u32',
      value: MAX_AUTO_RELEASES_PER_BLOCK,
      docs: ['How many due escrows `on_initialize` releases in one block; the rest carry over.'],
    },
    MaxSplits: {
      type: 'u32',
      value: MAX_SPLITS,
      docs: ['How many accounts one `split_release` may pay.'],
    },
  },
});
