/**
 * Test support for the squid: real processes only (devnet, embedded PostgreSQL, the processor,
 * squid-graphql-server), on free ports and in temporary directories.
 *
 * Build. The squid project's vitest globalSetup (global-setup.ts) runs `tsc -p squid` once per
 * test run, into squid/lib, which the processor, the GraphQL server (lib/model,
 * lib/server-extension) and the migrations load. Call `requireBuild()` first in a `beforeAll`
 * of any file that runs them: it throws the compiler's output if the build failed.
 *
 * Typical file:
 *
 *   import { requireBuild, startTestDevnet, startSquid, gql, waitForIndexedHeight,
 *            dumpProcessorTables } from './support/index.ts';
 *
 *   let devnet: Awaited<ReturnType<typeof startTestDevnet>>;
 *   let squid: Squid;
 *   beforeAll(async () => {
 *     requireBuild();
 *     devnet = await startTestDevnet();               // in process, instant blocks
 *     squid = await startSquid({ rpcEndpoint: devnet.wsUrl, graphql: true });
 *   });
 *   afterAll(async () => { await squid?.close(); await devnet?.close(); });
 *
 *   it('indexes', async () => {
 *     // ... submit extrinsics with @polkadot/api to devnet.wsUrl ...
 *     await waitForIndexedHeight(squid.graphql!.url, devnet.chain.head.number);
 *     const { orders } = await gql(squid.graphql!.url, '{ orders { id } }');
 *     const dump = await dumpProcessorTables(squid.postgres.connection);
 *   });
 *
 * Pieces (each usable alone):
 * - `startTestPostgres()`: an embedded Postgres (src/db/postgres.ts) in a temp dir; `.env` is the
 *   `DB_*` environment for the Subsquid tools, `.connection` for `pg`; `.server.stop()` /
 *   `.server.start()` simulate an outage (same port, same data); `.close()` removes everything.
 * - `startTestDevnet(options)`: a devnet in this process (startDevnet) on a free port;
 *   `spawnDevnet({ blockTime, finalityLag })`: one in a child process (devnet/src/cli.ts) that can
 *   be killed (`.process.kill()`) and restarted on the same port and chain (`.restart()`).
 * - `applyMigrations(db env)`: `squid-typeorm-migration apply` (cwd squid/).
 * - `spawnProcessor({ db, rpcEndpoint, env })`: `node --import tsx lib/main.js` (cwd squid/), a
 *   `ManagedProcess`: `.kill()` is a SIGKILL, `.start()` runs it again, `.output()` its last lines.
 * - `spawnGraphqlServer({ db, env, args })`: squid-graphql-server exactly as the `serve` script of
 *   squid/package.json runs it (same flags; set GQL_MAX_ROOT_FIELDS etc. in `env`), on a free
 *   port, once it answers; `.url` is http://127.0.0.1:<port>/graphql.
 * - `gql(url, query, variables)` returns `data` and throws on any error; `gqlResponse(...)`
 *   returns `{ status, data, errors }` as they are (for tests of rejected queries).
 * - `indexedHeight(url | connection)` and `waitForIndexedHeight(url | connection, height)`: the
 *   height `squidStatus { height }` reports (hot blocks included), read over GraphQL or from
 *   squid_processor.status / hot_block.
 * - `dumpProcessorTables(connection, { contentStatus })`: every processor-owned table's rows,
 *   sorted, without the content worker's tables and columns (see dump.ts), for equality checks.
 * - `waitFor(what, check)`: polls until `check` returns a value (failure guard, not an assertion
 *   on time); `tempDir()`: a temp dir an embedded Postgres running as root can use.
 *
 * Set SQUID_TEST_ECHO=1 to see every child's output, prefixed with its name.
 */
import type { DbConnection } from '../../src/db/config.ts';
import { startTestPostgres, type TestPostgres } from './postgres.ts';
import type { ManagedProcess } from './process.ts';
import { applyMigrations, type GraphqlServer, spawnGraphqlServer, spawnProcessor } from './squid.ts';

export { requireBuild } from './build.ts';
export { type DevnetChild, spawnDevnet, startTestDevnet } from './devnet.ts';
export { dumpProcessorTables, type TableDump } from './dump.ts';
export { type GqlResponse, gql, gqlResponse } from './graphql.ts';
export { BIN_DIR, LIB_DIR, REPO_DIR, SQUID_DIR } from './paths.ts';
export { startTestPostgres, type TestPostgres } from './postgres.ts';
export { ManagedProcess, waitFor } from './process.ts';
export {
  applyMigrations,
  type GraphqlServer,
  indexedHeight,
  runCommand,
  spawnGraphqlServer,
  spawnProcessor,
  waitForIndexedHeight,
} from './squid.ts';
export { tempDir } from './tmp.ts';

export interface Squid {
  readonly postgres: TestPostgres;
  readonly connection: DbConnection;
  readonly processor: ManagedProcess;
  readonly graphql: GraphqlServer | undefined;
  /** Stops the GraphQL server, the processor, then Postgres (and removes its directory). */
  close(): Promise<void>;
}

/**
 * The whole squid for a test: an embedded Postgres, the migrations applied, the processor
 * following `rpcEndpoint`, and (with `graphql: true`) the GraphQL server.
 */
export async function startSquid(options: {
  rpcEndpoint: string;
  graphql?: boolean;
  /** Extra env for the processor (RPC_HEAD_POLL_MS…). */
  processorEnv?: Record<string, string>;
  /** Extra env for the GraphQL server (GQL_MAX_ROOT_FIELDS…). */
  graphqlEnv?: Record<string, string>;
  echo?: boolean;
}): Promise<Squid> {
  const postgres = await startTestPostgres();
  let processor: ManagedProcess | undefined;
  let graphql: GraphqlServer | undefined;
  const close = async () => {
    await graphql?.close();
    await processor?.stop();
    await postgres.close();
  };
  try {
    await applyMigrations(postgres.env);
    processor = spawnProcessor({
      db: postgres.env,
      rpcEndpoint: options.rpcEndpoint,
      env: options.processorEnv,
      echo: options.echo,
    });
    if (options.graphql) {
      graphql = await spawnGraphqlServer({ db: postgres.env, env: options.graphqlEnv, echo: options.echo });
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { postgres, connection: postgres.connection, processor, graphql, close };
}
