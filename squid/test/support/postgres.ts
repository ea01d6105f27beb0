import type { DbConnection } from '../../src/db/config.ts';
import { EmbeddedPostgresServer } from '../../src/db/postgres.ts';
import { tempDir } from './tmp.ts';

export interface TestPostgres {
  /** The server: `stop()` and `start()` it again to simulate a database outage (same port, same data). */
  readonly server: EmbeddedPostgresServer;
  readonly connection: DbConnection;
  /** The `DB_*` environment for the Subsquid tools. */
  readonly env: Record<string, string>;
  readonly dataDir: string;
  /** Stops the server and removes its directory. */
  close(): Promise<void>;
}

/** Starts an embedded Postgres (the squid's own, src/db/postgres.ts) in a new temporary directory. */
export async function startTestPostgres(options: { log?: (line: string) => void } = {}): Promise<TestPostgres> {
  const dir = tempDir('bazari-squid-pg-');
  const server = new EmbeddedPostgresServer({ dataDir: dir.path, log: options.log });
  try {
    await server.start();
  } catch (error) {
    dir.remove();
    throw error;
  }
  return {
    server,
    connection: server.connection,
    env: server.env,
    dataDir: dir.path,
    async close() {
      await server.stop();
      dir.remove();
    },
  };
}
