import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const NAME_WIDTH = 9;
const MAX_RESTART_DELAY_MS = 30_000;
/** A child that ran this long before exiting restarts after the shortest delay again. */
const HEALTHY_RUN_MS = 30_000;

/** Writes one line of a named process's output, prefixed with its name. */
export function logLine(name: string, line: string): void {
  process.stdout.write(`${name.padEnd(NAME_WIDTH)} | ${line}\n`);
}

/** Forwards a stream line by line to `logLine(name, …)`. */
export function pipeLines(name: string, stream: NodeJS.ReadableStream | null): void {
  let rest = '';
  stream?.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) logLine(name, line);
  });
  stream?.on('end', () => {
    if (rest) logLine(name, rest);
  });
}

export interface SupervisedOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Called with each new pid (e.g. to record it for a later cleanup). */
  readonly onStart?: (pid: number | undefined) => void;
}

/**
 * A long-lived child process, its output prefixed with its name, restarted with exponential backoff
 * (1 s doubling to 30 s) whenever it exits, until stopped.
 */
export class Supervised {
  #child: ChildProcess | undefined;
  #stopping = false;
  #delay = 1000;
  #exited: Promise<void> = Promise.resolve();
  #wake: (() => void) | undefined;

  constructor(private readonly options: SupervisedOptions) {}

  get name(): string {
    return this.options.name;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  start(): void {
    if (this.#stopping) return;
    const { name, command, args, cwd, env } = this.options;
    const startedAt = Date.now();
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    this.options.onStart?.(child.pid);
    pipeLines(name, child.stdout);
    pipeLines(name, child.stderr);
    this.#exited = new Promise((resolve) => {
      child.once('error', (error) => logLine(name, `cannot start: ${error.message}`));
      child.once('close', async (code, signal) => {
        resolve();
        if (this.#stopping) return;
        if (Date.now() - startedAt > HEALTHY_RUN_MS) this.#delay = 1000;
        logLine(name, `exited (${signal ?? `code ${code}`}); restarting in ${this.#delay / 1000} s`);
        await new Promise<void>((wake) => {
          this.#wake = wake;
          setTimeout(wake, this.#delay).unref();
        });
        this.#delay = Math.min(this.#delay * 2, MAX_RESTART_DELAY_MS);
        this.start();
      });
    });
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  async stop(graceMs = 10_000): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const exited = await Promise.race([this.#exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!exited) {
      logLine(this.name, `still running after ${graceMs / 1000} s: SIGKILL`);
      child.kill('SIGKILL');
      await this.#exited;
    }
  }
}
