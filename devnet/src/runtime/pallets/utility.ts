import type { RuntimeCall } from '@bazari/chain-types/generated';
import { u8aConcat } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { type BlockContext, ensureRoot, ensureSigned, type Origin } from '../context.ts';
import type { Dispatcher, PalletRuntime } from '../dispatcher.ts';
import { WEIGHTS } from '../weights.ts';
import { dispatchResult } from './sudo.ts';

function batchWeight(calls: readonly RuntimeCall[], dispatcher: Dispatcher): bigint {
  return calls.reduce((total, call) => total + dispatcher.info(call).weight + WEIGHTS.utilityPerCall, 0n);
}

function ensureWithinLimit(ctx: BlockContext, calls: readonly RuntimeCall[]): void {
  if (calls.length > (ctx.model.constant('Utility', 'batched_calls_limit') as number)) {
    throw ctx.moduleError('Utility', 'TooManyCalls');
  }
}

/** The sub-account `as_derivative` dispatches from: blake2_256("modlpy/utilisuba" ++ who ++ index). */
export function derivativeAccount(who: Uint8Array, index: number): Uint8Array {
  const indexBytes = new Uint8Array([index & 0xff, index >> 8]);
  return blake2AsU8a(u8aConcat(new TextEncoder().encode('modlpy/utilisuba'), who, indexBytes), 256);
}

function originOf(caller: { __kind: 'system'; value: { __kind: string; value?: Uint8Array } }): Origin {
  const raw = caller.value;
  if (raw.__kind === 'Root') return { kind: 'Root' };
  if (raw.__kind === 'Signed') return { kind: 'Signed', who: raw.value as Uint8Array };
  return { kind: 'None' };
}

/** `pallet_utility`: batches in their three flavours, derivative accounts, and root helpers. */
export const utilityRuntime: PalletRuntime<'Utility'> = {
  name: 'Utility',
  calls: {
    batch: {
      weight: ({ calls }, dispatcher) => batchWeight(calls, dispatcher),
      dispatch: (ctx, origin, { calls }) => {
        ensureWithinLimit(ctx, calls);
        for (const [index, call] of calls.entries()) {
          const result = dispatchResult(ctx, origin, call);
          if (result.__kind === 'Err') {
            ctx.deposit({ __kind: 'Utility', value: { __kind: 'BatchInterrupted', index, error: result.value } });
            return;
          }
          ctx.deposit({ __kind: 'Utility', value: { __kind: 'ItemCompleted' } });
        }
        ctx.deposit({ __kind: 'Utility', value: { __kind: 'BatchCompleted' } });
      },
    },
    batch_all: {
      weight: ({ calls }, dispatcher) => batchWeight(calls, dispatcher),
      dispatch: (ctx, origin, { calls }) => {
        ensureWithinLimit(ctx, calls);
        for (const call of calls) {
          ctx.dispatcher.dispatch(ctx, origin, call);
          ctx.deposit({ __kind: 'Utility', value: { __kind: 'ItemCompleted' } });
        }
        ctx.deposit({ __kind: 'Utility', value: { __kind: 'BatchCompleted' } });
      },
    },
    force_batch: {
      weight: ({ calls }, dispatcher) => batchWeight(calls, dispatcher),
      dispatch: (ctx, origin, { calls }) => {
        ensureWithinLimit(ctx, calls);
        let failed = false;
        for (const call of calls) {
          const result = dispatchResult(ctx, origin, call);
          if (result.__kind === 'Err') {
            failed = true;
            ctx.deposit({ __kind: 'Utility', value: { __kind: 'ItemFailed', error: result.value } });
          } else ctx.deposit({ __kind: 'Utility', value: { __kind: 'ItemCompleted' } });
        }
        ctx.deposit({ __kind: 'Utility', value: { __kind: failed ? 'BatchCompletedWithErrors' : 'BatchCompleted' } });
      },
    },
    as_derivative: {
      weight: ({ call }, dispatcher) => dispatcher.info(call).weight + WEIGHTS.utilityPerCall,
      dispatch: (ctx, origin, { index, call }) => {
        const who = derivativeAccount(ensureSigned(origin), index);
        ctx.dispatcher.dispatch(ctx, { kind: 'Signed', who }, call);
      },
    },
    dispatch_as: {
      weight: ({ call }, dispatcher) => dispatcher.info(call).weight + WEIGHTS.utilityPerCall,
      dispatch: (ctx, origin, { as_origin, call }) => {
        ensureRoot(origin);
        const result = dispatchResult(ctx, originOf(as_origin), call);
        ctx.deposit({ __kind: 'Utility', value: { __kind: 'DispatchedAs', result } });
      },
    },
    with_weight: {
      weight: ({ weight }) => weight.ref_time,
      dispatch: (ctx, origin, { call }) => {
        ensureRoot(origin);
        ctx.dispatcher.dispatch(ctx, { kind: 'Root' }, call);
      },
    },
  },
};
