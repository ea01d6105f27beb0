/**
 * Where the squid's Postgres is, and the environment every Subsquid tool reads to find it.
 *
 * The processor (@subsquid/typeorm-store), `squid-typeorm-migration` and `squid-graphql-server`
 * read their connection from `DB_URL`, else from `DB_HOST`, `DB_PORT`, `DB_NAME`, `DB_USER`,
 * `DB_PASS` (defaults localhost, 5432, postgres, postgres, postgres: @subsquid/typeorm-config).
 * When any of them is set, the squid uses that database and starts no embedded Postgres;
 * otherwise `npm run squid` starts one under `<DATA_DIR>/postgres` (./postgres.ts) and hands
 * its connection to the children as these same variables.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientConfig } from 'pg';

export const DB_ENV_NAMES = ['DB_URL', 'DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USER', 'DB_PASS'] as const;

/** A Postgres connection, as the Subsquid tools take it from the environment. */
export type DbConnection =
  | { readonly url: string }
  | {
      readonly host: string;
      readonly port: number;
      readonly database: string;
      readonly user: string;
      readonly password: string;
    };

type Env = Readonly<Record<string, string | undefined>>;

/** Whether the environment points the squid at a Postgres of its own (any `DB_*` variable set). */
export function externalDatabaseConfigured(env: Env = process.env): boolean {
  return DB_ENV_NAMES.some((name) => env[name] !== undefined && env[name] !== '');
}

/** The connection the Subsquid tools would use with this environment (same defaults). */
export function connectionFromEnv(env: Env = process.env): DbConnection {
  if (env.DB_URL) return { url: env.DB_URL };
  const port = Number(env.DB_PORT || 5432);
  if (!Number.isSafeInteger(port) || port <= 0 || port > 65535) throw new Error(`invalid DB_PORT: ${env.DB_PORT}`);
  return {
    host: env.DB_HOST || 'localhost',
    port,
    database: env.DB_NAME || 'postgres',
    user: env.DB_USER || 'postgres',
    password: env.DB_PASS || 'postgres',
  };
}

/** The `DB_*` variables that point the Subsquid tools (child processes) at `connection`. */
export function dbEnv(connection: DbConnection): Record<string, string> {
  if ('url' in connection) return { DB_URL: connection.url };
  return {
    DB_HOST: connection.host,
    DB_PORT: String(connection.port),
    DB_NAME: connection.database,
    DB_USER: connection.user,
    DB_PASS: connection.password,
  };
}

/** A node-postgres config for the same connection (for our own checks and tests). */
export function pgClientConfig(connection: DbConnection): ClientConfig {
  if ('url' in connection) return { connectionString: connection.url };
  return {
    host: connection.host,
    port: connection.port,
    database: connection.database,
    user: connection.user,
    password: connection.password,
  };
}

/** squid/ (this file is src/db/config.ts, compiled to lib/db/config.js). */
export const SQUID_DIR = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The repository root (squid/..). */
export const REPO_DIR = resolve(SQUID_DIR, '..');

/** Everything `npm run squid` reads from the environment, with its defaults. */
export interface SquidConfig {
  /** RPC_ENDPOINT: the node the processor indexes (default the devnet, ws://127.0.0.1:9944). */
  readonly rpcEndpoint: string;
  /** GQL_PORT: the GraphQL server's port (default 4350). */
  readonly gqlPort: number;
  /** DATA_DIR: where the embedded Postgres lives (default .data/squid at the repository root). */
  readonly dataDir: string;
  /** IPFS_URL: the IPFS node the content worker fetches from and pins to (default http://127.0.0.1:8080). */
  readonly ipfsUrl: string;
  /** The `DB_*` database, or undefined when the embedded Postgres is to be used. */
  readonly externalDb: DbConnection | undefined;
  /** EMBEDDED_PG_PORT: the embedded Postgres' port (default a free one). */
  readonly embeddedPgPort: number | undefined;
}

function port(name: string, value: string | undefined, fallback?: number): number | undefined {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0 || parsed > 65535) throw new Error(`invalid ${name}: ${value}`);
  return parsed;
}

export function squidConfigFromEnv(env: Env = process.env): SquidConfig {
  const dataDir = env.DATA_DIR ? env.DATA_DIR : join(REPO_DIR, '.data/squid');
  return {
    rpcEndpoint: env.RPC_ENDPOINT || 'ws://127.0.0.1:9944',
    gqlPort: port('GQL_PORT', env.GQL_PORT, 4350) as number,
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(dataDir),
    ipfsUrl: env.IPFS_URL || 'http://127.0.0.1:8080',
    externalDb: externalDatabaseConfigured(env) ? connectionFromEnv(env) : undefined,
    embeddedPgPort: port('EMBEDDED_PG_PORT', env.EMBEDDED_PG_PORT),
  };
}
