import { Account } from '../model/index.ts';
import type { BatchStore } from './batch.ts';

/** The account, created with empty figures the first time the chain mentions it. */
export function account(batch: BatchStore, id: string, blockNumber: number): Account {
  return batch.getOrCreate(
    Account,
    id,
    () =>
      new Account({
        id,
        purchases: 0,
        purchasesVolume: 0n,
        sales: 0,
        salesCompleted: 0,
        salesVolume: 0n,
        ratingSum: 0,
        ratingCount: 0,
        averageRating: null,
        reviewsWritten: 0,
        zariEarned: 0n,
        firstSeenBlock: blockNumber,
      }),
  );
}
