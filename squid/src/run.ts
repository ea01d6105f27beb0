/**
 * `npm run squid`: the whole squid in one command, for development and single-machine setups.
 *
 * 1. Postgres: the database of the `DB_*` environment (DB_URL, or DB_HOST/DB_PORT/DB_NAME/DB_USER/
 *    DB_PASS) if any is set; otherwise an embedded PostgreSQL under `<DATA_DIR>/postgres`
 *    (src/db/postgres.ts), restarted if it dies.
 * 2. Builds lib/ (`tsc -p squid`) if it is missing or older than src/.
 * 3. Applies the migrations (`squid-typeorm-migration apply`).
 * 4. Starts, each as a child process restarted with backoff if it exits: the processor
 *    (lib/main.js, following RPC_ENDPOINT), the GraphQL server (the `serve` script of
 *    package.json, on GQL_PORT) and the content worker (lib/content/worker.js, reading IPFS_URL),
 *    every output line prefixed with the child's name.
 * 5. SIGINT/SIGTERM: stops the children, then Postgres, then exits.
 *
 * Environment: RPC_ENDPOINT (default ws://127.0.0.1:9944), GQL_PORT (4350), DATA_DIR
 * (.data/squid at the repository root), DB_*, EMBEDDED_PG_PORT (default: a free port), IPFS_URL
 * (http://127.0.0.1:8080), and the GraphQL limits of the `serve` script (GQL_POLL_MS,
 * GQL_MAX_ROOT_FIELDS, GQL_MAX_RESPONSE_NODES, GQL_SQL_TIMEOUT_MS, GQL_MAX_REQUEST_KB).
 *
 * In production each part runs alone instead (`npm run -w @bazari/squid migration:apply`,
 * `process`, `serve`, `content`, with the DB_* environment): see squid.yaml and
 * docker-compose.yml at the repository root.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { dbEnv, REPO_DIR, SQUID_DIR, squidConfigFromEnv } from './db/config.ts';
import { EmbeddedPostgresServer, pgTrgmAvailable } from './db/postgres.ts';
import { logLine, pipeLines, Supervised } from './supervisor.ts';

const config = squidConfigFromEnv();
const LIB_DIR = join(SQUID_DIR, 'lib');
const PATH = [join(SQUID_DIR, 'node_modules/.bin'), join(REPO_DIR, 'node_modules/.bin'), process.env.PATH ?? ''].join(
  delimiter,
);
function say(line: string): void {
  logLine('squid', line);
}

/** Runs a command to completion, its output prefixed; resolves with its exit code. */
function runToEnd(name: string, command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: SQUID_DIR,
      env: { ...process.env, PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    pipeLines(name, child.stdout);
    pipeLines(name, child.stderr);
    child.once('error', (error) => {
      logLine(name, `cannot start: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds lib/ if it is missing or older than src/ (or tsconfig.json). */
async function buildIfStale(): Promise<void> {
  const main = join(LIB_DIR, 'main.js');
  const built = existsSync(main) ? statSync(main).mtimeMs : 0;
  const sources = Math.max(newestMtime(join(SQUID_DIR, 'src')), statSync(join(SQUID_DIR, 'tsconfig.json')).mtimeMs);
  if (built >= sources) return;
  let tsc: string;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    if (built > 0) {
      say('lib/ is older than src/, but TypeScript is not installed: running the existing build');
      return;
    }
    throw new Error('lib/ is missing and TypeScript is not installed: run `npm run -w @bazari/squid build`');
  }
  say(built ? 'lib/ is older than src/: building (tsc -p squid)' : 'building (tsc -p squid)');
  const code = await runToEnd('build', process.execPath, [tsc, '-p', SQUID_DIR]);
  if (code !== 0) throw new Error(`tsc -p squid failed (exit ${code})`);
}

const children: Supervised[] = [];
let postgres: EmbeddedPostgresServer | undefined;
let shuttingDown: Promise<void> | undefined;
const pidFile = join(config.dataDir, 'run.pids.json');

function supervised(name: string, command: string, args: string[], env: Record<string, string>): Supervised {
  return new Supervised({ name, command, args, cwd: SQUID_DIR, env: { PATH, ...env }, onStart: recordPids });
}

/** The children's pids, so that a run after a crash of this process can end the leftovers. */
function recordPids(): void {
  const pids = children.flatMap((child) => (child.pid ? [child.pid] : []));
  writeFileSync(pidFile, JSON.stringify({ orchestrator: process.pid, pids }));
}

/** Ends the children a previous run left behind when it was killed (SIGKILL, crash). */
function endLeftovers(): void {
  if (!existsSync(pidFile)) return;
  let recorded: { orchestrator: number; pids: number[] };
  try {
    recorded = JSON.parse(readFileSync(pidFile, 'utf8'));
  } catch {
    return;
  }
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (recorded.orchestrator > 0 && recorded.orchestrator !== process.pid && alive(recorded.orchestrator)) {
    throw new Error(`another npm run squid (pid ${recorded.orchestrator}) is running on ${config.dataDir}`);
  }
  for (const pid of recorded.pids.filter((pid) => pid > 0)) {
    let command = '';
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!command.includes('lib/main.js') && !command.includes('graphql-server') && !command.includes('worker.js')) {
      continue;
    }
    say(`ending pid ${pid}, left running by a previous run`);
    process.kill(pid, 'SIGKILL');
  }
}

async function shutdown(reason: string): Promise<void> {
  shuttingDown ??= (async () => {
    say(`${reason}: stopping`);
    await Promise.all(children.map((child) => child.stop()));
    if (postgres) {
      say('stopping Postgres');
      await postgres.stop();
    }
    writeFileSync(pidFile, JSON.stringify({ orchestrator: 0, pids: [] }));
    say('stopped');
  })();
  return shuttingDown;
}

// Ctrl-C reaches every process of the terminal's group, and a supervisor (npm start) may send its own
// SIGTERM on top: a signal during the shutdown changes nothing, so Postgres always stops last.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (shuttingDown) return;
    void shutdown(signal).then(
      () => process.exit(0),
      (error) => {
        say(`error while stopping: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  });
}

async function startPostgres(): Promise<Record<string, string>> {
  if (config.externalDb) {
    say('using the database of the DB_* environment (no embedded Postgres)');
    return dbEnv(config.externalDb);
  }
  const server = new EmbeddedPostgresServer({
    dataDir: config.dataDir,
    port: config.embeddedPgPort,
    log: (line) => logLine('postgres', line),
  });
  postgres = server;
  await server.start();
  say(`embedded Postgres on 127.0.0.1:${server.connection.port} (data in ${server.pgdata})`);
  let delay = 1000;
  server.onUnexpectedExit(async (code, signal) => {
    while (!shuttingDown) {
      say(`Postgres exited (${signal ?? `code ${code}`}); restarting in ${delay / 1000} s`);
      await sleep(delay);
      if (shuttingDown) return;
      try {
        await server.start();
        say('Postgres restarted');
        delay = 1000;
        return;
      } catch (error) {
        say(`Postgres restart failed: ${(error as Error).message}`);
        delay = Math.min(delay * 2, 30_000);
      }
    }
  });
  return server.env;
}

async function main(): Promise<void> {
  mkdirSync(config.dataDir, { recursive: true });
  endLeftovers();
  writeFileSync(pidFile, JSON.stringify({ orchestrator: process.pid, pids: [] }));
  const db = await startPostgres();
  if (shuttingDown) return;

  await buildIfStale();
  if (shuttingDown) return;

  say('applying migrations');
  const migrations = await runToEnd(
    'migration',
    process.execPath,
    [join(REPO_DIR, 'node_modules/@subsquid/typeorm-migration/bin/squid-typeorm-migration'), 'apply'],
    db,
  );
  if (migrations !== 0) throw new Error(`squid-typeorm-migration apply failed (exit ${migrations})`);
  if (config.externalDb && !(await pgTrgmAvailable(config.externalDb))) {
    say('warning: pg_trgm cannot be created in this database: the product search migration needs it');
  }
  if (shuttingDown) return;

  const manifest = JSON.parse(readFileSync(join(SQUID_DIR, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  children.push(
    // RPC_ENDPOINT and RPC_FINALITY_CONFIRMATION pass through as given: the processor's defaults target the devnet.
    supervised('processor', process.execPath, ['--import', 'tsx', 'lib/main.js'], db),
    supervised('graphql', '/bin/sh', ['-c', `exec ${manifest.scripts.serve}`], {
      ...db,
      GQL_PORT: String(config.gqlPort),
    }),
  );
  if (existsSync(join(LIB_DIR, 'content/worker.js'))) {
    children.push(
      supervised('content', process.execPath, ['--import', 'tsx', 'lib/content/worker.js'], {
        ...db,
        IPFS_URL: config.ipfsUrl,
      }),
    );
  } else {
    say('no lib/content/worker.js: the content worker is not started');
  }
  for (const child of children) child.start();
  say(`indexing ${config.rpcEndpoint}; GraphQL on http://localhost:${config.gqlPort}/graphql`);
}

main().catch(async (error: Error) => {
  say(`error: ${error.message}`);
  await shutdown('error');
  process.exit(1);
});
