import { describe, expect, it } from 'vitest';
import {
  ContentValidationError,
  evidenceSchema,
  listingSchema,
  parseListing,
  parseStoreProfile,
  reviewSchema,
  shippingAddressSchema,
  storeProfileSchema,
} from '../../src/content/index.ts';
import { BAD_CIDS, evidence, listing, review, SCRIPT, shippingAddress, storeProfile } from './fixtures.ts';

type Doc = Record<string, unknown>;

const kinds = [
  {
    kind: 'store profile',
    schema: storeProfileSchema,
    valid: storeProfile as () => Doc,
    text: 'description',
    required: ['name', 'description'],
    cids: ['logo'],
  },
  {
    kind: 'listing',
    schema: listingSchema,
    valid: listing as () => Doc,
    text: 'description',
    required: ['title', 'description', 'category'],
    cids: [],
  },
  {
    kind: 'review',
    schema: reviewSchema,
    valid: review as () => Doc,
    text: 'body',
    required: ['orderId', 'author', 'rating', 'body'],
    cids: [],
  },
  {
    kind: 'evidence bundle',
    schema: evidenceSchema,
    valid: evidence as () => Doc,
    text: 'statement',
    required: ['disputeId', 'submitter', 'statement'],
    cids: [],
  },
  {
    kind: 'shipping address',
    schema: shippingAddressSchema,
    valid: shippingAddress as () => Doc,
    text: 'notes',
    required: ['name', 'lines', 'country'],
    cids: [],
  },
] as const;

describe.each(kinds)('$kind', ({ schema, valid, text, required, cids }) => {
  it('accepts a valid document and returns it unchanged', () => {
    const doc = valid();
    expect(schema.parse(doc)).toMatchObject(doc);
  });

  it('is versioned: a missing or unknown $schema is refused', () => {
    const { $schema, ...rest } = valid();
    expect(schema.safeParse(rest).success).toBe(false);
    expect(schema.safeParse({ ...rest, $schema: String($schema).replace('@1', '@2') }).success).toBe(false);
  });

  it.each(required)('refuses a document without %s', (field) => {
    const doc = valid();
    delete doc[field];
    expect(schema.safeParse(doc).success).toBe(false);
  });

  it('refuses unknown fields (strict), at the top level', () => {
    expect(schema.safeParse({ ...valid(), extra: 1 }).success).toBe(false);
    // A `__proto__` key from JSON is an own, unknown key: refused, and nothing is polluted.
    const polluted = JSON.parse(JSON.stringify(valid()).replace(/^\{/, '{"__proto__":{"polluted":true},'));
    expect(schema.safeParse(polluted).success).toBe(false);
    expect(({} as Doc).polluted).toBeUndefined();
  });

  it('refuses wrong types', () => {
    expect(schema.safeParse({ ...valid(), [text]: 42 }).success).toBe(false);
    expect(schema.safeParse({ ...valid(), [required[0]]: null }).success).toBe(false);
    expect(schema.safeParse([valid()]).success).toBe(false);
    expect(schema.safeParse('{}').success).toBe(false);
  });

  it('refuses oversized text', () => {
    expect(schema.safeParse({ ...valid(), [text]: 'x'.repeat(20_001) }).success).toBe(false);
  });

  it('keeps scripts in text fields as inert text', () => {
    const doc = { ...valid(), [text]: SCRIPT };
    const parsed = schema.parse(doc) as Doc;
    expect(parsed[text]).toBe(SCRIPT);
  });

  it.each(cids)('refuses an invalid CID in %s', (field) => {
    for (const bad of Object.values(BAD_CIDS))
      expect(schema.safeParse({ ...valid(), [field]: bad }).success).toBe(false);
  });
});

describe('store profile', () => {
  it('fills defaults and rejects non-http links', () => {
    const { links: _links, categories: _categories, languages: _languages, ...doc } = storeProfile();
    expect(parseStoreProfile(doc)).toMatchObject({ links: [], categories: [], languages: [] });
    expect(() => parseStoreProfile({ ...storeProfile(), links: [{ label: 'x', url: 'javascript:alert(1)' }] })).toThrow(
      ContentValidationError,
    );
    expect(() =>
      parseStoreProfile({ ...storeProfile(), links: [{ label: 'x', url: 'data:text/html,<script>' }] }),
    ).toThrow(/only http/);
  });

  it('keeps a script in the name as text, but no control characters', () => {
    expect(parseStoreProfile({ ...storeProfile(), name: '<b>Shop</b><script>x</script>' }).name).toBe(
      '<b>Shop</b><script>x</script>',
    );
    expect(() => parseStoreProfile({ ...storeProfile(), name: 'a\u0000b' })).toThrow(ContentValidationError);
    expect(() => parseStoreProfile({ ...storeProfile(), name: 'x'.repeat(65) })).toThrow(/store profile/);
  });
});

describe('listing', () => {
  it('validates every image CID with the pallet rules', () => {
    expect(() => parseListing({ ...listing(), images: ['QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbd'] })).toThrow(
      /InvalidCid/,
    );
    expect(() => parseListing({ ...listing(), images: Array(21).fill(listing().images?.[0]) })).toThrow(
      ContentValidationError,
    );
  });

  it('bounds attributes and categories', () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, index) => [`k${index}`, 'v']));
    expect(listingSchema.safeParse({ ...listing(), attributes: many }).success).toBe(false);
    expect(listingSchema.safeParse({ ...listing(), attributes: { Color: 'x'.repeat(257) } }).success).toBe(false);
    expect(listingSchema.safeParse({ ...listing(), attributes: { Color: 7 } }).success).toBe(false);
    expect(listingSchema.safeParse({ ...listing(), category: 'Food/Coffee' }).success).toBe(false);
    expect(listingSchema.safeParse({ ...listing(), category: '../etc' }).success).toBe(false);
    expect(
      listingSchema.parse({ ...listing(), attributes: { '<script>': SCRIPT.slice(0, 200) } }).attributes['<script>'],
    ).toBe(SCRIPT.slice(0, 200));
  });
});

describe('review and evidence', () => {
  it('refuses out-of-range ratings, ids and addresses', () => {
    for (const rating of [0, 6, 4.5, '5']) expect(reviewSchema.safeParse({ ...review(), rating }).success).toBe(false);
    for (const orderId of [7, '-1', '07', '18446744073709551616', '1e3']) {
      expect(reviewSchema.safeParse({ ...review(), orderId }).success).toBe(false);
    }
    expect(reviewSchema.safeParse({ ...review(), orderId: '18446744073709551615' }).success).toBe(true);
    expect(
      reviewSchema.safeParse({ ...review(), author: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ' }).success,
    ).toBe(false);
  });

  it('validates evidence items strictly', () => {
    const base = evidence();
    const item = base.items?.[0];
    expect(evidenceSchema.safeParse({ ...base, items: [{ ...item, cid: 'nope' }] }).success).toBe(false);
    expect(evidenceSchema.safeParse({ ...base, items: [{ ...item, mediaType: 'jpeg' }] }).success).toBe(false);
    expect(evidenceSchema.safeParse({ ...base, items: [{ ...item, extra: true }] }).success).toBe(false);
    expect(evidenceSchema.safeParse({ ...base, role: 'juror' }).success).toBe(false);
    expect(evidenceSchema.safeParse({ ...base, statement: '' }).success).toBe(false);
  });
});
