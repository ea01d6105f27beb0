/** Listing metadata, referenced by a listing's `metadata_cid` in Commerce (price and stock live on chain). */

import { z } from 'zod';
import { cidString } from './cid.ts';
import { categoryPath, label, parseWith, text } from './common.ts';

export const LISTING_SCHEMA = 'bazari/listing@1';
export const MAX_LISTING_IMAGES = 20;
export const MAX_LISTING_ATTRIBUTES = 50;

export const listingSchema = z.strictObject({
  $schema: z.literal(LISTING_SCHEMA),
  title: label(140),
  description: text(10_000),
  /** A category path such as `electronics/phones`: lowercase slugs separated by `/`. */
  category: categoryPath,
  /** Free attributes shown as a table (`{ "Color": "Red" }`): names and values are plain text. */
  attributes: z
    .record(label(64), label(256))
    .refine((record) => Object.keys(record).length <= MAX_LISTING_ATTRIBUTES, {
      message: `at most ${MAX_LISTING_ATTRIBUTES} attributes`,
    })
    .default({}),
  /** Image CIDs, the first one is the cover. */
  images: z.array(cidString).max(MAX_LISTING_IMAGES).default([]),
  tags: z.array(label(32)).max(20).default([]),
});

export type Listing = z.output<typeof listingSchema>;
export type ListingInput = z.input<typeof listingSchema>;

export function parseListing(value: unknown): Listing {
  return parseWith(listingSchema, 'listing', value);
}
