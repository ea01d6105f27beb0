import { hexToU8a } from '@polkadot/util';
import { decodeExtrinsic, ExtrinsicFormatError } from '../../runtime/extrinsic.ts';
import { RpcError } from '../errors.ts';
import type { RpcHandlers } from '../types.ts';
import { blockAt, hexParam, type NodeContext } from './context.ts';

/** `payment_*`: the legacy fee queries, answered like `TransactionPaymentApi` (balances as decimal strings). */
export function paymentMethods(ctx: NodeContext): RpcHandlers['methods'] {
  const decode = (param: unknown, hash: unknown) => {
    blockAt(ctx, hash);
    const bytes = hexToU8a(hexParam(param, 'extrinsic'));
    try {
      return { extrinsic: decodeExtrinsic(ctx.model, bytes), length: bytes.length };
    } catch (error) {
      if (error instanceof ExtrinsicFormatError) throw new RpcError(1002, 'Verification Error', error.message);
      throw error;
    }
  };
  return {
    payment_queryInfo: ([param, hash]) => {
      const { extrinsic, length } = decode(param, hash);
      const info = ctx.runtimeApi.dispatchInfo(extrinsic, length);
      return {
        weight: { refTime: Number(info.weight.ref_time), proofSize: Number(info.weight.proof_size) },
        class: info.class.__kind.toLowerCase(),
        partialFee: info.partial_fee.toString(),
      };
    },
    payment_queryFeeDetails: ([param, hash]) => {
      const { extrinsic, length } = decode(param, hash);
      const details = ctx.runtimeApi.feeDetails(extrinsic, length);
      const fee = details.inclusion_fee;
      return {
        inclusionFee: fee && {
          baseFee: `0x${fee.base_fee.toString(16)}`,
          lenFee: `0x${fee.len_fee.toString(16)}`,
          adjustedWeightFee: `0x${fee.adjusted_weight_fee.toString(16)}`,
        },
        tip: `0x${details.tip.toString(16)}`,
      };
    },
  };
}
