/**
 * Chain vs GraphQL: field-by-field differences between the two projections, and between the events the
 * chain emitted and the raw log (each exactly once, same block, index, pallet and name). Returns readable
 * difference lines (empty when equal), so tests assert `[]` and benchmarks can print them.
 */
import type { ApiPromise } from '@polkadot/api';
import { readChainEvents, readChainProjection } from './chain-state.ts';
import { readGraphqlEvents, readGraphqlProjection } from './graphql.ts';
import { byId, eventKey, type Json, PROJECTION_KEYS, type Projection, type RawEvent } from './model.ts';

function show(value: Json | undefined): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}

/** The differences between two JSON values, as `path: expected X, got Y` lines. */
export function diffJson(path: string, expected: Json | undefined, actual: Json | undefined): string[] {
  if (
    expected !== null &&
    actual !== null &&
    typeof expected === 'object' &&
    typeof actual === 'object' &&
    expected !== undefined &&
    actual !== undefined
  ) {
    if (Array.isArray(expected) !== Array.isArray(actual))
      return [`${path}: expected ${show(expected)}, got ${show(actual)}`];
    if (Array.isArray(expected) && Array.isArray(actual)) {
      const lines = expected.flatMap((item, index) => diffJson(`${path}[${index}]`, item, actual[index]));
      for (let index = expected.length; index < actual.length; index++) {
        lines.push(`${path}[${index}]: unexpected ${show(actual[index])}`);
      }
      return lines;
    }
    const e = expected as { [key: string]: Json };
    const a = actual as { [key: string]: Json };
    return Object.keys(e).flatMap((key) => diffJson(`${path}.${key}`, e[key], a[key]));
  }
  return JSON.stringify(expected) === JSON.stringify(actual)
    ? []
    : [`${path}: expected ${show(expected)}, got ${show(actual)}`];
}

/** Field-by-field differences: entities missing from GraphQL, extra ones, and differing fields. */
export function diffProjections(expected: Projection, actual: Projection): string[] {
  const lines: string[] = [];
  for (const entity of PROJECTION_KEYS) {
    const ids = [...new Set([...expected[entity].keys(), ...actual[entity].keys()])].sort(byId);
    for (const id of ids) {
      const e = expected[entity].get(id);
      const a = actual[entity].get(id);
      if (!a) lines.push(`${entity} ${id}: on chain, missing from GraphQL`);
      else if (!e) lines.push(`${entity} ${id}: in GraphQL, not on chain`);
      else lines.push(...diffJson(`${entity} ${id}`, e, a));
    }
  }
  return lines;
}

/** Each chain event must be in the raw log exactly once, with the same block, pallet, name and extrinsic; nothing else. */
export function diffEvents(expected: readonly RawEvent[], actual: readonly RawEvent[]): string[] {
  const lines: string[] = [];
  const logged = new Map<string, RawEvent[]>();
  for (const event of actual) logged.set(eventKey(event), [...(logged.get(eventKey(event)) ?? []), event]);
  const describe = (event: RawEvent) =>
    `${event.pallet}.${event.name} at #${event.blockNumber} index ${event.indexInBlock}`;
  for (const event of expected) {
    const rows = logged.get(eventKey(event)) ?? [];
    logged.delete(eventKey(event));
    if (rows.length === 0) {
      lines.push(`${describe(event)}: missing from chainEvents`);
      continue;
    }
    if (rows.length > 1) lines.push(`${describe(event)}: ${rows.length} times in chainEvents`);
    const row = rows[0];
    for (const field of ['blockHash', 'pallet', 'name', 'extrinsicHash'] as const) {
      if (row[field] !== event[field])
        lines.push(`${describe(event)}: ${field} ${show(event[field])}, logged ${show(row[field])}`);
    }
  }
  for (const rows of logged.values()) {
    for (const row of rows) lines.push(`${describe(row)}: in chainEvents, but not an indexed event of the chain`);
  }
  return lines;
}

export interface Comparison {
  readonly projection: string[];
  readonly events: string[];
  /** How many entities and events were compared, by kind. */
  readonly counts: Record<string, number>;
}

/** Compares the chain at block `height` with the GraphQL API at `graphqlUrl` (indexed up to `height`). */
export async function compareWithChain(api: ApiPromise, graphqlUrl: string, height: number): Promise<Comparison> {
  const blockHash = (await api.rpc.chain.getBlockHash(height)).toHex();
  const [expected, actual] = [await readChainProjection(api, blockHash), await readGraphqlProjection(graphqlUrl)];
  const [chainEvents, loggedEvents] = [await readChainEvents(api, height), await readGraphqlEvents(graphqlUrl)];
  const counts: Record<string, number> = Object.fromEntries(PROJECTION_KEYS.map((key) => [key, expected[key].size]));
  counts.events = chainEvents.length;
  return {
    projection: diffProjections(expected, actual),
    events: diffEvents(
      chainEvents,
      loggedEvents.filter((event) => event.blockNumber <= height),
    ),
    counts,
  };
}
