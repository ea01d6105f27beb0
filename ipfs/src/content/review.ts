/** A buyer's review of a completed order, referenced by the rating's CID in Commerce. */

import { z } from 'zod';
import { cidString } from './cid.ts';
import { address, label, parseWith, text, u64 } from './common.ts';

export const REVIEW_SCHEMA = 'bazari/review@1';

export const reviewSchema = z.strictObject({
  $schema: z.literal(REVIEW_SCHEMA),
  orderId: u64,
  storeId: u64,
  author: address,
  /** 1..5 stars, the same as the on-chain rating. */
  rating: z.number().int().min(1).max(5),
  title: label(140).optional(),
  body: text(5000),
  images: z.array(cidString).max(10).default([]),
});

export type Review = z.output<typeof reviewSchema>;
export type ReviewInput = z.input<typeof reviewSchema>;

export function parseReview(value: unknown): Review {
  return parseWith(reviewSchema, 'review', value);
}
