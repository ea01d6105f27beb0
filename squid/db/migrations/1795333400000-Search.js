// Product search (the `searchListings` query of src/server-extension): full-text search over the
// listing content's title (weight A) and description (weight B), typo tolerance with pg_trgm, and the
// category prefix filter. Hand-written; it must sort after the initial model migration, since it
// indexes `listing_content`.
//
// Expression indexes only (and a function, not a generated column): TypeORM does not load them, so
// `squid-typeorm-migration generate` never proposes to drop them. The other filters the dApp uses
// (orders by buyer / seller / status, listings by store / status / price, disputes by juror) are
// created by the @index directives of schema.graphql in the initial migration.
module.exports = class Search1795333400000 {
  name = 'Search1795333400000';

  async up(db) {
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await db.query(`
      CREATE FUNCTION listing_search_document(title text, description text) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A')
            || setweight(to_tsvector('simple'::regconfig, coalesce(description, '')), 'B')
      $$`);
    await db.query(
      `CREATE INDEX "IDX_listing_content_search" ON "listing_content" USING GIN (listing_search_document("title", "description"))`,
    );
    await db.query(
      `CREATE INDEX "IDX_listing_content_title_trgm" ON "listing_content" USING GIN (lower("title") gin_trgm_ops)`,
    );
    await db.query(
      `CREATE INDEX "IDX_listing_content_category_prefix" ON "listing_content" (lower("category") text_pattern_ops)`,
    );
  }

  async down(db) {
    await db.query(`DROP INDEX "IDX_listing_content_category_prefix"`);
    await db.query(`DROP INDEX "IDX_listing_content_title_trgm"`);
    await db.query(`DROP INDEX "IDX_listing_content_search"`);
    await db.query(`DROP FUNCTION listing_search_document(text, text)`);
  }
};
