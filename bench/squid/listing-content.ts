/** The listings' content rows, filled in the database as the content worker would (the bench runs no IPFS node). */
import type { CachedChain } from './manifest.ts';
import { listingCid } from './manifest.ts';
import type { BenchPostgres } from './postgres.ts';

export const WORDS = {
  adjective: [
    'vintage',
    'handmade',
    'organic',
    'wireless',
    'leather',
    'wooden',
    'ceramic',
    'portable',
    'classic',
    'smart',
  ],
  noun: ['wallet', 'headphones', 'teapot', 'backpack', 'lamp', 'keyboard', 'sneakers', 'camera', 'blanket', 'guitar'],
  category: [
    'fashion/accessories',
    'electronics/audio',
    'home/kitchen',
    'sports/outdoor',
    'home/decor',
    'music/instruments',
  ],
};

/**
 * Fills the listings' content rows as the content worker would after fetching their metadata from IPFS (this
 * bench runs no IPFS node): a title, a description and a category from a small vocabulary.
 */
export async function fillListingContent(pg: BenchPostgres, chain: CachedChain): Promise<number> {
  const ids: string[] = [];
  const titles: string[] = [];
  const descriptions: string[] = [];
  const categories: string[] = [];
  let n = 0;
  for (const store of chain.manifest.storeIds) {
    for (let index = 0; index < chain.manifest.options.listingsPerStore; index++, n++) {
      const adjective = WORDS.adjective[n % WORDS.adjective.length];
      const noun = WORDS.noun[Math.floor(n / WORDS.adjective.length) % WORDS.noun.length];
      ids.push(listingCid(store, index));
      titles.push(`${adjective} ${noun} ${n}`);
      descriptions.push(
        `A ${adjective} ${noun} from store ${store}, model ${index}. Ships in two days; ${WORDS.adjective[(n + 3) % 10]} finish.`,
      );
      categories.push(WORDS.category[n % WORDS.category.length]);
    }
  }
  const rows = await pg.query<{ id: string }>(
    'bench',
    `UPDATE listing_content AS content
        SET status = 'Ok', attempts = 1, fetched_at = now(), next_attempt_at = NULL, error = NULL,
            title = filled.title, description = filled.description, category = filled.category, size = 200
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS filled(id, title, description, category)
      WHERE content.id = filled.id
  RETURNING content.id`,
    [ids, titles, descriptions, categories],
  );
  await pg.query('bench', 'ANALYZE');
  return rows.length;
}
