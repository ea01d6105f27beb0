import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ManagedProcessOptions {
  /** A label for errors and the optional echo. */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** Merged over process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Echo every output line to the test's stderr, prefixed with the name (or set SQUID_TEST_ECHO=1). */
  readonly echo?: boolean;
}

type Exit = { code: number | null; signal: NodeJS.Signals | null };

/**
 * A child process that a test can SIGKILL, stop and start again (same command, same env),
 * keeping its recent output (stdout and stderr, line by line) for error messages and waits.
 */
export class ManagedProcess {
  #child: ChildProcess | undefined;
  #exited: Promise<Exit> = Promise.resolve({ code: null, signal: null });
  readonly #lines: string[] = [];
  readonly #listeners = new Set<(line: string) => void>();
  /** How many times it was started. */
  starts = 0;

  constructor(readonly options: ManagedProcessOptions) {}

  /** Starts the process (again). Throws if it is running. */
  start(): this {
    if (this.running) throw new Error(`${this.options.name} is already running`);
    const child = spawn(this.options.command, [...this.options.args], {
      cwd: this.options.cwd,
      env: { ...process.env, ...this.options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    this.starts++;
    const echo = this.options.echo ?? process.env.SQUID_TEST_ECHO === '1';
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream?.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString('utf8')).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) this.#line(line, echo);
      });
      stream?.on('end', () => {
        if (rest) this.#line(rest, echo);
        rest = '';
      });
    }
    this.#exited = new Promise<Exit>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', (error) => {
        this.#line(`spawn error: ${error.message}`, true);
        resolve({ code: -1, signal: null });
      });
    });
    return this;
  }

  #line(line: string, echo: boolean): void {
    this.#lines.push(line);
    if (this.#lines.length > 2000) this.#lines.shift();
    if (echo) process.stderr.write(`[${this.options.name}] ${line}\n`);
    for (const listener of this.#listeners) listener(line);
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get running(): boolean {
    const child = this.#child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** Resolves when the current run exits. */
  get exited(): Promise<Exit> {
    return this.#exited;
  }

  /** The last output lines (it keeps 2000). */
  output(last = 60): string {
    return this.#lines.slice(-last).join('\n');
  }

  /** Calls `listener` with every new output line; returns the unsubscribe function. */
  onLine(listener: (line: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves with the first output line (from now on, or already seen if `seen`) matching. */
  waitForLine(pattern: RegExp, options: { timeoutMs?: number; seen?: boolean } = {}): Promise<string> {
    const found = options.seen ? this.#lines.find((line) => pattern.test(line)) : undefined;
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(
          new Error(
            `${this.options.name}: no line matching ${pattern} within ${options.timeoutMs} ms\n${this.output()}`,
          ),
        );
      }, options.timeoutMs ?? 60_000);
      const off = this.onLine((line) => {
        if (!pattern.test(line)) return;
        clearTimeout(timer);
        off();
        resolve(line);
      });
      void this.#exited.then(({ code, signal }) => {
        if (this.running) return;
        clearTimeout(timer);
        off();
        reject(
          new Error(`${this.options.name} exited (${code ?? signal}) before printing ${pattern}\n${this.output()}`),
        );
      });
    });
  }

  /** Sends a signal (SIGKILL by default) and waits for the exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<Exit> {
    if (!this.running) return this.#exited;
    this.#child?.kill(signal);
    return this.#exited;
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 10_000): Promise<Exit> {
    if (!this.running) return this.#exited;
    this.#child?.kill('SIGTERM');
    const exit = await Promise.race([this.#exited, sleep(graceMs).then(() => undefined)]);
    if (exit) return exit;
    return this.kill('SIGKILL');
  }

  /** Stops (SIGKILL by default) and starts again. */
  async restart(signal: NodeJS.Signals = 'SIGKILL'): Promise<this> {
    if (signal === 'SIGKILL') await this.kill('SIGKILL');
    else await this.stop();
    return this.start();
  }
}

/** Polls `check` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  options: { timeoutMs?: number; intervalMs?: number; context?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError ? ` (last error: ${(lastError as Error).message ?? lastError})` : '';
      throw new Error(`timed out waiting for ${what}${reason}${options.context ? `\n${options.context()}` : ''}`);
    }
    await sleep(options.intervalMs ?? 100);
  }
}
