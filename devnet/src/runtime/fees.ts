import { WEIGHTS } from './weights.ts';

/**
 * Transaction fees, as pallet_transaction_payment computes them with a fixed fee multiplier
 * of 1: `base + length × byte fee + weight → fee`, plus the tip. A plain BZR transfer costs
 * about 0.008 BZR. All fees and tips go to the treasury (the devnet has no block author).
 */
export const FEE_PER_BYTE = 10_000_000n;
/** Planck per unit of `ref_time`. */
export const FEE_PER_WEIGHT = 20n;

export interface FeeDetails {
  readonly baseFee: bigint;
  readonly lenFee: bigint;
  readonly adjustedWeightFee: bigint;
}

export function feeDetails(weight: bigint, length: number): FeeDetails {
  return {
    baseFee: WEIGHTS.extrinsicBase * FEE_PER_WEIGHT,
    lenFee: BigInt(length) * FEE_PER_BYTE,
    adjustedWeightFee: weight * FEE_PER_WEIGHT,
  };
}

/** The fee without the tip (`partial_fee` of `query_info`). */
export function partialFee(weight: bigint, length: number): bigint {
  const details = feeDetails(weight, length);
  return details.baseFee + details.lenFee + details.adjustedWeightFee;
}
