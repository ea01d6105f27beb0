/**
 * From a document's bytes to the columns of its content table, per kind. Text is stored exactly as
 * the document gives it: plain text, never parsed as HTML or executed (`<script>` stays characters).
 */
import {
  ContentValidationError,
  parseListing,
  parseReceipt,
  parseReview,
  parseStoreProfile,
  verifyReceipt,
} from '@bazari/ipfs/content';

export type ContentKind = 'listing' | 'store' | 'review' | 'receipt';

export const CONTENT_KINDS: readonly ContentKind[] = ['store', 'listing', 'review', 'receipt'];

/** The Postgres table of each kind (squid-typeorm-codegen's snake_case names). */
export const CONTENT_TABLES: Record<ContentKind, string> = {
  listing: 'listing_content',
  store: 'store_profile_content',
  review: 'review_content',
  receipt: 'receipt_content',
};

export type ColumnType = 'text' | 'text[]' | 'jsonb' | 'boolean';

/** The columns a kind's document fills, with their SQL types. */
export const CONTENT_COLUMNS: Record<ContentKind, Record<string, ColumnType>> = {
  listing: {
    title: 'text',
    description: 'text',
    category: 'text',
    attributes: 'jsonb',
    image_cids: 'text[]',
    tags: 'text[]',
  },
  store: {
    name: 'text',
    tagline: 'text',
    description: 'text',
    logo_cid: 'text',
    banner_cid: 'text',
    location: 'text',
    categories: 'text[]',
    links: 'jsonb',
    languages: 'text[]',
  },
  review: { title: 'text', body: 'text', image_cids: 'text[]' },
  receipt: { signature_valid: 'boolean', signer: 'text', document: 'jsonb' },
};

export type Parsed =
  | { readonly ok: true; readonly columns: Record<string, unknown> }
  | { readonly ok: false; readonly reason: string };

/** Parses and validates a document of `kind`; never throws. */
export async function parseDocument(kind: ContentKind, bytes: Uint8Array): Promise<Parsed> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    return { ok: false, reason: `not UTF-8 JSON: ${(error as Error).message}` };
  }
  try {
    return { ok: true, columns: await toColumns(kind, value) };
  } catch (error) {
    if (error instanceof ContentValidationError) return { ok: false, reason: error.message };
    return { ok: false, reason: `invalid ${kind}: ${(error as Error).message}` };
  }
}

async function toColumns(kind: ContentKind, value: unknown): Promise<Record<string, unknown>> {
  switch (kind) {
    case 'listing': {
      const listing = parseListing(value);
      return {
        title: listing.title,
        description: listing.description,
        category: listing.category,
        attributes: listing.attributes,
        image_cids: listing.images,
        tags: listing.tags,
      };
    }
    case 'store': {
      const profile = parseStoreProfile(value);
      return {
        name: profile.name,
        tagline: profile.tagline ?? null,
        description: profile.description,
        logo_cid: profile.logo ?? null,
        banner_cid: profile.banner ?? null,
        location: profile.location ?? null,
        categories: profile.categories,
        links: profile.links,
        languages: profile.languages,
      };
    }
    case 'review': {
      const review = parseReview(value);
      return { title: review.title ?? null, body: review.body, image_cids: review.images };
    }
    case 'receipt': {
      // The schema first (a document that is not a receipt is Invalid), then the signature: a
      // well-formed receipt whose signature does not verify is kept, with signatureValid false.
      const receipt = parseReceipt(value);
      const verification = await verifyReceipt(value);
      return { signature_valid: verification.valid, signer: receipt.signer, document: value };
    }
  }
}

/** Postgres text cannot hold NUL; errors are shown to people, so keep them short too. */
export function cleanText(text: string, max = 2000): string {
  const clean = text.replaceAll('\u0000', '\uFFFD');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
