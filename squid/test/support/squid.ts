import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import pg from 'pg';
import { type DbConnection, pgClientConfig } from '../../src/db/config.ts';
import { freePort } from '../../src/db/postgres.ts';
import { gqlResponse } from './graphql.ts';
import { BIN_DIR, SQUID_DIR } from './paths.ts';
import { ManagedProcess, waitFor } from './process.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** PATH with the repository's node_modules/.bin first (as npm scripts have it). */
export function binPath(): string {
  return `${BIN_DIR}${delimiter}${process.env.PATH ?? ''}`;
}

/** Runs a command to completion (cwd squid/ by default); rejects with its output if it fails. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { env?: Env; cwd?: string } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd ?? SQUID_DIR,
      env: { ...process.env, PATH: binPath(), ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} failed (${code ?? signal}):\n${output}`));
    });
  });
}

/** `squid-typeorm-migration apply` (cwd squid/: db/migrations) against the database in `db`. */
export function applyMigrations(db: Env): Promise<string> {
  return runCommand(join(BIN_DIR, 'squid-typeorm-migration'), ['apply'], { env: db });
}

/**
 * The processor (`node --import tsx lib/main.js`, cwd squid/) as a child process, started.
 * `processor.kill()` is a SIGKILL; `processor.start()` runs it again with the same env.
 */
export function spawnProcessor(options: {
  db: Env;
  rpcEndpoint: string;
  env?: Env;
  /** The entry, relative to squid/ (default lib/main.js). */
  entry?: string;
  echo?: boolean;
}): ManagedProcess {
  return new ManagedProcess({
    name: 'processor',
    command: process.execPath,
    args: ['--import', 'tsx', options.entry ?? 'lib/main.js'],
    cwd: SQUID_DIR,
    env: {
      RPC_ENDPOINT: options.rpcEndpoint,
      // Test devnets mostly finalize each block as they build it: see squid/src/processor.ts. Tests of
      // forks follow the node's finality instead (`env: { RPC_FINALITY_CONFIRMATION: '' }` or HTTP).
      ...(options.rpcEndpoint.startsWith('ws') ? { RPC_FINALITY_CONFIRMATION: '1' } : {}),
      ...options.db,
      ...options.env,
    },
    echo: options.echo,
  }).start();
}

export interface GraphqlServer {
  readonly process: ManagedProcess;
  readonly port: number;
  /** http://127.0.0.1:<port>/graphql */
  readonly url: string;
  /** Starts it again after a kill/stop and waits until it answers. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The `serve` script of squid/package.json (squid-graphql-server with the public-endpoint flags). */
export function serveScript(): string {
  const manifest = JSON.parse(readFileSync(join(SQUID_DIR, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const script = manifest.scripts.serve;
  if (!script) throw new Error('squid/package.json has no serve script');
  return script;
}

/**
 * squid-graphql-server as `npm run serve` runs it (the same flags, through `sh -c exec` so that
 * signals reach the server itself), cwd squid/, on a free port; resolves once it answers.
 * `env` can set the flags' variables (GQL_MAX_ROOT_FIELDS…); `args` are appended.
 */
export async function spawnGraphqlServer(options: {
  db: Env;
  env?: Env;
  args?: readonly string[];
  echo?: boolean;
}): Promise<GraphqlServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const quoted = (options.args ?? []).map((arg) => `'${arg.replaceAll("'", `'\\''`)}'`).join(' ');
  const child = new ManagedProcess({
    name: 'graphql',
    command: '/bin/sh',
    args: ['-c', `exec ${serveScript()} ${quoted}`],
    cwd: SQUID_DIR,
    env: { PATH: binPath(), ...options.db, ...options.env, GQL_PORT: String(port) },
    echo: options.echo,
  });
  const ready = async () => {
    child.start();
    await waitFor(
      'the GraphQL server to answer',
      async () => {
        if (!child.running) throw new Error(`squid-graphql-server exited:\n${child.output()}`);
        return (await gqlResponse(url, '{ __typename }')).status === 200 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, context: () => child.output() },
    );
  };
  await ready();
  return {
    process: child,
    port,
    url,
    async restart() {
      if (child.running) await child.kill();
      await ready();
    },
    async close() {
      await child.stop();
    },
  };
}

const STATUS_SQL = `
  SELECT COALESCE(h.height, f.height) AS height, f.height AS finalized
  FROM squid_processor.status AS f
  FULL JOIN (SELECT height FROM squid_processor.hot_block ORDER BY height DESC LIMIT 1) AS h ON TRUE
  WHERE f.id = 0`;

/**
 * The processor's indexed height (including unfinalized blocks), as `squidStatus { height }`
 * reports it: through a GraphQL URL, or straight from squid_processor.status / hot_block in a
 * database. -1 before the processor wrote anything.
 */
export async function indexedHeight(target: string | DbConnection): Promise<number> {
  if (typeof target === 'string') {
    const response = await gqlResponse<{ squidStatus: { height: number | null } }>(
      target,
      '{ squidStatus { height } }',
    );
    const height = response.data?.squidStatus?.height;
    return typeof height === 'number' ? height : -1;
  }
  const client = new pg.Client(pgClientConfig(target));
  client.on('error', () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ height: string | null }>(STATUS_SQL);
    return rows[0]?.height == null ? -1 : Number(rows[0].height);
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return -1; // squid_processor not created yet
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Waits until the indexed height (see {@link indexedHeight}) is at least `height`; returns it.
 * Connection errors (a server restarting) are retried until the timeout.
 */
export function waitForIndexedHeight(
  target: string | DbConnection,
  height: number,
  options: { timeoutMs?: number; context?: () => string } = {},
): Promise<number> {
  return waitFor(
    `indexed height ${height}`,
    async () => {
      const current = await indexedHeight(target);
      return current >= height ? current : undefined;
    },
    { timeoutMs: options.timeoutMs ?? 90_000, intervalMs: 100, context: options.context },
  );
}
