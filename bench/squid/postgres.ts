import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DbConnection, dbEnv, EmbeddedPostgresServer, pgClientConfig } from '@bazari/squid/db';
import pg from 'pg';

/** The `DB_*` environment the Subsquid tools read (see squid/src/db/config.ts). */
export type DbEnv = Readonly<Record<string, string>>;

/**
 * The squid's own embedded PostgreSQL (squid/src/db/postgres.ts) in a temporary directory, removed on stop,
 * with helpers to reach any database on it.
 */
export class BenchPostgres {
  private constructor(
    private readonly server: EmbeddedPostgresServer,
    private readonly dir: string,
  ) {}

  static async start(): Promise<BenchPostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'bench-squid-pg-'));
    const log = process.env.BENCH_LOG ? (line: string) => console.error(`postgres: ${line}`) : undefined;
    const server = new EmbeddedPostgresServer({ dataDir: dir, log });
    try {
      await server.start();
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    return new BenchPostgres(server, dir);
  }

  connection(database: string): DbConnection {
    return { ...this.server.connection, database };
  }

  env(database: string): DbEnv {
    return dbEnv(this.connection(database));
  }

  async createDatabase(name: string): Promise<void> {
    const client = await this.client('postgres');
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    } finally {
      await client.end();
    }
  }

  /** Runs `query` on `database` with a short-lived client. */
  async query<T = Record<string, unknown>>(database: string, text: string, values: unknown[] = []): Promise<T[]> {
    const client = await this.client(database);
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end();
    }
  }

  private async client(database: string): Promise<pg.Client> {
    const client = new pg.Client(pgClientConfig(this.connection(database)));
    client.on('error', () => {});
    await client.connect();
    return client;
  }

  async stop(): Promise<void> {
    try {
      await this.server.stop();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
