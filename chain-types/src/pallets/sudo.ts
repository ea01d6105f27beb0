import { pallet } from '../dsl.ts';

const runtimeCallTypeName = 'Box<<T as Config>::RuntimeCall>';

/** `pallet_sudo`: one key account that may dispatch any call as Root. */
export const sudoPallet = pallet({
  name: 'Sudo',
  index: 4,
  crate: 'pallet_sudo',
  docs: ['A single sudo key that may dispatch calls with the Root origin.'],
  calls: {
    sudo: {
      index: 0,
      args: { call: 'Box<RuntimeCall>' },
      typeNames: { call: runtimeCallTypeName },
      docs: ['Check the sudo key and dispatch `call` with the _Root_ origin.'],
    },
    sudo_unchecked_weight: {
      index: 1,
      args: { call: 'Box<RuntimeCall>', weight: 'Weight' },
      typeNames: { call: runtimeCallTypeName },
      docs: [
        'Check the sudo key and dispatch `call` with the _Root_ origin, charging `weight`',
        "instead of the call's own weight.",
        '',
        'The dispatch origin must be _Signed_.',
      ],
    },
    set_key: {
      index: 2,
      args: { new: 'MultiAddress' },
      typeNames: { new: 'AccountIdLookupOf<T>' },
      docs: ['Check the sudo key and make `new` the new sudo key.'],
    },
    sudo_as: {
      index: 3,
      args: { who: 'MultiAddress', call: 'Box<RuntimeCall>' },
      typeNames: { who: 'AccountIdLookupOf<T>', call: runtimeCallTypeName },
      docs: [
        'Check the sudo key and dispatch `call` with a _Signed_ origin from `who`.',
        '',
        'The dispatch origin must be _Signed_.',
      ],
    },
    remove_key: {
      index: 4,
      args: {},
      docs: ['Remove the sudo key for good.', '', '**This cannot be undone.**'],
    },
  },
  events: {
    Sudid: { fields: { sudo_result: 'DispatchResult' }, docs: ['A sudo call was dispatched.'] },
    KeyChanged: {
      fields: { old: 'Option<AccountId32>', new: 'AccountId32' },
      typeNames: { old: 'Option<T::AccountId>', new: 'T::AccountId' },
      docs: ['The sudo key changed.'],
    },
    KeyRemoved: { fields: {}, docs: ['The sudo key was removed for good.'] },
    SudoAsDone: { fields: { sudo_result: 'DispatchResult' }, docs: ['A `sudo_as` call was dispatched.'] },
  },
  errors: {
    RequireSudo: ['The sender must be the sudo key.'],
  },
  storage: {
    Key: { value: 'AccountId32', modifier: 'Optional', docs: ['The account of the sudo key.'] },
  },
});
