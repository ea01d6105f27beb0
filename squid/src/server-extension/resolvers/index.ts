/**
 * Custom resolvers of the squid's GraphQL API. squid-graphql-server (cwd squid/) loads the compiled
 * `lib/server-extension/resolvers` with type-graphql's `buildSchema` and merges it with the
 * openreader schema; each resolver is constructed with a function returning the request's
 * EntityManager (one read transaction per GraphQL request, under --sql-statement-timeout).
 */
import 'reflect-metadata';
import { BigInteger } from '@subsquid/graphql-server/lib/scalars.js';
import typeGraphql from 'type-graphql';
import type { EntityManager } from 'typeorm';
import {
  type DisputeDeadlines,
  type DisputePhaseName,
  derivePhase,
  HAS_STATUS_SQL,
  INDEXED_HEIGHT_SQL,
} from '../dispute-phase.ts';
import {
  buildListingSearch,
  clampOffset,
  DEFAULT_LIMIT,
  type ListingSearchRow,
  MAX_LIMIT,
  SET_SIMILARITY_THRESHOLD,
} from '../search.ts';

// type-graphql is CommonJS and re-exports through tslib, which Node's named-export detection does not see.
const { Arg, Field, Float, Int, ObjectType, Query, Resolver, registerEnumType } = typeGraphql;

type Tx = () => Promise<EntityManager>;
// Prices use the graphql-server's own BigInt scalar object (the same one its scalarsMap maps `BigInt` to):
// given the `BigInt` constructor as an argument type, type-graphql would call `new BigInt(value)`.

/** The same values as the model's ListingStatus (the merged schema keeps one enum of that name). */
export enum ListingStatusArg {
  Active = 'Active',
  Removed = 'Removed',
}
registerEnumType(ListingStatusArg, { name: 'ListingStatus' });

export enum DisputePhase {
  Evidence = 'Evidence',
  Commit = 'Commit',
  Reveal = 'Reveal',
  Appeal = 'Appeal',
  AwaitingExecution = 'AwaitingExecution',
  Resolved = 'Resolved',
}
registerEnumType(DisputePhase, {
  name: 'DisputePhase',
  description: 'The phase of a dispute at the block after the indexed height.',
});

@ObjectType({ description: 'A listing found by `searchListings`, with the fields a shop grid shows.' })
export class ListingSearchResult {
  @Field(() => String, { description: 'The listing id.' })
  id!: string;

  @Field(() => Float, { description: 'Relevance: full-text rank (title A, description B) plus title word similarity.' })
  score!: number;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => String, { nullable: true, description: 'Category path, e.g. `electronics/phones`.' })
  category!: string | null;

  @Field(() => String, { nullable: true, description: "The first of the metadata's image CIDs." })
  coverImageCid!: string | null;

  @Field(() => BigInteger)
  price!: bigint;

  @Field(() => BigInteger)
  stock!: bigint;

  @Field(() => BigInteger)
  unitsSold!: bigint;

  @Field(() => ListingStatusArg)
  status!: ListingStatusArg;

  @Field(() => String)
  storeId!: string;

  @Field(() => String)
  storeName!: string;

  @Field(() => String)
  sellerId!: string;

  @Field(() => String)
  metadataCid!: string;

  @Field(() => Int)
  createdAtBlock!: number;
}

@ObjectType({ description: 'A page of `searchListings` results.' })
export class ListingSearchPage {
  @Field(() => Int, { description: 'Number of listings matching the query and filters, over all pages.' })
  totalCount!: number;

  @Field(() => [ListingSearchResult])
  items!: ListingSearchResult[];
}

@ObjectType({ description: 'The current phase of a dispute, derived from its deadlines and the indexed height.' })
export class DisputePhaseInfo {
  @Field(() => String)
  disputeId!: string;

  @Field(() => DisputePhase)
  phase!: DisputePhaseName;

  @Field(() => Int, { description: 'The current round, from 0.' })
  round!: number;

  @Field(() => Int, { description: 'The indexed chain height the phase was derived from (squidStatus.height).' })
  height!: number;

  @Field(() => Int, { nullable: true, description: 'The block at which the phase ends (exclusive).' })
  endsAt!: number | null;

  @Field(() => Int, { description: 'Blocks in which a call can still be included in this phase.' })
  blocksLeft!: number;

  @Field(() => Int)
  evidenceEnd!: number;

  @Field(() => Int)
  commitEnd!: number;

  @Field(() => Int)
  revealEnd!: number;

  @Field(() => Int)
  appealEnd!: number;
}

@Resolver()
export class SearchResolver {
  constructor(private readonly tx: Tx) {}

  @Query(() => ListingSearchPage, {
    description:
      'Listings ranked by full-text search over title and description, tolerant to typos. An empty query lists every listing that passes the filters, newest first.',
  })
  async searchListings(
    @Arg('query', () => String) query: string,
    @Arg('category', () => String, {
      nullable: true,
      description: 'Category path prefix: `electronics` finds `electronics/phones`.',
    })
    category: string | undefined,
    @Arg('minPrice', () => BigInteger, { nullable: true }) minPrice: bigint | undefined,
    @Arg('maxPrice', () => BigInteger, { nullable: true }) maxPrice: bigint | undefined,
    @Arg('storeId', () => String, { nullable: true }) storeId: string | undefined,
    @Arg('status', () => ListingStatusArg, { defaultValue: ListingStatusArg.Active }) status: ListingStatusArg,
    @Arg('limit', () => Int, { defaultValue: DEFAULT_LIMIT, description: `At most ${MAX_LIMIT}.` }) limit: number,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset: number,
  ): Promise<ListingSearchPage> {
    const params = { query, category, minPrice, maxPrice, storeId, status, limit, offset };
    const em = await this.tx();
    await em.query(SET_SIMILARITY_THRESHOLD.sql, SET_SIMILARITY_THRESHOLD.params);
    const search = buildListingSearch(params);
    const rows = (await em.query(search.sql, search.params)) as ListingSearchRow[];
    let totalCount: number;
    if (rows.length > 0) {
      totalCount = Number(rows[0].totalCount);
    } else if (clampOffset(offset) === 0) {
      totalCount = 0;
    } else {
      const count = buildListingSearch(params, true);
      const [row] = (await em.query(count.sql, count.params)) as { totalCount: string }[];
      totalCount = Number(row.totalCount);
    }
    return {
      totalCount,
      items: rows.map((row) => ({
        id: row.id,
        score: Number(row.score),
        title: row.title,
        category: row.category,
        coverImageCid: row.coverImageCid,
        price: BigInt(row.price),
        stock: BigInt(row.stock),
        unitsSold: BigInt(row.unitsSold),
        status: row.status as ListingStatusArg,
        storeId: row.storeId,
        storeName: row.storeName,
        sellerId: row.sellerId,
        metadataCid: row.metadataCid,
        createdAtBlock: row.createdAtBlock,
      })),
    };
  }
}

@Resolver()
export class DisputePhaseResolver {
  constructor(private readonly tx: Tx) {}

  @Query(() => DisputePhaseInfo, {
    nullable: true,
    description: 'The current phase of a dispute (null if no such dispute is indexed, or nothing is indexed yet).',
  })
  async disputePhase(@Arg('disputeId', () => String) disputeId: string): Promise<DisputePhaseInfo | null> {
    const em = await this.tx();
    const [dispute] = (await em.query(
      `SELECT status, round, evidence_end AS "evidenceEnd", commit_end AS "commitEnd",
              reveal_end AS "revealEnd", appeal_end AS "appealEnd"
       FROM dispute WHERE id = $1`,
      [disputeId],
    )) as (DisputeDeadlines & { round: number })[];
    if (!dispute) return null;
    const [status] = (await em.query(HAS_STATUS_SQL)) as { exists: boolean }[];
    if (!status.exists) return null;
    const [indexed] = (await em.query(INDEXED_HEIGHT_SQL)) as { height: number | string | null }[];
    if (indexed.height == null) return null;
    const height = Number(indexed.height);
    const derived = derivePhase(dispute, height);
    return {
      disputeId,
      round: dispute.round,
      height,
      ...derived,
      evidenceEnd: dispute.evidenceEnd,
      commitEnd: dispute.commitEnd,
      revealEnd: dispute.revealEnd,
      appealEnd: dispute.appealEnd,
    };
  }
}
