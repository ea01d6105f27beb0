import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Child } from './child.ts';
import { REPO_ROOT } from './devnet.ts';
import type { BenchPostgres, DbEnv } from './postgres.ts';

export const SQUID_DIR = join(REPO_ROOT, 'squid');
const BIN = join(REPO_ROOT, 'node_modules/.bin');

/** Compiles the squid (`tsc -p squid`, into squid/lib), which the processor, server and migrations load. */
export function buildSquid(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', SQUID_DIR, '--pretty', 'false'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tsc -p squid failed:\n${result.stdout}${result.stderr}`);
}

function squidEnv(db: DbEnv, extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...db, PROCESSOR_PROMETHEUS_PORT: '0', ...extra };
}

/** `squid-typeorm-migration apply` in squid/ (what `sqd migration:apply` runs). */
export function applyMigrations(db: DbEnv): void {
  const result = spawnSync(join(BIN, 'squid-typeorm-migration'), ['apply'], {
    cwd: SQUID_DIR,
    env: squidEnv(db, {}),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`squid-typeorm-migration apply failed:\n${result.stdout}${result.stderr}`);
}

/** The processor as its own process: `node --import tsx lib/main.js` in squid/ (the `process` command). */
export function startProcessor(db: DbEnv, rpcEndpoint: string, env: Record<string, string> = {}): Child {
  return new Child('processor', process.execPath, ['--import', 'tsx', 'lib/main.js'], {
    cwd: SQUID_DIR,
    env: squidEnv(db, { RPC_ENDPOINT: rpcEndpoint, ...env }),
  });
}

/**
 * The flags of the `serve` command of squid/commands.json (following `npm run serve -- …` into squid/package.json's
 * `serve` script), with the shell's `${VAR:-default}` expanded from `env`.
 */
export function serveArgs(env: NodeJS.ProcessEnv, commandName = 'serve'): { args: string[]; source: string } {
  const commands = JSON.parse(readFileSync(join(SQUID_DIR, 'commands.json'), 'utf8')) as {
    commands: Record<string, { cmd?: string[] }>;
  };
  const scripts = (
    JSON.parse(readFileSync(join(SQUID_DIR, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  let words = commands.commands[commandName]?.cmd ?? [];
  let source = `squid/commands.json (${commandName})`;
  if (words[0] === 'npm' && words[1] === 'run') {
    const script = words.slice(2).find((word) => !word.startsWith('-')) as string;
    const extra = words.includes('--') ? words.slice(words.indexOf('--') + 1) : [];
    words = [...scripts[script].split(/\s+/), ...extra];
    source += ` → squid/package.json (${script})`;
  }
  const expanded = words
    .join(' ')
    .replace(/\$\{(\w+):-([^}]*)\}/g, (_, name: string, fallback: string) => env[name] ?? fallback);
  const parts = expanded.split(/\s+/).filter(Boolean);
  const at = parts.findIndex((word) => word.endsWith('squid-graphql-server'));
  if (at < 0) throw new Error(`no squid-graphql-server in ${source}: ${expanded}`);
  return { args: parts.slice(at + 1), source };
}

/** `squid-graphql-server` in squid/ with the serve command's flags, on `port`; resolves once it answers. */
export async function startGraphqlServer(
  db: DbEnv,
  port: number,
  env: Record<string, string> = {},
  command = 'serve',
): Promise<Child> {
  const merged = squidEnv(db, { GQL_PORT: String(port), ...env });
  const { args } = serveArgs(merged, command);
  const child = new Child('graphql-server', join(BIN, 'squid-graphql-server'), args, { cwd: SQUID_DIR, env: merged });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!child.running) throw new Error(`squid-graphql-server exited:\n${child.output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ squidStatus { height } }' }),
      });
      if (response.ok) return child;
    } catch {}
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`squid-graphql-server did not answer within 60 s:\n${child.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The processor's indexed height (squid_processor.status), or -1 before its first batch. */
export async function indexedHeight(pg: BenchPostgres, database: string): Promise<number> {
  try {
    const rows = await pg.query<{ height: number }>(database, 'SELECT height FROM squid_processor.status WHERE id = 0');
    return rows[0]?.height ?? -1;
  } catch {
    return -1;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), counted from the state field (3) after the command name.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}
