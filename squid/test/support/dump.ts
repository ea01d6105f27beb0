import pg from 'pg';
import { type DbConnection, pgClientConfig } from '../../src/db/config.ts';

/** Tables the content worker owns entirely. */
export const WORKER_TABLES: readonly string[] = ['content_pin'];

/**
 * Content tables (`*_content`): the processor inserts a Pending row (id, status) when a CID is
 * first referenced; every other column is the content worker's.
 */
export const CONTENT_TABLE = /_content$/;

/** Tables that belong to no one's state: TypeORM's migration log. */
const IGNORED_TABLES: readonly string[] = ['migrations'];

export type TableDump = Record<string, Record<string, unknown>[]>;

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `0x${value.toString('hex')}`;
  if (Array.isArray(value)) return value.map(normalise);
  return value;
}

/**
 * The content of every table the processor owns (schema `public`), for equality checks between
 * two databases (`expect(await dumpProcessorTables(a)).toEqual(await dumpProcessorTables(b))`):
 * `{ table_name: rows }`, each row an object of columns (dates as ISO strings, bytea as 0x-hex,
 * numeric/bigint as pg returns them: strings), rows sorted by their JSON text, tables by name.
 *
 * Left out: ContentPin (the worker's), the content tables' columns other than `id` and `status`
 * (`contentStatus: false` also leaves out `status`, which the worker changes after the processor
 * inserted the row: use it when a content worker runs), TypeORM's `migrations` table and the
 * `squid_processor` schema (the processor's cursor and hot-block log, which depend on how and
 * when it ran, not on the chain).
 */
export async function dumpProcessorTables(
  db: DbConnection,
  options: { contentStatus?: boolean } = {},
): Promise<TableDump> {
  const client = new pg.Client(pgClientConfig(db));
  client.on('error', () => {});
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const dump: TableDump = {};
    for (const { table_name: table } of tables) {
      if (WORKER_TABLES.includes(table) || IGNORED_TABLES.includes(table)) continue;
      const columns = CONTENT_TABLE.test(table)
        ? options.contentStatus === false
          ? ['id']
          : ['id', 'status']
        : undefined;
      const select = columns ? columns.map((column) => client.escapeIdentifier(column)).join(', ') : '*';
      const { rows } = await client.query(`SELECT ${select} FROM public.${client.escapeIdentifier(table)}`);
      dump[table] = rows
        .map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, normalise(value)])))
        .map((row) => [JSON.stringify(row), row] as const)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, row]) => row);
    }
    return dump;
  } finally {
    await client.end();
  }
}
