/**
 * Garbage collection kept apart from pin jobs. A pin job fetches a whole DAG before it pins it (see
 * `PinningService`), so its blocks are unpinned until the end: a gc in between would delete them.
 * Jobs and gc therefore exclude each other, like readers and a writer that goes first: a requested
 * gc waits for the running jobs, and jobs that start meanwhile wait for the gc, so it cannot starve.
 */
import type { GcResult } from '../node/index.ts';

export interface GcStats {
  runs: number;
  blocksRemoved: number;
  bytesRemoved: number;
  failures: number;
}

export class GarbageCollector {
  readonly stats: GcStats = { runs: 0, blocksRemoved: 0, bytesRemoved: 0, failures: 0 };
  private activeJobs = 0;
  private readonly idleWaiters: (() => void)[] = [];
  private pending: Promise<GcResult> | undefined;
  private timer: NodeJS.Timeout | undefined;

  /** `collect` deletes unpinned blocks (`IpfsNode.collectGarbage`); `intervalMs` > 0 also runs it on a timer. */
  constructor(
    private readonly collect: () => Promise<GcResult>,
    intervalMs = 0,
  ) {
    if (intervalMs > 0) {
      this.timer = setInterval(() => void this.request(), intervalMs);
      this.timer.unref();
    }
  }

  /** Waits until no gc is pending, then holds one job slot until the returned function is called. */
  async enterJob(): Promise<() => void> {
    while (this.pending != null) await this.pending.catch(() => undefined);
    this.activeJobs++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.activeJobs--;
      if (this.activeJobs === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    };
  }

  /** Runs a gc once no job holds a slot. Calls made while one is pending share it. */
  run(): Promise<GcResult> {
    this.pending ??= this.runWhenIdle().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** `run()` for the timer and after failed pins: errors are counted, not thrown. */
  request(): void {
    this.run().catch((err: unknown) => {
      this.stats.failures++;
      console.error('ipfs gc failed', err);
    });
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.pending?.catch(() => undefined);
  }

  private async runWhenIdle(): Promise<GcResult> {
    if (this.activeJobs > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    const result = await this.collect();
    this.stats.runs++;
    this.stats.blocksRemoved += result.blocks;
    this.stats.bytesRemoved += result.bytes;
    return result;
  }
}
