import {
  ContentStatus,
  type ListingContent,
  type ReceiptContent,
  type ReviewContent,
  type StoreProfileContent,
} from '../model/index.ts';
import type { BatchStore } from './batch.ts';

type ContentClass = typeof ListingContent | typeof StoreProfileContent | typeof ReviewContent | typeof ReceiptContent;

/**
 * The content row of a CID the chain references, created Pending the first time. Only the content
 * worker fills its other columns, so the processor's tables stay a function of the chain.
 */
export function contentRef<C extends ContentClass>(batch: BatchStore, contentClass: C, cid: string): InstanceType<C> {
  return batch.getOrCreate(
    contentClass as new (
      props?: object,
    ) => InstanceType<C>,
    cid,
    () => new contentClass({ id: cid, status: ContentStatus.Pending, attempts: 0 }) as InstanceType<C>,
  );
}
