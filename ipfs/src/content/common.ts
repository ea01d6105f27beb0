/**
 * Building blocks shared by the document schemas. Text is plain text: it is never parsed as HTML or
 * Markdown here, so `<script>` in a title is stored and returned as those characters; whoever
 * renders it must escape it (React does by default). Unknown fields are rejected (`z.strictObject`).
 */

import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import { z } from 'zod';

/** Plain text of `min`..`max` UTF-16 code units, no NUL characters. */
export const text = (max: number, min = 0) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((value) => !value.includes('\u0000'), { message: 'NUL characters are not allowed' });

/** A non-empty single-line label (no control characters). */
export const label = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    .regex(/^[^\u0000-\u001f\u007f]+$/, { message: 'control characters are not allowed' });

/** The `$schema` tag of a versioned document: `bazari/<kind>@<version>`. */
export const schemaTag = <const Tag extends string>(tag: Tag) => z.literal(tag);

/** An SS58 address (any prefix), as the chain's AccountId32. */
export const address = z
  .string()
  .max(64)
  .refine(
    (value) => {
      try {
        return decodeAddress(value).length === 32;
      } catch {
        return false;
      }
    },
    { message: 'invalid SS58 address' },
  );

/** Whether two SS58 addresses are the same account, whatever their prefixes. */
export function sameAccount(a: string, b: string): boolean {
  try {
    return encodeAddress(decodeAddress(a), 42) === encodeAddress(decodeAddress(b), 42);
  } catch {
    return false;
  }
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;
const U128_MAX = (1n << 128n) - 1n;
const U64_MAX = (1n << 64n) - 1n;

const unsigned = (max: bigint, name: string) =>
  z
    .string()
    .max(39)
    .regex(DECIMAL, { message: `${name}: a decimal string without sign or leading zeros` })
    .refine((value) => DECIMAL.test(value) && BigInt(value) <= max, { message: `${name}: out of range` });

/** A balance in planck (u128) as a decimal string: JSON numbers lose precision above 2^53. */
export const amount = unsigned(U128_MAX, 'amount');
/** A u64 id (orders, listings, disputes) as a decimal string. */
export const u64 = unsigned(U64_MAX, 'u64');
/** A u32 id or block number. */
export const u32 = z.number().int().min(0).max(0xffff_ffff);

/** A 32-byte hash as 0x-prefixed lowercase hex (block and extrinsic hashes). */
export const hash32 = z.string().regex(/^0x[0-9a-f]{64}$/, { message: 'a 0x-prefixed 32-byte lowercase hex hash' });

/** A category path such as `electronics/phones`: lowercase slugs separated by `/`, at most 5 levels. */
export const categoryPath = z
  .string()
  .max(128)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*){0,4}$/, {
    message: 'a category path of lowercase slugs separated by "/" (at most 5 levels)',
  });

/** An http(s) or ipfs URL: no `javascript:` or `data:` links in user content. */
export const safeUrl = z
  .string()
  .max(512)
  .regex(/^(https?|ipfs):\/\/[^\s]+$/i, { message: 'only http(s) and ipfs URLs' });

/** An ISO 8601 UTC timestamp (`2026-11-22T06:55:00.000Z`). */
export const isoTime = z.iso.datetime();

/** Validation failure of a document, with zod's issues. */
export class ContentValidationError extends Error {
  override readonly name = 'ContentValidationError';
  constructor(
    readonly kind: string,
    readonly issues: readonly z.core.$ZodIssue[],
  ) {
    super(`invalid ${kind}: ${z.prettifyError({ issues } as z.ZodError)}`);
  }
}

/** Parses `value` with `schema`, throwing a `ContentValidationError` that names the document kind. */
export function parseWith<Schema extends z.ZodType>(schema: Schema, kind: string, value: unknown): z.output<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ContentValidationError(kind, result.error.issues);
  return result.data;
}
