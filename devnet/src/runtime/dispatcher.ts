import type { RuntimeCall, RuntimeCallArgs } from '@bazari/chain-types/generated';
import type { BlockContext, Origin } from './context.ts';

export type DispatchClassName = 'Normal' | 'Operational' | 'Mandatory';

/** How a call is weighed and executed. Weights are `ref_time` picoseconds; proof size is not modelled. */
export interface CallImplementation<Args> {
  /** Worst-case weight, known before dispatch: it grows with the call's work so fees are honest. */
  weight(args: Args, dispatcher: Dispatcher): bigint;
  readonly class?: DispatchClassName;
  /** Whether the caller pays a fee (`Pays::Yes`), as for every call but inherents. */
  readonly paysFee?: boolean;
  /**
   * Executes the call; may return the actual weight when less than the worst case was used, or the post-dispatch
   * info (e.g. `{ paysFee: false }`: the caller gets the fee refunded, as FRAME's `Ok(Pays::No.into())`).
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: most calls return nothing, and `void` lets them say so.
  dispatch(ctx: BlockContext, origin: Origin, args: Args): bigint | PostDispatchInfo | void;
}

/** What a successful dispatch may report about itself (FRAME's `PostDispatchInfo`). */
export interface PostDispatchInfo {
  readonly actualWeight?: bigint;
  /** `false` waives the fee after a successful dispatch; a call that failed pays as its dispatch info says. */
  readonly paysFee?: boolean;
}

/** The actual weight of a dispatched call and whether its caller pays the fee. */
export interface DispatchOutcomeInfo {
  readonly weight: bigint;
  readonly paysFee: boolean;
}

type PalletWithCalls = keyof RuntimeCallArgs;

export type PalletCalls<P extends PalletWithCalls> = {
  [K in keyof RuntimeCallArgs[P]]: CallImplementation<RuntimeCallArgs[P][K]>;
};

export interface PalletRuntime<P extends string = string> {
  readonly name: P;
  readonly calls?: P extends PalletWithCalls ? Partial<PalletCalls<P>> : never;
  /** Runs before any extrinsic of the block (FRAME's `on_initialize`); returns the weight used. */
  onInitialize?(ctx: BlockContext): bigint;
  onFinalize?(ctx: BlockContext): void;
}

export interface DispatchInfoSummary {
  readonly weight: bigint;
  readonly class: DispatchClassName;
  readonly paysFee: boolean;
}

/** Routes a RuntimeCall to its pallet's implementation. */
export class Dispatcher {
  private readonly byName: Map<string, PalletRuntime>;

  constructor(readonly pallets: readonly PalletRuntime[]) {
    this.byName = new Map(pallets.map((pallet) => [pallet.name, pallet]));
  }

  info(call: RuntimeCall): DispatchInfoSummary {
    const implementation = this.implementation(call);
    if (!implementation) throw new Error(`${call.__kind}.${call.value.__kind} is not implemented by the devnet`);
    return {
      weight: implementation.weight(call.value, this),
      class: implementation.class ?? 'Normal',
      paysFee: implementation.paysFee ?? true,
    };
  }

  isImplemented(call: RuntimeCall): boolean {
    return this.implementation(call) !== undefined;
  }

  /** Dispatches in a transactional layer; returns the actual weight. Throws DispatchError on failure. */
  dispatch(ctx: BlockContext, origin: Origin, call: RuntimeCall): bigint {
    return this.dispatchWithPostInfo(ctx, origin, call).weight;
  }

  /**
   * Dispatches in a transactional layer; returns the actual weight and whether the caller pays the fee
   * (the call's `paysFee`, unless the call waived it). Throws DispatchError on failure.
   */
  dispatchWithPostInfo(ctx: BlockContext, origin: Origin, call: RuntimeCall): DispatchOutcomeInfo {
    const implementation = this.implementation(call);
    if (!implementation) throw new Error(`${call.__kind}.${call.value.__kind} is not implemented by the devnet`);
    const worstCase = implementation.weight(call.value, this);
    return ctx.transactional(() => {
      const result = implementation.dispatch(ctx, origin, call.value);
      const post: PostDispatchInfo = typeof result === 'bigint' ? { actualWeight: result } : (result ?? {});
      const actual = post.actualWeight;
      return {
        weight: actual !== undefined && actual < worstCase ? actual : worstCase,
        paysFee: (implementation.paysFee ?? true) && post.paysFee !== false,
      };
    });
  }

  onInitialize(ctx: BlockContext): bigint {
    let weight = 0n;
    for (const pallet of this.pallets) weight += pallet.onInitialize?.(ctx) ?? 0n;
    return weight;
  }

  onFinalize(ctx: BlockContext): void {
    for (const pallet of this.pallets) pallet.onFinalize?.(ctx);
  }

  private implementation(call: RuntimeCall): CallImplementation<unknown> | undefined {
    const calls = this.byName.get(call.__kind)?.calls as Record<string, CallImplementation<unknown>> | undefined;
    return calls?.[call.value.__kind];
  }
}
