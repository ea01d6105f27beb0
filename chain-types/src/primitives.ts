import { enumeration, type NamedTypeDef, struct } from './dsl.ts';

/**
 * Types shared by every pallet, with the paths real Substrate runtimes give them, since
 * clients (polkadot-js, Subsquid) recognise several of them by path.
 * `RuntimeCall`, `RuntimeEvent` and `RuntimeError` are the runtime's outer enums, built from the pallets.
 */
export const primitiveTypes: Readonly<Record<string, NamedTypeDef>> = {
  AccountId32: struct('sp_core::crypto::AccountId32', ['[u8; 32]'], { typeNames: { 0: '[u8; 32]' } }),
  H256: struct('primitive_types::H256', ['[u8; 32]']),
  Signature64: struct('sp_core::sr25519::Signature', ['[u8; 64]']),
  Ed25519Signature: struct('sp_core::ed25519::Signature', ['[u8; 64]']),
  EcdsaSignature: struct('sp_core::ecdsa::Signature', ['[u8; 65]']),
  MultiAddress: enumeration(
    'sp_runtime::multiaddress::MultiAddress',
    {
      Id: { fields: ['AccountId32'], typeNames: { 0: 'AccountId' } },
      Index: { fields: ['Compact<u32>'], typeNames: { 0: 'AccountIndex' } },
      Raw: { fields: ['Vec<u8>'] },
      Address32: { fields: ['[u8; 32]'] },
      Address20: { fields: ['[u8; 20]'] },
    },
    { params: { AccountId: 'AccountId32', AccountIndex: 'u32' } },
  ),
  MultiSignature: enumeration('sp_runtime::MultiSignature', {
    Ed25519: { fields: ['Ed25519Signature'], typeNames: { 0: 'ed25519::Signature' } },
    Sr25519: { fields: ['Signature64'], typeNames: { 0: 'sr25519::Signature' } },
    Ecdsa: { fields: ['EcdsaSignature'], typeNames: { 0: 'ecdsa::Signature' } },
  }),
  Permill: struct('sp_arithmetic::per_things::Permill', ['u32']),
  Perbill: struct('sp_arithmetic::per_things::Perbill', ['u32']),
  Percent: struct('sp_arithmetic::per_things::Percent', ['u8']),
  FixedU128: struct('sp_arithmetic::fixed_point::FixedU128', ['u128']),
  Weight: struct('sp_weights::weight_v2::Weight', { ref_time: 'Compact<u64>', proof_size: 'Compact<u64>' }),
  DispatchClass: enumeration('frame_support::dispatch::DispatchClass', {
    Normal: null,
    Operational: null,
    Mandatory: null,
  }),
  Pays: enumeration('frame_support::dispatch::Pays', { Yes: null, No: null }),
  DispatchInfo: struct('frame_support::dispatch::DispatchInfo', {
    weight: 'Weight',
    class: 'DispatchClass',
    pays_fee: 'Pays',
  }),
  ModuleError: struct(
    'sp_runtime::ModuleError',
    { index: 'u8', error: '[u8; 4]' },
    { typeNames: { error: '[u8; MAX_MODULE_ERROR_ENCODED_SIZE]' } },
  ),
  TokenError: enumeration('sp_runtime::TokenError', {
    FundsUnavailable: null,
    OnlyProvider: null,
    BelowMinimum: null,
    CannotCreate: null,
    UnknownAsset: null,
    Frozen: null,
    Unsupported: null,
    CannotCreateHold: null,
    NotExpendable: null,
    Blocked: null,
  }),
  ArithmeticError: enumeration('sp_arithmetic::ArithmeticError', {
    Underflow: null,
    Overflow: null,
    DivisionByZero: null,
  }),
  TransactionalError: enumeration('sp_runtime::TransactionalError', { LimitReached: null, NoLayer: null }),
  DispatchError: enumeration('sp_runtime::DispatchError', {
    Other: null,
    CannotLookup: null,
    BadOrigin: null,
    Module: { fields: ['ModuleError'] },
    ConsumerRemaining: null,
    NoProviders: null,
    TooManyConsumers: null,
    Token: { fields: ['TokenError'] },
    Arithmetic: { fields: ['ArithmeticError'] },
    Transactional: { fields: ['TransactionalError'] },
    Exhausted: null,
    Corruption: null,
    Unavailable: null,
    RootNotAllowed: null,
    Trie: { fields: ['TrieError'] },
  }),
  TrieError: enumeration('sp_runtime::proving_trie::TrieError', {
    InvalidStateRoot: null,
    IncompleteDatabase: null,
    ValueAtIncompleteKey: null,
    DecoderError: null,
    InvalidHash: null,
    DuplicateKey: null,
    ExtraneousNode: null,
    ExtraneousValue: null,
    ExtraneousHashReference: null,
    InvalidChildReference: null,
    ValueMismatch: null,
    IncompleteProof: null,
    RootMismatch: null,
    DecodeError: null,
  }),
  DispatchResult: enumeration(
    'Result',
    { Ok: { fields: ['()'] }, Err: { fields: ['DispatchError'] } },
    { params: { T: '()', E: 'DispatchError' } },
  ),
  Phase: enumeration('frame_system::Phase', {
    ApplyExtrinsic: { fields: ['u32'] },
    Finalization: null,
    Initialization: null,
  }),
  EventRecord: struct(
    'frame_system::EventRecord',
    { phase: 'Phase', event: 'RuntimeEvent', topics: 'Vec<H256>' },
    { params: { E: 'RuntimeEvent', T: 'H256' }, typeNames: { event: 'E', topics: 'Vec<T>' } },
  ),
  DigestItem: enumeration('sp_runtime::generic::digest::DigestItem', {
    Other: { index: 0, fields: ['Vec<u8>'] },
    Consensus: { index: 4, fields: ['[u8; 4]', 'Vec<u8>'], typeNames: { 0: 'ConsensusEngineId' } },
    Seal: { index: 5, fields: ['[u8; 4]', 'Vec<u8>'], typeNames: { 0: 'ConsensusEngineId' } },
    PreRuntime: { index: 6, fields: ['[u8; 4]', 'Vec<u8>'], typeNames: { 0: 'ConsensusEngineId' } },
    RuntimeEnvironmentUpdated: { index: 8 },
  }),
  Digest: struct('sp_runtime::generic::digest::Digest', { logs: 'Vec<DigestItem>' }),
  Header: struct(
    'sp_runtime::generic::header::Header',
    {
      parent_hash: 'H256',
      number: 'Compact<u32>',
      state_root: 'H256',
      extrinsics_root: 'H256',
      digest: 'Digest',
    },
    { params: { Number: 'u32', Hash: null } },
  ),
  Era: enumeration('sp_runtime::generic::era::Era', eraVariants()),
};

/** `Era` is encoded as one byte (Immortal) or two; metadata spells it as 256 variants, as Substrate does. */
function eraVariants(): Record<string, { fields?: string[] } | null> {
  const variants: Record<string, { fields?: string[] } | null> = { Immortal: null };
  for (let i = 1; i < 256; i++) variants[`Mortal${i}`] = { fields: ['u8'] };
  return variants;
}
