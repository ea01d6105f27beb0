import { fileURLToPath } from 'node:url';
import { Child } from './child.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../devnet/src/cli.ts', import.meta.url));

export interface DevnetOptions {
  /** `--data-dir`: the chain is kept there (and reused when it holds one). */
  readonly dataDir: string;
  /** `--block-time` in ms: interval mode; instant mode when undefined. */
  readonly blockTime?: number;
  readonly finalityLag?: number;
}

/**
 * The devnet as its own process: what `npm run devnet -- --data-dir DIR --port 0` runs, started as
 * `node --import tsx devnet/src/cli.ts …` so that no npm or tsx wrapper process sits in between.
 */
export class DevnetProcess {
  private constructor(
    readonly child: Child,
    readonly port: number,
  ) {}

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(options: DevnetOptions): Promise<DevnetProcess> {
    const args = [CLI, '--data-dir', options.dataDir, '--port', '0'];
    if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime));
    if (options.finalityLag !== undefined) args.push('--finality-lag', String(options.finalityLag));
    const child = new Child('devnet', process.execPath, ['--import', 'tsx', ...args], { cwd: REPO_ROOT });
    const match = await child.waitFor(/listening on ws:\/\/[^:]+:(\d+)/, 60_000);
    return new DevnetProcess(child, Number(match[1]));
  }

  stop(): Promise<void> {
    return this.child.stop(30_000);
  }
}
