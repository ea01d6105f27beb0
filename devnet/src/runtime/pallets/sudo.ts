import type { DispatchResult, RuntimeCall } from '@bazari/chain-types/generated';
import { type BlockContext, DispatchError, ensureSigned, type Origin } from '../context.ts';
import type { PalletRuntime, PostDispatchInfo } from '../dispatcher.ts';
import { WEIGHTS } from '../weights.ts';
import { equalAccounts, lookup } from './balances.ts';

function ensureSudo(ctx: BlockContext, origin: Origin): Uint8Array {
  const who = ensureSigned(origin);
  const key = ctx.state.get('Sudo', 'Key');
  if (key === null || !equalAccounts(key, who)) throw ctx.moduleError('Sudo', 'RequireSudo');
  return who;
}

/** Dispatches `call` and reports its outcome instead of failing the outer extrinsic. */
export function dispatchResult(ctx: BlockContext, origin: Origin, call: RuntimeCall): DispatchResult {
  try {
    ctx.dispatcher.dispatch(ctx, origin, call);
    return { __kind: 'Ok', value: null };
  } catch (error) {
    if (error instanceof DispatchError) return { __kind: 'Err', value: error.value };
    throw error;
  }
}

/**
 * The sudo key holder pays no fee (`Ok(Pays::No.into())`): the fee is taken before dispatch and refunded after
 * success, so any other signer of a sudo call pays for the failed attempt, as on a Substrate chain.
 */
const SUDO_PAYS_NO_FEE: PostDispatchInfo = { paysFee: false };

/** `pallet_sudo`: one key holder may dispatch any call as Root; the devnet's stand-in for the DAO origin. */
export const sudoRuntime: PalletRuntime<'Sudo'> = {
  name: 'Sudo',
  calls: {
    sudo: {
      weight: ({ call }, dispatcher) => WEIGHTS.sudo + dispatcher.info(call).weight,
      dispatch: (ctx, origin, { call }) => {
        ensureSudo(ctx, origin);
        const sudo_result = dispatchResult(ctx, { kind: 'Root' }, call);
        ctx.deposit({ __kind: 'Sudo', value: { __kind: 'Sudid', sudo_result } });
        return SUDO_PAYS_NO_FEE;
      },
    },
    sudo_unchecked_weight: {
      weight: ({ weight }) => weight.ref_time,
      dispatch: (ctx, origin, { call }) => {
        ensureSudo(ctx, origin);
        const sudo_result = dispatchResult(ctx, { kind: 'Root' }, call);
        ctx.deposit({ __kind: 'Sudo', value: { __kind: 'Sudid', sudo_result } });
        return SUDO_PAYS_NO_FEE;
      },
    },
    sudo_as: {
      weight: ({ call }, dispatcher) => WEIGHTS.sudo + dispatcher.info(call).weight,
      dispatch: (ctx, origin, { who, call }) => {
        ensureSudo(ctx, origin);
        const sudo_result = dispatchResult(ctx, { kind: 'Signed', who: lookup(who) }, call);
        ctx.deposit({ __kind: 'Sudo', value: { __kind: 'SudoAsDone', sudo_result } });
        return SUDO_PAYS_NO_FEE;
      },
    },
    set_key: {
      weight: () => WEIGHTS.setKey,
      dispatch: (ctx, origin, { new: next }) => {
        const old = ensureSudo(ctx, origin);
        const account = lookup(next);
        ctx.state.set('Sudo', 'Key', [], account);
        ctx.deposit({ __kind: 'Sudo', value: { __kind: 'KeyChanged', old, new: account } });
        return SUDO_PAYS_NO_FEE;
      },
    },
    remove_key: {
      weight: () => WEIGHTS.setKey,
      dispatch: (ctx, origin) => {
        ensureSudo(ctx, origin);
        ctx.state.remove('Sudo', 'Key');
        ctx.deposit({ __kind: 'Sudo', value: { __kind: 'KeyRemoved' } });
        return SUDO_PAYS_NO_FEE;
      },
    },
  },
};
