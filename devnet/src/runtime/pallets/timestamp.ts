import { DispatchError } from '../context.ts';
import type { PalletRuntime } from '../dispatcher.ts';
import { WEIGHTS } from '../weights.ts';

/** `Timestamp.set`, the inherent that opens every block; only the block builder may include it. */
export const timestampRuntime: PalletRuntime<'Timestamp'> = {
  name: 'Timestamp',
  calls: {
    set: {
      class: 'Mandatory',
      paysFee: false,
      weight: () => WEIGHTS.timestampSet,
      dispatch: (ctx, origin, { now }) => {
        if (origin.kind !== 'None') throw new DispatchError({ __kind: 'BadOrigin' });
        if (ctx.state.get('Timestamp', 'DidUpdate')) throw new DispatchError({ __kind: 'Other' });
        ctx.state.set('Timestamp', 'Now', [], now);
        ctx.state.set('Timestamp', 'DidUpdate', [], true);
      },
    },
  },
  onFinalize: (ctx) => {
    if (!ctx.state.get('Timestamp', 'DidUpdate')) throw new Error('Timestamp must be updated once in the block');
    ctx.state.remove('Timestamp', 'DidUpdate');
  },
};
