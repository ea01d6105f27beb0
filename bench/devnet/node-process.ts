import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readVmHwm } from './memory.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../devnet/src/cli.ts', import.meta.url));

export interface NodeProcessOptions {
  /** Directory for a V8 CPU profile of the node (`--cpu-prof`), written when it exits. */
  readonly cpuProfileDir?: string;
  /** Extra arguments for the devnet CLI. */
  readonly args?: readonly string[];
}

/**
 * The devnet as a separate process, so that the node's CPU and memory are its own: `node --import tsx
 * devnet/src/cli.ts --tmp --port 0` (not the `tsx` binary, which would put a wrapper process in between and
 * leave us measuring the wrapper's memory).
 */
export class NodeProcess {
  readonly #child: ChildProcess;
  readonly #exited: Promise<number | null>;
  #blockLines = 0;

  private constructor(
    child: ChildProcess,
    readonly port: number,
    exited: Promise<number | null>,
  ) {
    this.#child = child;
    this.#exited = exited;
  }

  get pid(): number {
    return this.#child.pid as number;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Log lines reporting a built block, seen so far. */
  get blockLines(): number {
    return this.#blockLines;
  }

  static async start(options: NodeProcessOptions = {}): Promise<NodeProcess> {
    const nodeArgs = ['--import', 'tsx'];
    if (options.cpuProfileDir) nodeArgs.push('--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir);
    const child = spawn(process.execPath, [...nodeArgs, CLI, '--tmp', '--port', '0', ...(options.args ?? [])], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.length > 100_000) stderr = stderr.slice(-50_000);
    });
    let buffered = '';
    let instance: NodeProcess | undefined;
    const port = await new Promise<number>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`devnet exited (${code}) before listening:\n${stderr}`));
      child.once('exit', onExit);
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (line.includes(' block #')) {
            if (instance) instance.#blockLines++;
            if (process.env.BENCH_NODE_LOG) process.stderr.write(`devnet: ${line}\n`);
            continue;
          }
          if (line.includes(' error: ')) process.stderr.write(`devnet: ${line}\n`);
          const listening = /listening on ws:\/\/[^:]+:(\d+)/.exec(line);
          if (listening) {
            child.off('exit', onExit);
            resolve(Number(listening[1]));
          }
        }
      });
    });
    instance = new NodeProcess(child, port, exited);
    return instance;
  }

  /** The node's peak resident set size so far, in bytes (VmHWM). */
  peakRss(): number {
    return readVmHwm(this.pid);
  }

  /** Stops the node with SIGINT (it closes its database, and writes its CPU profile if asked to). */
  async stop(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    this.#child.kill('SIGINT');
    const timeout = setTimeout(() => this.#child.kill('SIGKILL'), 30_000);
    await this.#exited;
    clearTimeout(timeout);
  }
}
