/** A store's public profile, referenced by the store's `metadata_cid` in Commerce. */

import { z } from 'zod';
import { cidString } from './cid.ts';
import { categoryPath, label, parseWith, safeUrl, text } from './common.ts';

export const STORE_PROFILE_SCHEMA = 'bazari/store-profile@1';

export const storeProfileSchema = z.strictObject({
  $schema: z.literal(STORE_PROFILE_SCHEMA),
  name: label(64),
  tagline: label(140).optional(),
  description: text(5000),
  logo: cidString.optional(),
  banner: cidString.optional(),
  /** Free-text location shown to buyers ("Lisbon, PT"); never a shipping address. */
  location: label(128).optional(),
  categories: z.array(categoryPath).max(10).default([]),
  links: z
    .array(z.strictObject({ label: label(64), url: safeUrl }))
    .max(10)
    .default([]),
  /** Languages the store answers in (BCP 47 tags). */
  languages: z
    .array(z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/))
    .max(10)
    .default([]),
});

export type StoreProfile = z.output<typeof storeProfileSchema>;
export type StoreProfileInput = z.input<typeof storeProfileSchema>;

export function parseStoreProfile(value: unknown): StoreProfile {
  return parseWith(storeProfileSchema, 'store profile', value);
}
