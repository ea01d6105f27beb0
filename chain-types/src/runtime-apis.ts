import { enumeration, type NamedTypeDef, struct, type TypeExpr } from './dsl.ts';

/** A runtime API the devnet serves through `state_call`, as listed in metadata V15 and the runtime version. */
export interface RuntimeApiDef {
  readonly name: string;
  readonly version: number;
  readonly methods: readonly {
    readonly name: string;
    readonly inputs: Readonly<Record<string, TypeExpr>>;
    readonly output: TypeExpr;
    readonly docs: readonly string[];
  }[];
  readonly docs: readonly string[];
}

export const runtimeApiTypes: Readonly<Record<string, NamedTypeDef>> = {
  OpaqueMetadata: struct('sp_core::OpaqueMetadata', ['Vec<u8>']),
  TransactionSource: enumeration('sp_runtime::transaction_validity::TransactionSource', {
    InBlock: null,
    Local: null,
    External: null,
  }),
  ValidTransaction: struct('sp_runtime::transaction_validity::ValidTransaction', {
    priority: 'u64',
    requires: 'Vec<Vec<u8>>',
    provides: 'Vec<Vec<u8>>',
    longevity: 'u64',
    propagate: 'bool',
  }),
  InvalidTransaction: enumeration('sp_runtime::transaction_validity::InvalidTransaction', {
    Call: null,
    Payment: null,
    Future: null,
    Stale: null,
    BadProof: null,
    AncientBirthBlock: null,
    ExhaustsResources: null,
    Custom: { fields: ['u8'] },
    BadMandatory: null,
    MandatoryValidation: null,
    BadSigner: null,
    IndeterminateImplicit: null,
    UnknownOrigin: null,
  }),
  UnknownTransaction: enumeration('sp_runtime::transaction_validity::UnknownTransaction', {
    CannotLookup: null,
    NoUnsignedValidator: null,
    Custom: { fields: ['u8'] },
  }),
  TransactionValidityError: enumeration('sp_runtime::transaction_validity::TransactionValidityError', {
    Invalid: { fields: ['InvalidTransaction'] },
    Unknown: { fields: ['UnknownTransaction'] },
  }),
  TransactionValidity: enumeration(
    'Result',
    { Ok: { fields: ['ValidTransaction'] }, Err: { fields: ['TransactionValidityError'] } },
    { params: { T: 'ValidTransaction', E: 'TransactionValidityError' } },
  ),
};

export const runtimeApis: readonly RuntimeApiDef[] = [
  {
    name: 'Core',
    version: 5,
    docs: ['The `Core` runtime api that every Substrate runtime needs to implement.'],
    methods: [{ name: 'version', inputs: {}, output: 'RuntimeVersion', docs: ['Returns the version of the runtime.'] }],
  },
  {
    name: 'Metadata',
    version: 2,
    docs: ['The `Metadata` api trait that returns metadata for the runtime.'],
    methods: [
      { name: 'metadata', inputs: {}, output: 'OpaqueMetadata', docs: ['Returns the metadata of a runtime.'] },
      {
        name: 'metadata_at_version',
        inputs: { version: 'u32' },
        output: 'Option<OpaqueMetadata>',
        docs: ['Returns the metadata at a given version.'],
      },
      {
        name: 'metadata_versions',
        inputs: {},
        output: 'Vec<u32>',
        docs: ['Returns the supported metadata versions.'],
      },
    ],
  },
  {
    name: 'TaggedTransactionQueue',
    version: 3,
    docs: ['The `TaggedTransactionQueue` api trait for interfering with the transaction queue.'],
    methods: [
      {
        name: 'validate_transaction',
        inputs: { source: 'TransactionSource', tx: 'UncheckedExtrinsic', block_hash: 'H256' },
        output: 'TransactionValidity',
        docs: ['Validate the transaction.'],
      },
    ],
  },
  {
    name: 'AccountNonceApi',
    version: 1,
    docs: ['The API to query account nonce.'],
    methods: [
      {
        name: 'account_nonce',
        inputs: { account: 'AccountId32' },
        output: 'u32',
        docs: ['Get current account nonce of given `AccountId`.'],
      },
    ],
  },
  {
    name: 'TransactionPaymentApi',
    version: 4,
    docs: [],
    methods: [
      {
        name: 'query_info',
        inputs: { uxt: 'UncheckedExtrinsic', len: 'u32' },
        output: 'RuntimeDispatchInfo',
        docs: [],
      },
      {
        name: 'query_fee_details',
        inputs: { uxt: 'UncheckedExtrinsic', len: 'u32' },
        output: 'FeeDetails',
        docs: [],
      },
    ],
  },
];
