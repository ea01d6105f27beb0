/**
 * The shape both sides of the comparison are normalized to: one plain JSON object per entity, keyed by its
 * GraphQL id. The chain side (./chain-state.ts) builds it from storage through @polkadot/api, the GraphQL
 * side (./graphql.ts) from the squid's API. The mapping from chain fields to GraphQL fields is written
 * out field by field in chain-state.ts:
 *
 * - ids: the on-chain id as a decimal string (`OrderItem`: `<order id>-<position>`, `DisputeRound`:
 *   `<dispute id>-<round>`, `DisputeJuror`: `<dispute id>-<round>-<juror>`);
 * - accounts: SS58 with prefix 42, and a relation to an entity is compared through its id;
 * - u64/u128 amounts (BigInt in GraphQL): decimal strings; u8/u32 (Int): numbers;
 * - CIDs, names and other `Vec<u8>` text: UTF-8 strings; `[u8; 32]` and `H256`: 0x hex;
 * - enums: the variant name (`Paid`, `Resolved`...); a variant's field goes to its own column
 *   (`MissionKind::CompletedOrders(n)` → kind `CompletedOrders`, threshold n; `Vote::PartialRefund(p)` →
 *   vote `PartialRefund`, votePercent p; `DisputeStatus::Resolved(ruling)` → status `Resolved`, ruling...);
 * - `Option<T>`: null when None.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type EntityMap = Map<string, { [key: string]: Json }>;

/** The entities compared, each a map from id to its fields. */
export interface Projection {
  stores: EntityMap;
  listings: EntityMap;
  orders: EntityMap;
  escrows: EntityMap;
  missions: EntityMap;
  disputes: EntityMap;
  jurors: EntityMap;
}

export const PROJECTION_KEYS: readonly (keyof Projection)[] = [
  'stores',
  'listings',
  'orders',
  'escrows',
  'missions',
  'disputes',
  'jurors',
];

/** A projection with no entity yet. */
export function emptyProjection(): Projection {
  return Object.fromEntries(PROJECTION_KEYS.map((key) => [key, new Map()])) as unknown as Projection;
}

/** One event of the raw log, as the comparison identifies it. */
export interface RawEvent {
  readonly blockNumber: number;
  readonly blockHash: string;
  readonly indexInBlock: number;
  readonly pallet: string;
  readonly name: string;
  readonly extrinsicHash: string | null;
}

export const eventKey = (event: Pick<RawEvent, 'blockNumber' | 'indexInBlock'>) =>
  `${event.blockNumber}-${event.indexInBlock}`;

/** Sorts ids numerically where they are numbers (then as strings). */
export function byId(a: string, b: string): number {
  const [x, y] = [Number(a), Number(b)];
  if (Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A float as compared: rounded to 9 decimals (averages computed on both sides in binary floating point). */
export function roundFloat(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : Math.round(value * 1e9) / 1e9;
}
