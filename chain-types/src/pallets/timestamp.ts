import { pallet } from '../dsl.ts';

/** `pallet_timestamp`: the time of the current block, set once per block by an inherent. */
export const timestampPallet = pallet({
  name: 'Timestamp',
  index: 1,
  crate: 'pallet_timestamp',
  docs: ['The on-chain time: the Unix time in milliseconds of the current block.'],
  calls: {
    set: {
      index: 0,
      args: { now: 'Compact<u64>' },
      typeNames: { now: 'T::Moment' },
      docs: [
        'Set the current time.',
        '',
        'Must be called exactly once per block, with a time at least `MinimumPeriod` after the',
        'previous one; the block fails at finalization otherwise.',
        '',
        'The dispatch origin must be _None_; the call is _Mandatory_ (an inherent).',
      ],
    },
  },
  storage: {
    Now: { value: 'u64', modifier: 'Default', docs: ['The time of the current block.'] },
    DidUpdate: {
      value: 'bool',
      modifier: 'Default',
      docs: [
        'Whether the time was set in this block.',
        '',
        'Set by `set` and checked, then cleared, when the block is finalized.',
      ],
    },
  },
  constants: {
    MinimumPeriod: {
      type: 'u64',
      value: 3000n,
      docs: [
        'The minimum period between blocks, in milliseconds.',
        '',
        'Block production uses twice this period by default: the devnet makes a block every 6 s.',
      ],
    },
  },
});
