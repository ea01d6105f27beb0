import type { RuntimeModel } from '@bazari/chain-types';
import type { DispatchInfo } from '@bazari/chain-types/generated';
import { type BlockContext, DispatchError } from './context.ts';
import type { DispatchClassName, Dispatcher } from './dispatcher.ts';
import type { Extrinsic } from './extrinsic.ts';
import { partialFee } from './fees.ts';
import { depositInto, withdraw } from './pallets/balances.ts';
import {
  type ChainIdentity,
  InvalidTransactionError,
  pendingSignatureCheck,
  type ValidTransaction,
  validateTransaction,
} from './validation.ts';
import { WEIGHTS } from './weights.ts';

export type ApplyOutcome = { readonly success: true } | { readonly success: false; readonly error: DispatchError };

/**
 * Executes blocks as frame_executive does: initialization, the inherent, each extrinsic with
 * its signed extensions (nonce, fee) around the dispatch, and finalization that stores the events.
 */
export class Executive {
  private readonly treasury: Uint8Array;

  constructor(
    readonly model: RuntimeModel,
    readonly dispatcher: Dispatcher,
    private chain: ChainIdentity,
  ) {
    this.treasury = model.constant('Commerce', 'TreasuryAccount') as Uint8Array;
  }

  /** Known only once genesis is built, which itself runs through this executive's pallets. */
  setGenesisHash(genesisHash: Uint8Array): void {
    this.chain = { ...this.chain, genesisHash };
  }

  initializeBlock(ctx: BlockContext): void {
    const { number, parentHash } = ctx.block;
    const { state } = ctx;
    ctx.phase = { __kind: 'Initialization' };
    state.set('System', 'Number', [], number);
    state.set('System', 'ParentHash', [], parentHash);
    state.set('System', 'BlockHash', [number - 1], parentHash);
    const blockHashCount = this.model.constant('System', 'BlockHashCount') as number;
    const expired = number - 1 - blockHashCount;
    if (expired > 0) state.remove('System', 'BlockHash', expired);
    state.remove('System', 'Events');
    state.remove('System', 'EventCount');
    state.remove('System', 'BlockWeight');
    const weight =
      this.dispatcher.onInitialize(ctx) +
      (this.model.constant('System', 'BlockWeights') as { base_block: { ref_time: bigint } }).base_block.ref_time;
    this.addBlockWeight(ctx, 'Mandatory', weight);
  }

  /** Applies an inherent (unsigned, mandatory) extrinsic such as `Timestamp.set`. */
  applyInherent(ctx: BlockContext, index: number, extrinsic: Extrinsic): void {
    ctx.phase = { __kind: 'ApplyExtrinsic', value: index };
    const info = this.dispatcher.info(extrinsic.call);
    this.dispatcher.dispatch(ctx, { kind: 'None' }, extrinsic.call);
    this.noteExtrinsic(ctx, extrinsic, 'Mandatory', info.weight);
    ctx.deposit({
      __kind: 'System',
      value: { __kind: 'ExtrinsicSuccess', dispatch_info: dispatchInfo(info.weight, 'Mandatory', false) },
    });
  }

  /**
   * Applies a signed extrinsic. Throws InvalidTransactionError when it is no longer valid on
   * this block (it is then left out of the block); a dispatch error is a failed extrinsic.
   */
  applyExtrinsic(ctx: BlockContext, index: number, extrinsic: Extrinsic): ApplyOutcome {
    ctx.phase = { __kind: 'ApplyExtrinsic', value: index };
    const valid = this.validate(ctx, extrinsic);
    if (valid.nonce !== valid.accountNonce) {
      throw new InvalidTransactionError({ kind: 'Invalid', reason: { __kind: 'Future' } });
    }
    const info = this.dispatcher.info(extrinsic.call);
    const signer = valid.signer;
    ctx.state.mutate('System', 'Account', [signer], (account) => ({ ...account, nonce: account.nonce + 1 }));
    if (valid.fee > 0n) withdraw(ctx, signer, valid.fee, 'Preserve');

    let outcome: ApplyOutcome;
    let actualWeight = info.weight;
    let paysFee = info.paysFee;
    try {
      ({ weight: actualWeight, paysFee } = this.dispatcher.dispatchWithPostInfo(
        ctx,
        { kind: 'Signed', who: signer },
        extrinsic.call,
      ));
      outcome = { success: true };
    } catch (error) {
      if (!(error instanceof DispatchError)) throw error;
      outcome = { success: false, error };
    }
    this.settleFee(ctx, extrinsic, valid, paysFee, actualWeight);
    this.noteExtrinsic(ctx, extrinsic, info.class, actualWeight + WEIGHTS.extrinsicBase);
    const dispatch_info = dispatchInfo(actualWeight, info.class, paysFee);
    ctx.deposit({
      __kind: 'System',
      value: outcome.success
        ? { __kind: 'ExtrinsicSuccess', dispatch_info }
        : { __kind: 'ExtrinsicFailed', dispatch_error: outcome.error.value, dispatch_info },
    });
    return outcome;
  }

  validate(ctx: BlockContext, extrinsic: Extrinsic): ValidTransaction {
    return validateTransaction(ctx, this.dispatcher, this.chain, extrinsic);
  }

  /** The signature check `validate` would make on `ctx`, to be made ahead (see `pendingSignatureCheck`). */
  signatureCheck(ctx: BlockContext, extrinsic: Extrinsic): ReturnType<typeof pendingSignatureCheck> {
    return pendingSignatureCheck(ctx, this.chain, extrinsic);
  }

  finalizeBlock(ctx: BlockContext): void {
    ctx.phase = { __kind: 'Finalization' };
    this.dispatcher.onFinalize(ctx);
    ctx.state.remove('System', 'ExtrinsicCount');
    ctx.state.remove('System', 'AllExtrinsicsLen');
    ctx.state.set('System', 'Events', [], ctx.events);
    ctx.state.set('System', 'EventCount', [], ctx.events.length);
  }

  /** Refunds the fee for weight that was not used, and pays the rest (and the tip) to the treasury. */
  private settleFee(
    ctx: BlockContext,
    extrinsic: Extrinsic,
    valid: ValidTransaction,
    paysFee: boolean,
    actualWeight: bigint,
  ): void {
    const actualFee = paysFee ? partialFee(actualWeight, extrinsic.bytes.length) + valid.tip : valid.tip;
    const refund = valid.fee - actualFee;
    if (refund > 0n) depositInto(ctx, valid.signer, refund);
    depositInto(ctx, this.treasury, actualFee);
    ctx.deposit({
      __kind: 'TransactionPayment',
      value: { __kind: 'TransactionFeePaid', who: valid.signer, actual_fee: actualFee, tip: valid.tip },
    });
  }

  private noteExtrinsic(
    ctx: BlockContext,
    extrinsic: Extrinsic,
    dispatchClass: DispatchClassName,
    weight: bigint,
  ): void {
    const { state } = ctx;
    state.set('System', 'ExtrinsicCount', [], (state.get('System', 'ExtrinsicCount') ?? 0) + 1);
    state.set(
      'System',
      'AllExtrinsicsLen',
      [],
      (state.get('System', 'AllExtrinsicsLen') ?? 0) + extrinsic.bytes.length,
    );
    this.addBlockWeight(ctx, dispatchClass, weight);
  }

  private addBlockWeight(ctx: BlockContext, dispatchClass: DispatchClassName, weight: bigint): void {
    const key = dispatchClass.toLowerCase() as 'normal' | 'operational' | 'mandatory';
    ctx.state.mutate('System', 'BlockWeight', [], (perClass) => ({
      ...perClass,
      [key]: { ref_time: perClass[key].ref_time + weight, proof_size: perClass[key].proof_size },
    }));
  }
}

export function dispatchInfo(weight: bigint, dispatchClass: DispatchClassName, paysFee: boolean): DispatchInfo {
  return {
    weight: { ref_time: weight, proof_size: 0n },
    class: { __kind: dispatchClass },
    pays_fee: { __kind: paysFee ? 'Yes' : 'No' },
  };
}
