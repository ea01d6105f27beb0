import { enumeration, pallet } from '../dsl.ts';

const runtimeCallTypeName = 'Box<<T as Config>::RuntimeCall>';
const runtimeCallsTypeName = 'Vec<<T as Config>::RuntimeCall>';

/** `pallet_utility`: batches of calls and dispatch under another origin. */
export const utilityPallet = pallet({
  name: 'Utility',
  index: 5,
  crate: 'pallet_utility',
  docs: ['Batches of calls, derivative accounts and dispatch with another origin.'],
  types: {
    // The origins of the runtime's pallets, one variant per pallet that declares an origin (at its
    // index). Only `frame_system` does here. Runtimes also carry an uninhabited `Void` variant,
    // left out since no value can hold it.
    OriginCaller: enumeration('bazari_runtime::OriginCaller', {
      system: { index: 0, fields: ['RawOrigin'], typeNames: { 0: 'frame_system::Origin<Runtime>' } },
    }),
    RawOrigin: enumeration(
      'frame_support::dispatch::RawOrigin',
      { Root: null, Signed: { fields: ['AccountId32'], typeNames: { 0: 'AccountId' } }, None: null },
      { params: { AccountId: 'AccountId32' } },
    ),
  },
  calls: {
    batch: {
      index: 0,
      args: { calls: 'Vec<RuntimeCall>' },
      typeNames: { calls: runtimeCallsTypeName },
      docs: [
        'Dispatch calls one after the other, stopping at the first failure.',
        '',
        'Any origin but _None_; with _Root_ the calls bypass the call filter. At most',
        '`batched_calls_limit` calls.',
        '',
        'Always succeeds: `BatchInterrupted` (with the index and error of the failed call) or',
        '`BatchCompleted` tells the outcome.',
      ],
    },
    as_derivative: {
      index: 1,
      args: { index: 'u16', call: 'Box<RuntimeCall>' },
      typeNames: { call: runtimeCallTypeName },
      docs: [
        'Dispatch `call` from the pseudonym of the sender numbered `index`.',
        '',
        'The origin filter of the sender applies to the call.',
        '',
        'The dispatch origin must be _Signed_.',
      ],
    },
    batch_all: {
      index: 2,
      args: { calls: 'Vec<RuntimeCall>' },
      typeNames: { calls: runtimeCallsTypeName },
      docs: [
        'Dispatch calls atomically: if any fails, the whole batch is rolled back and fails.',
        '',
        'Any origin but _None_; with _Root_ the calls bypass the call filter. At most',
        '`batched_calls_limit` calls.',
      ],
    },
    dispatch_as: {
      index: 3,
      args: { as_origin: 'Box<OriginCaller>', call: 'Box<RuntimeCall>' },
      typeNames: { as_origin: 'Box<T::PalletsOrigin>', call: runtimeCallTypeName },
      docs: ['Dispatch `call` with the origin `as_origin`.', '', 'The dispatch origin must be _Root_.'],
    },
    force_batch: {
      index: 4,
      args: { calls: 'Vec<RuntimeCall>' },
      typeNames: { calls: runtimeCallsTypeName },
      docs: [
        'Dispatch calls one after the other, going on after failures.',
        '',
        'Any origin but _None_; with _Root_ the calls bypass the call filter. At most',
        '`batched_calls_limit` calls.',
      ],
    },
    with_weight: {
      index: 5,
      args: { call: 'Box<RuntimeCall>', weight: 'Weight' },
      typeNames: { call: runtimeCallTypeName },
      docs: [
        "Dispatch `call`, charging `weight` instead of the call's own weight.",
        '',
        'The dispatch origin must be _Root_.',
      ],
    },
  },
  events: {
    BatchInterrupted: {
      fields: { index: 'u32', error: 'DispatchError' },
      docs: ['A batch stopped at the call `index`, which failed with `error`.'],
    },
    BatchCompleted: { fields: {}, docs: ['Every call of a batch succeeded.'] },
    BatchCompletedWithErrors: { fields: {}, docs: ['A batch completed, but some of its calls failed.'] },
    ItemCompleted: { fields: {}, docs: ['A call of a batch succeeded.'] },
    ItemFailed: { fields: { error: 'DispatchError' }, docs: ['A call of a batch failed.'] },
    DispatchedAs: { fields: { result: 'DispatchResult' }, docs: ['A call was dispatched with `dispatch_as`.'] },
  },
  errors: {
    TooManyCalls: ['The batch has more calls than `batched_calls_limit`.'],
  },
  constants: {
    batched_calls_limit: {
      type: 'u32',
      value: 10922,
      docs: ['The maximum number of calls in a batch.'],
    },
  },
});
