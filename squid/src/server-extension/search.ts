/**
 * Product search over listings: Postgres full-text search on the listing content's title (weight A)
 * and description (weight B), tolerant to typos through pg_trgm's word similarity on the title,
 * with filters (category prefix, price range, store, status) and offset pagination.
 *
 * The SQL relies on the search migration (db/migrations/*-Search.js): the pg_trgm extension, the
 * immutable function `listing_search_document(title, description)` and the expression indexes on
 * `listing_content` (a GIN index on that document, a GIN trigram index on `lower(title)`, a
 * `text_pattern_ops` index on `lower(category)`). Expression indexes only: TypeORM does not see
 * them, so `squid-typeorm-migration generate` never proposes to drop them.
 */

/** The text search configuration: `simple` (no stemming, no stop words), as listings are multilingual. */
export const SEARCH_CONFIG = 'simple';
/** pg_trgm word similarity from which a title counts as a (typo-tolerant) match of the query. */
export const WORD_SIMILARITY_THRESHOLD = 0.4;
/** How much the title's word similarity weighs against the full-text rank in the score. */
export const SIMILARITY_WEIGHT = 0.5;
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
/** Longest query text accepted (characters); longer ones are cut. */
export const MAX_QUERY_LENGTH = 200;

export interface ListingSearchParams {
  readonly query: string;
  readonly category?: string | null;
  readonly minPrice?: bigint | null;
  readonly maxPrice?: bigint | null;
  readonly storeId?: string | null;
  readonly status?: string | null;
  readonly limit?: number | null;
  readonly offset?: number | null;
}

export interface SqlQuery {
  readonly sql: string;
  readonly params: unknown[];
}

/** Escapes `%`, `_` and `\` for a LIKE pattern (with the default `\` escape character). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** Normalizes a category filter: trimmed, lower case, without leading or trailing slashes. */
export function normalizeCategory(category: string): string {
  return category
    .trim()
    .toLowerCase()
    .replace(/^\/+|\/+$/g, '');
}

export function clampLimit(limit: number | null | undefined): number {
  if (limit == null || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(0, Math.trunc(limit)));
}

export function clampOffset(offset: number | null | undefined): number {
  if (offset == null || !Number.isFinite(offset)) return 0;
  return Math.max(0, Math.trunc(offset));
}

/**
 * The search query: one row per matching listing with its score and the fields a shop grid needs,
 * best first, plus the total number of matches (`total_count`, the same on every row).
 * An empty (or blank) query text matches every listing that passes the filters, newest first.
 */
export function buildListingSearch(params: ListingSearchParams, countOnly = false): SqlQuery {
  const values: unknown[] = [];
  const param = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  const text = params.query.trim().slice(0, MAX_QUERY_LENGTH);
  const where: string[] = [`c.status = 'Ok'`, `l.status = ${param(params.status ?? 'Active')}`];
  let score = '0::real';
  let order = 'l.created_at_block DESC, l.id';
  if (text !== '') {
    const tsquery = `websearch_to_tsquery('${SEARCH_CONFIG}', ${param(text)})`;
    const lowered = param(text.toLowerCase());
    const document = 'listing_search_document(c.title, c.description)';
    where.push(`(${document} @@ ${tsquery} OR ${lowered} <% lower(c.title))`);
    score = `(ts_rank(${document}, ${tsquery}) + ${SIMILARITY_WEIGHT} * word_similarity(${lowered}, lower(c.title)))::real`;
    order = `score DESC, l.created_at_block DESC, l.id`;
  }
  if (params.category != null && normalizeCategory(params.category) !== '') {
    const category = normalizeCategory(params.category);
    where.push(
      `(lower(c.category) = ${param(category)} OR lower(c.category) LIKE ${param(`${escapeLike(category)}/%`)})`,
    );
  }
  if (params.minPrice != null) where.push(`l.price >= ${param(params.minPrice.toString())}::numeric`);
  if (params.maxPrice != null) where.push(`l.price <= ${param(params.maxPrice.toString())}::numeric`);
  if (params.storeId != null) where.push(`l.store_id = ${param(params.storeId)}`);
  const from = `
    FROM listing l
    JOIN listing_content c ON c.id = l.content_id
    JOIN store s ON s.id = l.store_id
    WHERE ${where.join('\n      AND ')}`;
  if (countOnly) return { sql: `SELECT count(*) AS "totalCount" ${from}`, params: values };
  const limit = param(clampLimit(params.limit));
  const offset = param(clampOffset(params.offset));
  const sql = `
    SELECT
      l.id AS "id",
      ${score} AS "score",
      c.title AS "title",
      c.category AS "category",
      c.image_cids[1] AS "coverImageCid",
      l.price::text AS "price",
      l.stock::text AS "stock",
      l.units_sold::text AS "unitsSold",
      l.status AS "status",
      l.store_id AS "storeId",
      s.name AS "storeName",
      l.seller_id AS "sellerId",
      l.metadata_cid AS "metadataCid",
      l.created_at_block AS "createdAtBlock",
      count(*) OVER () AS "totalCount"
    ${from}
    ORDER BY ${order}
    LIMIT ${limit} OFFSET ${offset}`;
  return { sql, params: values };
}

/** The query to run first, in the same transaction: the typo tolerance of the `<%` operator. */
export const SET_SIMILARITY_THRESHOLD: SqlQuery = {
  sql: `SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)`,
  params: [String(WORD_SIMILARITY_THRESHOLD)],
};

export interface ListingSearchRow {
  readonly id: string;
  readonly score: number;
  readonly title: string | null;
  readonly category: string | null;
  readonly coverImageCid: string | null;
  readonly price: string;
  readonly stock: string;
  readonly unitsSold: string;
  readonly status: string;
  readonly storeId: string;
  readonly storeName: string;
  readonly sellerId: string;
  readonly metadataCid: string;
  readonly createdAtBlock: number;
  readonly totalCount: string | number;
}
