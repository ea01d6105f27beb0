import { describe, expect, it } from 'vitest';
import type { Fields, NamedTypeDef, PalletDef, TypeExpr } from '../src/dsl.ts';
import { commercePallet } from '../src/pallets/commerce.ts';
import { disputePallet } from '../src/pallets/dispute.ts';
import { escrowPallet } from '../src/pallets/escrow.ts';
import { rewardsPallet } from '../src/pallets/rewards.ts';
import { primitiveTypes } from '../src/primitives.ts';

/**
 * The interface of the four Bazari pallets checked against issue 3, read with its conventions:
 * Balance u128 (`Compact<u128>` in calls), BlockNumber u32, StoreId u32, ListingId/OrderId/EscrowId/DisputeId u64,
 * MissionId u32, AssetId u32, CIDs and names `Vec<u8>`, accounts given in calls as `MultiAddress`.
 */
const CID = 'Vec<u8>';
const OPTIONAL_CID = 'Option<Vec<u8>>';
const BALANCE_ARG = 'Compact<u128>';

/** Every call of the issue, with its arguments in order; a pallet has exactly these. */
const issueCalls: Record<string, Record<string, Record<string, TypeExpr>>> = {
  Commerce: {
    create_store: { name: 'Vec<u8>', metadata_cid: CID, encryption_key: '[u8; 32]' },
    update_store: { store_id: 'u32', name: 'Vec<u8>', metadata_cid: CID, encryption_key: '[u8; 32]' },
    close_store: { store_id: 'u32' },
    create_listing: { store_id: 'u32', price: BALANCE_ARG, stock: 'u32', metadata_cid: CID },
    update_listing: { listing_id: 'u64', price: BALANCE_ARG, stock: 'u32', metadata_cid: CID },
    remove_listing: { listing_id: 'u64' },
    create_order: { store_id: 'u32', items: 'Vec<OrderItemRequest>', shipping_cid: OPTIONAL_CID },
    cancel_order: { order_id: 'u64' },
    mark_shipped: { order_id: 'u64', tracking_cid: OPTIONAL_CID },
    confirm_delivery: { order_id: 'u64' },
    mint_receipt: { order_id: 'u64', receipt_cid: CID },
    rate_seller: { order_id: 'u64', stars: 'u8', review_cid: OPTIONAL_CID },
    set_platform_fee: { fee: 'Permill' },
  },
  Escrow: {
    lock: { beneficiary: 'MultiAddress', amount: BALANCE_ARG, asset: 'Option<u32>', auto_release_after: 'Option<u32>' },
    release: { escrow_id: 'u64' },
    refund: { escrow_id: 'u64' },
    split_release: { escrow_id: 'u64', splits: 'Vec<(AccountId32, Permill)>' },
  },
  Rewards: {
    create_mission: {
      name: 'Vec<u8>',
      description_cid: OPTIONAL_CID,
      reward: BALANCE_ARG,
      max_completions: 'u32',
      expires_at: 'Option<u32>',
      kind: 'MissionKind',
    },
    complete_mission: { user: 'MultiAddress', mission_id: 'u32' },
    close_mission: { mission_id: 'u32' },
    mint_cashback: { user: 'MultiAddress', amount: BALANCE_ARG, reason: 'Vec<u8>' },
    set_cashback_rate: { rate: 'Permill' },
  },
  Dispute: {
    register_juror: { stake: BALANCE_ARG },
    add_stake: { amount: BALANCE_ARG },
    unregister_juror: {},
    open_dispute: { order_id: 'u64', evidence_cid: CID },
    submit_evidence: { dispute_id: 'u64', cid: CID },
    commit_vote: { dispute_id: 'u64', commitment: 'H256' },
    reveal_vote: { dispute_id: 'u64', vote: 'DisputeVote', salt: '[u8; 32]' },
    appeal: { dispute_id: 'u64' },
    execute_ruling: { dispute_id: 'u64' },
  },
};

const deadlines = { evidence_end: 'u32', commit_end: 'u32', reveal_end: 'u32' };

/**
 * Every event the issue names, with the fields it lists or implies (an indexer never reads storage);
 * an event may carry more fields than these.
 */
const issueEvents: Record<string, Record<string, Record<string, TypeExpr>>> = {
  Commerce: {
    StoreCreated: {
      store_id: 'u32',
      owner: 'AccountId32',
      name: 'Vec<u8>',
      metadata_cid: CID,
      encryption_key: '[u8; 32]',
    },
    StoreUpdated: { store_id: 'u32', name: 'Vec<u8>', metadata_cid: CID, encryption_key: '[u8; 32]' },
    StoreClosed: { store_id: 'u32' },
    ListingCreated: {
      listing_id: 'u64',
      store_id: 'u32',
      seller: 'AccountId32',
      price: 'u128',
      stock: 'u32',
      metadata_cid: CID,
    },
    ListingUpdated: { listing_id: 'u64', price: 'u128', stock: 'u32', metadata_cid: CID },
    ListingRemoved: { listing_id: 'u64' },
    OrderCreated: {
      order_id: 'u64',
      buyer: 'AccountId32',
      seller: 'AccountId32',
      store_id: 'u32',
      items: 'Vec<OrderItem>',
      total: 'u128',
      shipping_cid: OPTIONAL_CID,
    },
    OrderPaid: { order_id: 'u64', escrow_id: 'u64' },
    OrderCancelled: { order_id: 'u64', by: 'AccountId32' },
    OrderShipped: { order_id: 'u64', tracking_cid: OPTIONAL_CID, auto_release_at: 'u32' },
    OrderCompleted: { order_id: 'u64', seller_amount: 'u128', platform_fee: 'u128' },
    ReceiptMinted: { order_id: 'u64', receipt_cid: CID, by: 'AccountId32' },
    SellerRated: {
      order_id: 'u64',
      store_id: 'u32',
      buyer: 'AccountId32',
      stars: 'u8',
      review_cid: OPTIONAL_CID,
    },
    PlatformFeeSet: { fee: 'Permill' },
  },
  Escrow: {
    Locked: {
      escrow_id: 'u64',
      depositor: 'AccountId32',
      beneficiary: 'AccountId32',
      amount: 'u128',
      asset: 'Option<u32>',
      auto_release_at: 'Option<u32>',
      order_id: 'Option<u64>',
    },
    Released: { escrow_id: 'u64', to: 'AccountId32', amount: 'u128' },
    Refunded: { escrow_id: 'u64', to: 'AccountId32', amount: 'u128' },
    SplitReleased: { escrow_id: 'u64', payouts: 'Vec<(AccountId32, u128)>' },
    AutoReleased: { escrow_id: 'u64', to: 'AccountId32', amount: 'u128' },
    Frozen: { escrow_id: 'u64', dispute_id: 'u64' },
  },
  Rewards: {
    MissionCreated: {
      mission_id: 'u32',
      name: 'Vec<u8>',
      description_cid: OPTIONAL_CID,
      reward: 'u128',
      max_completions: 'u32',
      expires_at: 'Option<u32>',
      kind: 'MissionKind',
    },
    MissionCompleted: { mission_id: 'u32', user: 'AccountId32', reward: 'u128' },
    MissionClosed: { mission_id: 'u32' },
    CashbackMinted: { user: 'AccountId32', amount: 'u128', reason: 'CashbackReason', order_id: 'Option<u64>' },
    CashbackRateSet: { rate: 'Permill' },
  },
  Dispute: {
    JurorRegistered: { juror: 'AccountId32', stake: 'u128' },
    JurorStakeAdded: { juror: 'AccountId32', amount: 'u128' },
    JurorUnregistered: { juror: 'AccountId32' },
    DisputeOpened: {
      dispute_id: 'u64',
      order_id: 'u64',
      plaintiff: 'AccountId32',
      defendant: 'AccountId32',
      evidence_cid: CID,
      fee: 'u128',
    },
    JurorsSelected: { dispute_id: 'u64', round: 'u32', jurors: 'Vec<AccountId32>', ...deadlines },
    EvidenceSubmitted: { dispute_id: 'u64', cid: CID },
    VoteCommitted: { dispute_id: 'u64', round: 'u32', juror: 'AccountId32', commitment: 'H256' },
    VoteRevealed: { dispute_id: 'u64', round: 'u32', juror: 'AccountId32', vote: 'DisputeVote' },
    Appealed: { dispute_id: 'u64', round: 'u32', jurors: 'Vec<AccountId32>', ...deadlines },
    RulingExecuted: {
      dispute_id: 'u64',
      order_id: 'u64',
      ruling: 'DisputeVote',
      to_buyer: 'u128',
      to_seller: 'u128',
    },
    JurorRewarded: { dispute_id: 'u64', juror: 'AccountId32', amount: 'u128' },
    JurorSlashed: { dispute_id: 'u64', juror: 'AccountId32', amount: 'u128' },
  },
};

/** Events the issue does not name, added because an indexer would otherwise have to read storage. */
const addedEvents: Record<string, Record<string, Record<string, TypeExpr>>> = {
  Commerce: {},
  Escrow: { AutoReleaseScheduled: { escrow_id: 'u64', auto_release_at: 'u32' } },
  Rewards: {},
  Dispute: { FeeReturned: { dispute_id: 'u64', to: 'AccountId32', amount: 'u128' } },
};

/** Errors named by the issue or the brief (a pallet may have more). */
const expectedErrors: Record<string, readonly string[]> = {
  Commerce: [
    'InvalidCid',
    'NameTooLong',
    'StoreNotFound',
    'NotStoreOwner',
    'StoreClosed',
    'ListingNotFound',
    'ListingRemoved',
    'InsufficientStock',
    'ZeroPrice',
    'TooManyItems',
    'EmptyOrder',
    'CannotBuyOwnListing',
    'ListingNotInStore',
    'OrderNotFound',
    'InvalidOrderStatus',
    'NotBuyer',
    'NotSeller',
    'ReceiptAlreadyMinted',
    'AlreadyRated',
    'InvalidStars',
    'FeeTooHigh',
  ],
  Escrow: [
    'ManagedByOrder',
    'EscrowNotFound',
    'NotDepositor',
    'NotBeneficiary',
    'EscrowFrozen',
    'EscrowNotLocked',
    'InvalidSplit',
    'ZeroAmount',
  ],
  Rewards: [
    'MissionNotFound',
    'MissionClosed',
    'MissionExpired',
    'MissionFull',
    'AlreadyCompleted',
    'NotManualMission',
  ],
  Dispute: [
    'StakeTooLow',
    'AlreadyJuror',
    'NotJuror',
    'JurorBusy',
    'NotEnoughJurors',
    'DisputeNotFound',
    'NotParty',
    'WrongPhase',
    'NotSelectedJuror',
    'AlreadyCommitted',
    'NotCommitted',
    'AlreadyRevealed',
    'CommitmentMismatch',
    'NotLosingSide',
    'MaxRoundsReached',
  ],
};

/** Constants the issue and the brief ask for, with their type. */
const expectedConstants: Record<string, Record<string, TypeExpr>> = {
  Commerce: {
    MaxItemsPerOrder: 'u32',
    MaxNameLen: 'u32',
    MaxCidLen: 'u32',
    AutoReleaseBlocks: 'u32',
    MaxPlatformFee: 'Permill',
    TreasuryAccount: 'AccountId32',
  },
  Escrow: { EscrowPalletAccount: 'AccountId32', MaxAutoReleasesPerBlock: 'u32', MaxEscrowsPerBlock: 'u32' },
  Rewards: { ZariAssetId: 'u32' },
  Dispute: {
    MinJurorStake: 'u128',
    JurorsPerDispute: 'u32',
    DisputeFee: 'u128',
    AppealFee: 'u128',
    MaxRounds: 'u32',
    EvidencePeriod: 'u32',
    CommitPeriod: 'u32',
    RevealPeriod: 'u32',
    AppealWindow: 'u32',
    JurorSlash: 'Permill',
  },
};

const bazariPallets: Record<string, PalletDef> = {
  Commerce: commercePallet,
  Escrow: escrowPallet,
  Rewards: rewardsPallet,
  Dispute: disputePallet,
};

const ourTypes: Record<string, NamedTypeDef> = Object.assign(
  {},
  ...Object.values(bazariPallets).map((pallet) => pallet.types),
);
const knownTypes: Record<string, NamedTypeDef> = { ...primitiveTypes, ...ourTypes };

const BZR = 10n ** 12n;
const PRIMITIVE_NAMES = new Set([
  ...['bool', 'str', 'u8', 'u16', 'u32', 'u64', 'u128', 'u256', 'i8', 'i16', 'i32', 'i64', 'i128', 'i256'],
  ...['Compact', 'Vec', 'Option', 'Box'],
]);

/** The named types an expression mentions (`Vec<(AccountId32, Permill)>` → AccountId32, Permill). */
function namedReferences(expr: TypeExpr): string[] {
  return (expr.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).filter((word) => !PRIMITIVE_NAMES.has(word));
}

function fieldExprs(fields: Fields | undefined): TypeExpr[] {
  if (!fields) return [];
  return Array.isArray(fields) ? [...fields] : Object.values(fields);
}

/** Every type expression a pallet uses: type fields, call args, event fields, storage keys and values, constants. */
function expressionsOf(pallet: PalletDef): { where: string; expr: TypeExpr }[] {
  const found: { where: string; expr: TypeExpr }[] = [];
  const add = (where: string, exprs: TypeExpr[]) => found.push(...exprs.map((expr) => ({ where, expr })));
  for (const [name, def] of Object.entries(pallet.types ?? {})) {
    if (def.kind === 'struct') add(`type ${name}`, fieldExprs(def.fields));
    else
      for (const [variant, variantDef] of Object.entries(def.variants))
        add(`type ${name}::${variant}`, fieldExprs(variantDef?.fields));
  }
  for (const [name, call] of Object.entries(pallet.calls ?? {})) add(`call ${name}`, Object.values(call.args));
  for (const [name, event] of Object.entries(pallet.events ?? {})) add(`event ${name}`, fieldExprs(event.fields));
  for (const [name, item] of Object.entries(pallet.storage ?? {}))
    add(`storage ${name}`, [item.value, ...(item.keys ?? []).map((key) => key.type)]);
  for (const [name, constant] of Object.entries(pallet.constants ?? {})) add(`constant ${name}`, [constant.type]);
  return found;
}

/** Splits `A<B<C>, D>`'s top-level generic argument: `Option<X>` → X. */
function genericArgument(expr: TypeExpr, generic: string): TypeExpr | undefined {
  const match = new RegExp(`^${generic}<(.*)>$`).exec(expr.trim());
  return match?.[1];
}

/** Whether a JS value follows the codec's convention for a type expression (the shapes these pallets use). */
function conforms(value: unknown, expr: TypeExpr): boolean {
  const unsigned = /^u(8|16|32|64|128)$/.exec(expr);
  if (unsigned) {
    const bits = Number(unsigned[1]);
    if (bits <= 32) return Number.isInteger(value) && (value as number) >= 0 && (value as number) < 2 ** bits;
    return typeof value === 'bigint' && value >= 0n && value < 2n ** BigInt(bits);
  }
  if (expr === 'bool') return typeof value === 'boolean';
  const array = /^\[u8; (\d+)\]$/.exec(expr);
  if (array) return value instanceof Uint8Array && value.length === Number(array[1]);
  if (expr === 'Vec<u8>') return value instanceof Uint8Array;
  const optional = genericArgument(expr, 'Option');
  if (optional) return value === null || conforms(value, optional);
  const named = knownTypes[expr];
  if (named?.kind === 'struct' && Array.isArray(named.fields) && named.fields.length === 1)
    return conforms(value, named.fields[0]);
  throw new Error(`conforms() does not know ${expr}`);
}

const PERMILL_ONE = 1_000_000;

describe.each(Object.entries(bazariPallets))('%s pallet', (name, pallet) => {
  it('has exactly the calls of the issue, with their argument names and types in order', () => {
    const actual = Object.fromEntries(Object.entries(pallet.calls ?? {}).map(([call, def]) => [call, def.args]));
    expect(actual).toEqual(issueCalls[name]);
    for (const [call, def] of Object.entries(pallet.calls ?? {}))
      expect(Object.keys(def.args), call).toEqual(Object.keys(issueCalls[name][call]));
  });

  it('has every event of the issue with its fields, and only the events explained here', () => {
    const events = pallet.events ?? {};
    const expected = { ...issueEvents[name], ...addedEvents[name] };
    expect(Object.keys(events).sort()).toEqual(Object.keys(expected).sort());
    for (const [event, fields] of Object.entries(expected)) {
      const actual = events[event].fields;
      expect(Array.isArray(actual), `${event} has named fields`).toBe(false);
      expect(actual, event).toMatchObject(fields);
    }
  });

  it('has the named errors, each documented for the user', () => {
    const errors = pallet.errors ?? {};
    expect(Object.keys(errors)).toEqual(expect.arrayContaining([...expectedErrors[name]]));
    for (const [error, docs] of Object.entries(errors)) expect(docs.join(' ').length, error).toBeGreaterThan(10);
  });

  it('documents every call and event', () => {
    for (const [call, def] of Object.entries(pallet.calls ?? {})) expect(def.docs.length, call).toBeGreaterThan(0);
    for (const [event, def] of Object.entries(pallet.events ?? {})) expect(def.docs.length, event).toBeGreaterThan(0);
  });

  it('numbers calls and events uniquely, in declaration order', () => {
    for (const items of [pallet.calls ?? {}, pallet.events ?? {}]) {
      const indices = Object.values(items).map((item, position) => item.index ?? position);
      expect(indices).toEqual(indices.map((_, position) => position));
    }
  });

  it('references only named types that are declared, in its types or in primitives.ts', () => {
    const unknown = expressionsOf(pallet).flatMap(({ where, expr }) =>
      namedReferences(expr)
        .filter((reference) => !(reference in knownTypes))
        .map((reference) => `${where}: ${reference}`),
    );
    expect(unknown).toEqual([]);
  });

  it('gives its types paths in its crate and typeNames only for fields that exist', () => {
    for (const [type, def] of Object.entries(pallet.types ?? {})) {
      expect(def.path.slice(0, 2), type).toEqual([pallet.crate, 'types']);
      if (def.kind === 'struct' && def.typeNames)
        expect(Object.keys(def.fields), type).toEqual(expect.arrayContaining(Object.keys(def.typeNames)));
    }
    for (const [call, def] of Object.entries(pallet.calls ?? {}))
      expect(Object.keys(def.args), call).toEqual(expect.arrayContaining(Object.keys(def.typeNames ?? {})));
    for (const [event, def] of Object.entries(pallet.events ?? {}))
      expect(Object.keys(def.fields), event).toEqual(expect.arrayContaining(Object.keys(def.typeNames ?? {})));
  });

  it('has its constants, with values in the codec convention of their types', () => {
    const constants = pallet.constants ?? {};
    for (const [constant, type] of Object.entries(expectedConstants[name]))
      expect(constants[constant]?.type, constant).toBe(type);
    for (const [constant, def] of Object.entries(constants)) {
      expect(conforms(def.value, def.type), constant).toBe(true);
      expect(def.docs.length, constant).toBeGreaterThan(0);
    }
  });

  it('keys user-controlled storage with Blake2_128Concat and ids with Twox64Concat; defaults fit their type', () => {
    for (const [item, def] of Object.entries(pallet.storage ?? {})) {
      for (const key of def.keys ?? [])
        expect(key.hasher, `${item} key ${key.type}`).toBe(
          key.type === 'AccountId32' ? 'Blake2_128Concat' : 'Twox64Concat',
        );
      if (def.default !== undefined) {
        expect(def.modifier, item).toBe('Default');
        expect(conforms(def.default, def.value), item).toBe(true);
      }
    }
  });
});

describe('Bazari pallets together', () => {
  it('sit at runtime indices 10 to 13 with FRAME crate names', () => {
    expect(Object.values(bazariPallets).map(({ name, index, crate }) => [name, index, crate])).toEqual([
      ['Commerce', 10, 'pallet_commerce'],
      ['Escrow', 11, 'pallet_escrow'],
      ['Rewards', 12, 'pallet_rewards'],
      ['Dispute', 13, 'pallet_dispute'],
    ]);
  });

  it('declare each named type once, none shadowing a primitive', () => {
    const names = Object.values(bazariPallets).flatMap((pallet) => Object.keys(pallet.types ?? {}));
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((type) => type in primitiveTypes)).toEqual([]);
  });

  it('have an id counter for every kind of id', () => {
    const counters = Object.values(bazariPallets).flatMap((pallet) =>
      Object.entries(pallet.storage ?? {}).filter(([item]) => item.startsWith('Next')),
    );
    expect(Object.fromEntries(counters.map(([item, def]) => [item, def.value]))).toEqual({
      NextStoreId: 'u32',
      NextListingId: 'u64',
      NextOrderId: 'u64',
      NextEscrowId: 'u64',
      NextMissionId: 'u32',
      NextDisputeId: 'u64',
    });
  });

  it('derive the treasury and escrow accounts like FRAME PalletIds', () => {
    const account = (palletId: string) => {
      const bytes = new Uint8Array(32);
      bytes.set(new TextEncoder().encode(`modl${palletId}`));
      return bytes;
    };
    expect(commercePallet.constants?.TreasuryAccount.value).toEqual(account('py/trsry'));
    expect(escrowPallet.constants?.EscrowPalletAccount.value).toEqual(account('bz/escrw'));
    expect(Buffer.from(account('py/trsry')).toString('hex')).toBe(`6d6f646c70792f7472737279${'00'.repeat(20)}`);
  });

  it('use the devnet values of the issue: 5% platform fee, 1% cashback, ZARI 1000, 5 jurors, BZR amounts', () => {
    expect(commercePallet.storage?.PlatformFee.default).toBe(PERMILL_ONE / 20);
    expect(commercePallet.constants?.MaxPlatformFee.value).toBe(PERMILL_ONE / 5);
    expect(rewardsPallet.storage?.CashbackRate.default).toBe(PERMILL_ONE / 100);
    expect(rewardsPallet.constants?.ZariAssetId.value).toBe(1000);
    expect(commercePallet.constants?.MaxItemsPerOrder.value).toBe(32);
    expect(commercePallet.constants?.MaxNameLen.value).toBe(64);
    expect(commercePallet.constants?.MaxCidLen.value).toBe(128);
    expect(disputePallet.constants?.JurorsPerDispute.value).toBe(5);
    for (const fee of ['MinJurorStake', 'DisputeFee', 'AppealFee'])
      expect((disputePallet.constants?.[fee].value as bigint) % BZR, fee).toBe(0n);
  });

  it('size the largest jury for every appeal: 5, 11, 23 jurors over MaxRounds rounds', () => {
    const constants = disputePallet.constants ?? {};
    let jurors = constants.JurorsPerDispute.value as number;
    for (let round = 1; round < (constants.MaxRounds.value as number); round++) jurors = 2 * jurors + 1;
    expect(constants.MaxJurorsPerRound.value).toBe(jurors);
  });
});
