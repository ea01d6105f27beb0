import { pallet, struct } from '../dsl.ts';
import { chainProperties, runtimeVersion } from '../version.ts';

/** A weight in the codec convention: `Weight` is `{ ref_time, proof_size }`, both `Compact<u64>`. */
interface WeightValue {
  readonly ref_time: bigint;
  readonly proof_size: bigint;
}

const WEIGHT_REF_TIME_PER_SECOND = 1_000_000_000_000n;
const U64_MAX = 2n ** 64n - 1n;
/** Share of a block that `Normal` extrinsics may fill; `Operational` ones may use the rest. */
const NORMAL_DISPATCH_PERCENT = 75n;
/** Share of a block assumed to go to `on_initialize` hooks. */
const AVERAGE_ON_INITIALIZE_PERCENT = 10n;
const MAX_BLOCK_LENGTH = 5 * 1024 * 1024;

const maxBlockWeight: WeightValue = { ref_time: 2n * WEIGHT_REF_TIME_PER_SECOND, proof_size: U64_MAX };
/** Substrate's `BlockExecutionWeight` and `ExtrinsicBaseWeight` (5 ms and 125 µs of execution). */
const baseBlockWeight: WeightValue = { ref_time: 5_000_000_000n, proof_size: 0n };
const baseExtrinsicWeight: WeightValue = { ref_time: 125_000_000n, proof_size: 0n };

function percentOf(weight: WeightValue, percent: bigint): WeightValue {
  return { ref_time: (weight.ref_time * percent) / 100n, proof_size: (weight.proof_size * percent) / 100n };
}

function minus(weight: WeightValue, other: WeightValue): WeightValue {
  return { ref_time: weight.ref_time - other.ref_time, proof_size: weight.proof_size - other.proof_size };
}

/** `BlockWeights::with_sensible_defaults(maxBlockWeight, NORMAL_DISPATCH_RATIO)`, as FRAME computes it. */
function sensibleBlockWeights() {
  const normalMaxTotal = percentOf(maxBlockWeight, NORMAL_DISPATCH_PERCENT);
  const initialization = percentOf(maxBlockWeight, AVERAGE_ON_INITIALIZE_PERCENT);
  const limitedClass = (maxTotal: WeightValue, reserved: WeightValue) => ({
    base_extrinsic: baseExtrinsicWeight,
    max_extrinsic: minus(minus(maxTotal, initialization), baseExtrinsicWeight),
    max_total: maxTotal,
    reserved,
  });
  return {
    base_block: baseBlockWeight,
    max_block: maxBlockWeight,
    per_class: {
      normal: limitedClass(normalMaxTotal, { ref_time: 0n, proof_size: 0n }),
      operational: limitedClass(maxBlockWeight, minus(maxBlockWeight, normalMaxTotal)),
      mandatory: { base_extrinsic: baseExtrinsicWeight, max_extrinsic: null, max_total: null, reserved: null },
    },
  };
}

const accountTypeName = { account: 'T::AccountId' };

/** `frame_system`: accounts, block bookkeeping, events and runtime upgrades. */
export const systemPallet = pallet({
  name: 'System',
  index: 0,
  crate: 'frame_system',
  docs: ['The base of the runtime: accounts and their nonces, the current block, its events and digest.'],
  types: {
    AccountInfo: struct(
      'frame_system::AccountInfo',
      { nonce: 'u32', consumers: 'u32', providers: 'u32', sufficients: 'u32', data: 'BalancesAccountData' },
      {
        params: { Nonce: 'u32', AccountData: 'BalancesAccountData' },
        typeNames: {
          nonce: 'Nonce',
          consumers: 'RefCount',
          providers: 'RefCount',
          sufficients: 'RefCount',
          data: 'AccountData',
        },
      },
    ),
    PerDispatchClassWeight: struct(
      'frame_support::dispatch::PerDispatchClass',
      { normal: 'Weight', operational: 'Weight', mandatory: 'Weight' },
      { params: { T: 'Weight' }, typeNames: { normal: 'T', operational: 'T', mandatory: 'T' } },
    ),
    PerDispatchClassWeightsPerClass: struct(
      'frame_support::dispatch::PerDispatchClass',
      { normal: 'WeightsPerClass', operational: 'WeightsPerClass', mandatory: 'WeightsPerClass' },
      { params: { T: 'WeightsPerClass' }, typeNames: { normal: 'T', operational: 'T', mandatory: 'T' } },
    ),
    PerDispatchClassU32: struct(
      'frame_support::dispatch::PerDispatchClass',
      { normal: 'u32', operational: 'u32', mandatory: 'u32' },
      { params: { T: 'u32' }, typeNames: { normal: 'T', operational: 'T', mandatory: 'T' } },
    ),
    BlockWeights: struct(
      'frame_system::limits::BlockWeights',
      { base_block: 'Weight', max_block: 'Weight', per_class: 'PerDispatchClassWeightsPerClass' },
      { typeNames: { per_class: 'PerDispatchClass<WeightsPerClass>' } },
    ),
    WeightsPerClass: struct('frame_system::limits::WeightsPerClass', {
      base_extrinsic: 'Weight',
      max_extrinsic: 'Option<Weight>',
      max_total: 'Option<Weight>',
      reserved: 'Option<Weight>',
    }),
    BlockLength: struct(
      'frame_system::limits::BlockLength',
      { max: 'PerDispatchClassU32' },
      { typeNames: { max: 'PerDispatchClass<u32>' } },
    ),
    RuntimeDbWeight: struct('sp_weights::RuntimeDbWeight', { read: 'u64', write: 'u64' }),
    // Recent Substrate wraps `spec_name`, `impl_name` and `apis` in `Cow`, which encodes as its
    // content and which clients unwrap; the plain types are spelled here.
    RuntimeVersion: struct(
      'sp_version::RuntimeVersion',
      {
        spec_name: 'str',
        impl_name: 'str',
        authoring_version: 'u32',
        spec_version: 'u32',
        impl_version: 'u32',
        apis: 'Vec<([u8; 8], u32)>',
        transaction_version: 'u32',
        system_version: 'u8',
      },
      { typeNames: { spec_name: "Cow<'static, str>", impl_name: "Cow<'static, str>", apis: 'ApisVec' } },
    ),
    LastRuntimeUpgradeInfo: struct(
      'frame_system::LastRuntimeUpgradeInfo',
      { spec_version: 'Compact<u32>', spec_name: 'str' },
      { typeNames: { spec_version: 'codec::Compact<u32>', spec_name: "Cow<'static, str>" } },
    ),
  },
  calls: {
    remark: {
      index: 0,
      args: { remark: 'Vec<u8>' },
      docs: ['Make an on-chain remark.', '', 'Any origin may call it.'],
    },
    set_heap_pages: {
      index: 1,
      args: { pages: 'u64' },
      docs: ['Set the number of pages of the WebAssembly heap.'],
    },
    set_code: { index: 2, args: { code: 'Vec<u8>' }, docs: ['Set the new runtime code.'] },
    set_code_without_checks: {
      index: 3,
      args: { code: 'Vec<u8>' },
      docs: [
        'Set the new runtime code without checking it.',
        '',
        'Runtime upgrade hooks do not run if the spec version does not increase.',
      ],
    },
    set_storage: {
      index: 4,
      args: { items: 'Vec<(Vec<u8>, Vec<u8>)>' },
      typeNames: { items: 'Vec<KeyValue>' },
      docs: ['Set some storage items.'],
    },
    kill_storage: {
      index: 5,
      args: { keys: 'Vec<Vec<u8>>' },
      typeNames: { keys: 'Vec<Key>' },
      docs: ['Remove some storage items.'],
    },
    kill_prefix: {
      index: 6,
      args: { prefix: 'Vec<u8>', subkeys: 'u32' },
      typeNames: { prefix: 'Key' },
      docs: [
        'Remove every storage item whose key starts with `prefix`.',
        '',
        '**NOTE:** the Root origin gives `subkeys`, the number of keys under the prefix, so',
        'that the weight can be computed.',
      ],
    },
    remark_with_event: {
      index: 7,
      args: { remark: 'Vec<u8>' },
      docs: ['Make an on-chain remark and emit `Remarked`.'],
    },
  },
  events: {
    ExtrinsicSuccess: {
      fields: { dispatch_info: 'DispatchInfo' },
      docs: ['An extrinsic completed successfully.'],
    },
    ExtrinsicFailed: {
      fields: { dispatch_error: 'DispatchError', dispatch_info: 'DispatchInfo' },
      docs: ['An extrinsic failed.'],
    },
    CodeUpdated: { fields: {}, docs: ['`:code` was updated.'] },
    NewAccount: {
      fields: { account: 'AccountId32' },
      typeNames: accountTypeName,
      docs: ['A new account was created.'],
    },
    KilledAccount: {
      fields: { account: 'AccountId32' },
      typeNames: accountTypeName,
      docs: ['An account was reaped.'],
    },
    Remarked: {
      fields: { sender: 'AccountId32', hash: 'H256' },
      typeNames: { sender: 'T::AccountId', hash: 'T::Hash' },
      docs: ['An on-chain remark happened.'],
    },
  },
  errors: {
    InvalidSpecName: ['The spec name of the new runtime differs from the current one.'],
    SpecVersionNeedsToIncrease: ['The spec version of the new runtime must not decrease.'],
    FailedToExtractRuntimeVersion: [
      'The runtime version of the new runtime could not be read.',
      '',
      'Either calling `Core_version` or decoding `RuntimeVersion` failed.',
    ],
    NonDefaultComposite: ['The account to remove still has non-default composite data.'],
    NonZeroRefCount: ['A non-zero reference count prevents removing the account.'],
    CallFiltered: ['The origin filter rejected the call.'],
    MultiBlockMigrationsOngoing: ['A multi-block migration is running; the code cannot be replaced now.'],
    NothingAuthorized: ['No upgrade is authorized.'],
    Unauthorized: ['The submitted code is not the authorized one.'],
  },
  storage: {
    Account: {
      value: 'AccountInfo',
      keys: [{ hasher: 'Blake2_128Concat', type: 'AccountId32' }],
      modifier: 'Default',
      docs: ['The full information of each account: nonce, reference counts and balances.'],
    },
    ExtrinsicCount: {
      value: 'u32',
      modifier: 'Optional',
      docs: ['The number of extrinsics in the current block.'],
    },
    BlockWeight: {
      value: 'PerDispatchClassWeight',
      modifier: 'Default',
      docs: ['The weight used so far in the current block, per dispatch class.'],
    },
    AllExtrinsicsLen: {
      value: 'u32',
      modifier: 'Optional',
      docs: ['The total length in bytes of the extrinsics of the current block.'],
    },
    BlockHash: {
      value: 'H256',
      keys: [{ hasher: 'Twox64Concat', type: 'u32' }],
      modifier: 'Default',
      docs: ['Hashes of the recent blocks, by number.'],
    },
    ExtrinsicData: {
      value: 'Vec<u8>',
      keys: [{ hasher: 'Twox64Concat', type: 'u32' }],
      modifier: 'Default',
      docs: ['The extrinsics of the current block, by index.'],
    },
    Number: {
      value: 'u32',
      modifier: 'Default',
      docs: ['The number of the block being executed.'],
    },
    ParentHash: { value: 'H256', modifier: 'Default', docs: ['The hash of the previous block.'] },
    Digest: {
      value: 'Digest',
      modifier: 'Default',
      docs: ['The digest of the current block, which is also part of its header.'],
    },
    Events: {
      value: 'Vec<EventRecord>',
      modifier: 'Default',
      docs: [
        'The events deposited in the current block.',
        '',
        'NOTE: unbounded, so never read on chain: it would inflate the proof size of the block.',
      ],
    },
    EventCount: {
      value: 'u32',
      modifier: 'Default',
      docs: ['The number of events in `Events`.'],
    },
    EventTopics: {
      value: 'Vec<(u32, u32)>',
      keys: [{ hasher: 'Blake2_128Concat', type: 'H256' }],
      modifier: 'Default',
      docs: [
        'The events of each topic, as `(block number, event index)` pairs.',
        '',
        'The block number makes the entry change even when the same event indices repeat in the',
        'next block, so that clients watching the key are notified.',
      ],
    },
    LastRuntimeUpgrade: {
      value: 'LastRuntimeUpgradeInfo',
      modifier: 'Optional',
      docs: ['The spec version and spec name of the last runtime upgrade.'],
    },
    ExecutionPhase: {
      value: 'Phase',
      modifier: 'Optional',
      docs: ['The phase of the block being executed.'],
    },
  },
  constants: {
    BlockWeights: {
      type: 'BlockWeights',
      value: sensibleBlockWeights(),
      docs: ['The base weights and limits of blocks and extrinsics.'],
    },
    BlockLength: {
      type: 'BlockLength',
      value: {
        max: {
          normal: (MAX_BLOCK_LENGTH * Number(NORMAL_DISPATCH_PERCENT)) / 100,
          operational: MAX_BLOCK_LENGTH,
          mandatory: MAX_BLOCK_LENGTH,
        },
      },
      docs: ['The maximum length of a block in bytes, per dispatch class.'],
    },
    BlockHashCount: {
      type: 'u32',
      value: 2400,
      docs: ['The number of recent block hashes kept in `BlockHash`; older ones are pruned.'],
    },
    DbWeight: {
      type: 'RuntimeDbWeight',
      value: { read: 25_000_000n, write: 100_000_000n },
      docs: ['The weight of a database read and of a database write.'],
    },
    Version: {
      type: 'RuntimeVersion',
      value: runtimeVersion,
      docs: ["The runtime's in-code version."],
    },
    SS58Prefix: {
      type: 'u16',
      value: chainProperties.ss58Format,
      docs: [
        'The SS58 prefix of the chain, used to encode addresses.',
        '',
        'It supersedes the `ss58Format` property of the chain spec.',
      ],
    },
  },
});
