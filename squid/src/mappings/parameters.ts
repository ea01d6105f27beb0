import { ChainParameters } from '../model/index.ts';
import type { BatchStore } from './batch.ts';

/** The id of the single ChainParameters row. */
export const CHAIN_PARAMETERS_ID = 'bazari';

/** `Commerce.PlatformFee`'s storage default: 5% (Permill). */
export const DEFAULT_PLATFORM_FEE = 50_000;
/** `Rewards.CashbackRate`'s storage default: 1% (Permill). */
export const DEFAULT_CASHBACK_RATE = 10_000;

/** Declares the read of the ChainParameters row: call it from the `want` of every handler that uses `chainParameters`. */
export function wantChainParameters(batch: BatchStore): void {
  batch.want(ChainParameters, CHAIN_PARAMETERS_ID);
}

/**
 * The ChainParameters row, created with the runtime's storage defaults (platform fee 5%, cashback 1%)
 * the first time a parameter is set. Its `want` must have been declared (`wantChainParameters`), or an
 * existing row would be overwritten with the defaults. The caller saves it after changing it.
 */
export function chainParameters(batch: BatchStore, blockNumber: number): ChainParameters {
  return batch.getOrCreate(
    ChainParameters,
    CHAIN_PARAMETERS_ID,
    () =>
      new ChainParameters({
        id: CHAIN_PARAMETERS_ID,
        platformFee: DEFAULT_PLATFORM_FEE,
        cashbackRate: DEFAULT_CASHBACK_RATE,
        updatedAtBlock: blockNumber,
      }),
  );
}
