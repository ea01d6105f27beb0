/**
 * The worker's Postgres access: plain `pg`, parameterized SQL. Rows are claimed with a short lease
 * (`next_attempt_at` moved forward inside `FOR UPDATE SKIP LOCKED`), so several workers can run
 * side by side without long transactions, and a crashed worker's rows become due again.
 */
import pg from 'pg';
import { CONTENT_COLUMNS, CONTENT_TABLES, type ContentKind, cleanText } from './documents.ts';

export function createPool(env: NodeJS.ProcessEnv = process.env, onError?: (error: Error) => void): pg.Pool {
  const options: pg.PoolConfig = env.DB_URL
    ? { connectionString: env.DB_URL }
    : {
        host: env.DB_HOST || 'localhost',
        port: Number(env.DB_PORT || 5432),
        database: env.DB_NAME || 'postgres',
        user: env.DB_USER || 'postgres',
        password: env.DB_PASS || 'postgres',
      };
  const pool = new pg.Pool({ ...options, max: 4, connectionTimeoutMillis: 10_000, application_name: 'content-worker' });
  // An idle connection dropped by a Postgres restart must not crash the process.
  pool.on('error', (error) => onError?.(error));
  return pool;
}

export interface ClaimedRow {
  readonly id: string;
  readonly attempts: number;
}

/** Takes up to `limit` due Pending rows of a content table and reserves them for `leaseMs`. */
export async function claimDue(
  pool: pg.Pool,
  kind: ContentKind,
  limit: number,
  leaseMs: number,
): Promise<ClaimedRow[]> {
  const table = CONTENT_TABLES[kind];
  const { rows } = await pool.query<ClaimedRow>(
    `UPDATE ${table} SET next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
     WHERE id IN (
       SELECT id FROM ${table}
       WHERE status = 'Pending' AND (next_attempt_at IS NULL OR next_attempt_at <= now())
       ORDER BY next_attempt_at NULLS FIRST, id
       LIMIT $1
       FOR UPDATE SKIP LOCKED)
     RETURNING id, attempts`,
    [limit, leaseMs],
  );
  return rows;
}

function cast(value: unknown, type: string): unknown {
  if (value == null) return null;
  return type === 'jsonb' ? JSON.stringify(value) : value;
}

/** Stores a valid document's fields: status Ok. */
export async function markOk(
  pool: pg.Pool,
  kind: ContentKind,
  id: string,
  size: number,
  columns: Record<string, unknown>,
): Promise<boolean> {
  const types = CONTENT_COLUMNS[kind];
  const names = Object.keys(types);
  const sets = names.map((name, index) => `${name} = $${index + 3}::${types[name]}`);
  const { rowCount } = await pool.query(
    `UPDATE ${CONTENT_TABLES[kind]} SET status = 'Ok', error = NULL, next_attempt_at = NULL, size = $2,
       fetched_at = now(), attempts = attempts + 1, ${sets.join(', ')}
     WHERE id = $1 AND status = 'Pending'`,
    [id, size, ...names.map((name) => cast(columns[name], types[name]))],
  );
  return (rowCount ?? 0) > 0;
}

/** Content that is not JSON, too large or fails its schema: recorded, never retried. */
export async function markInvalid(
  pool: pg.Pool,
  kind: ContentKind,
  id: string,
  reason: string,
  size: number | null,
): Promise<void> {
  await pool.query(
    `UPDATE ${CONTENT_TABLES[kind]} SET status = 'Invalid', error = $2, size = $3, fetched_at = now(),
       next_attempt_at = NULL, attempts = attempts + 1
     WHERE id = $1 AND status = 'Pending'`,
    [id, cleanText(reason), size],
  );
}

/** A failed attempt: retried after `delayMs`, or Unavailable when it was the last one. */
export async function markAttemptFailed(
  pool: pg.Pool,
  kind: ContentKind,
  id: string,
  reason: string,
  last: boolean,
  delayMs: number,
): Promise<void> {
  await pool.query(
    `UPDATE ${CONTENT_TABLES[kind]} SET attempts = attempts + 1, error = $2,
       status = CASE WHEN $3::boolean THEN 'Unavailable' ELSE 'Pending' END,
       next_attempt_at = CASE WHEN $3::boolean THEN NULL ELSE now() + make_interval(secs => $4::double precision / 1000) END
     WHERE id = $1 AND status = 'Pending'`,
    [id, cleanText(reason), last, delayMs],
  );
}

/** Gives a claimed row back without counting an attempt (the IPFS node was unreachable). */
export async function release(pool: pg.Pool, kind: ContentKind, ids: readonly string[], reason: string): Promise<void> {
  if (ids.length === 0) return;
  await pool.query(
    `UPDATE ${CONTENT_TABLES[kind]} SET next_attempt_at = NULL, error = $2 WHERE id = ANY($1::text[]) AND status = 'Pending'`,
    [ids, cleanText(reason)],
  );
}

/** Postgres refused the data itself (e.g. a character jsonb cannot hold), not a connection problem. */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('22');
}
