import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { readVmHwm } from '../devnet/memory.ts';

/**
 * A child process of the bench (devnet, processor, GraphQL server) with its output kept (the last 200 KB) for
 * error messages, optionally echoed when BENCH_LOG is set, and stopped with SIGINT then SIGKILL.
 */
export class Child {
  /** Every child still running, to be killed if the bench is interrupted. */
  static readonly running = new Set<Child>();
  readonly #child: ChildProcess;
  readonly exited: Promise<number | null>;
  #output = '';
  readonly #lineListeners = new Set<(line: string) => void>();

  constructor(
    readonly name: string,
    command: string,
    args: readonly string[],
    options: SpawnOptions,
  ) {
    this.#child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    Child.running.add(this);
    this.exited = new Promise((resolve) =>
      this.#child.once('exit', (code, signal) => {
        Child.running.delete(this);
        resolve(code ?? (signal ? -1 : null));
      }),
    );
    let buffered = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.#output += text;
      if (this.#output.length > 400_000) this.#output = this.#output.slice(-200_000);
      if (this.#lineListeners.size === 0 && !process.env.BENCH_LOG) return;
      buffered += text;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (process.env.BENCH_LOG) process.stderr.write(`${name}: ${line}\n`);
        for (const listener of this.#lineListeners) listener(line);
      }
    };
    this.#child.stdout?.on('data', onData);
    this.#child.stderr?.on('data', onData);
  }

  get pid(): number {
    return this.#child.pid as number;
  }

  /** SIGKILL, for an interrupted bench. */
  kill(): void {
    this.#child.kill('SIGKILL');
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** The last lines of output of the process (stdout and stderr interleaved), each cut to 600 characters. */
  output(lines = 40): string {
    return this.#output
      .split('\n')
      .slice(-lines)
      .map((line) => (line.length > 600 ? `${line.slice(0, 600)}…` : line))
      .join('\n');
  }

  /** Peak resident set size in bytes (VmHWM of /proc/<pid>/status). */
  peakRss(): number {
    return readVmHwm(this.pid);
  }

  /** Resolves with the first match of `pattern` in the output (from now on, or already seen); rejects if the process exits. */
  waitFor(pattern: RegExp, timeoutMs = 120_000): Promise<RegExpExecArray> {
    const seen = pattern.exec(this.#output);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.#lineListeners.delete(listener);
      };
      const listener = (line: string) => {
        const match = pattern.exec(line);
        if (match) {
          done();
          resolve(match);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.name}: no ${pattern} after ${timeoutMs} ms:\n${this.output()}`));
      }, timeoutMs);
      this.#lineListeners.add(listener);
      this.exited.then((code) => {
        done();
        reject(new Error(`${this.name} exited (${code}):\n${this.output()}`));
      });
    });
  }

  /** Stops the process: SIGINT (SIGTERM for `signal: 'SIGTERM'`), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000, signal: NodeJS.Signals = 'SIGINT'): Promise<void> {
    if (!this.running) return;
    this.#child.kill(signal);
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
