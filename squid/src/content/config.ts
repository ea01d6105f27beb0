/** The content worker's configuration, read from the environment (documented at the top of worker.ts). */

export interface WorkerConfig {
  /** The IPFS node's HTTP gateway, e.g. `http://127.0.0.1:8080`. */
  readonly ipfsUrl: string;
  /** The node's Pinning Service API (`${ipfsUrl}/pins`). */
  readonly pinningUrl: string;
  /** The secret URI of the worker's sr25519 account, which signs its pinning tokens. */
  readonly pinningSuri: string;
  /** Turn pinning off (`PINNING=off`): content is still fetched. */
  readonly pinning: boolean;
  /** Largest document, in bytes. */
  readonly maxJsonBytes: number;
  /** Per-fetch time limit. */
  readonly fetchTimeoutMs: number;
  /** Fetches that find nothing (404, time-out) before a CID is Unavailable. */
  readonly maxAttempts: number;
  /** First retry delay; doubles per attempt up to `retryMaxMs`. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** Pin requests that fail before a pin is left Failed. */
  readonly pinMaxAttempts: number;
  /** How long a Failed pin waits before it is requested again. */
  readonly pinFailedRetryMs: number;
  /** Rows taken per table per cycle, and fetches run at once. */
  readonly batchSize: number;
  readonly concurrency: number;
  /** How often the chain's tables are scanned for CIDs that have no pin yet. */
  readonly pinDiscoveryMs: number;
  /** Sleep between cycles when there was nothing to do. */
  readonly idleMs: number;
  /** How long a claimed row stays reserved by this worker. */
  readonly leaseMs: number;
}

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got ${raw}`);
  return value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const ipfsUrl = (env.IPFS_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
  return {
    ipfsUrl,
    pinningUrl: (env.IPFS_PINNING_URL || `${ipfsUrl}/pins`).replace(/\/+$/, ''),
    pinningSuri: env.PINNING_SURI || '//Bazari-Indexer',
    pinning: !/^(off|false|0|no)$/i.test(env.PINNING ?? ''),
    maxJsonBytes: intEnv(env, 'CONTENT_MAX_BYTES', 1024 * 1024, 1),
    fetchTimeoutMs: intEnv(env, 'CONTENT_FETCH_TIMEOUT_MS', 30_000, 1),
    maxAttempts: intEnv(env, 'CONTENT_MAX_ATTEMPTS', 8, 1),
    retryBaseMs: intEnv(env, 'CONTENT_RETRY_BASE_MS', 30_000),
    retryMaxMs: intEnv(env, 'CONTENT_RETRY_MAX_MS', 6 * 3600_000),
    pinMaxAttempts: intEnv(env, 'PIN_MAX_ATTEMPTS', 5, 1),
    pinFailedRetryMs: intEnv(env, 'PIN_FAILED_RETRY_MS', 24 * 3600_000),
    pinDiscoveryMs: intEnv(env, 'PIN_DISCOVERY_MS', 2000),
    batchSize: intEnv(env, 'CONTENT_BATCH_SIZE', 50, 1),
    concurrency: intEnv(env, 'CONTENT_CONCURRENCY', 8, 1),
    idleMs: intEnv(env, 'CONTENT_IDLE_MS', 1000, 1),
    leaseMs: intEnv(env, 'CONTENT_LEASE_MS', 120_000, 1),
  };
}

/** Exponential backoff: `base * 2^(attempt-1)`, at most `max`. */
export function backoffMs(attempt: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
}

/** Backoff of a dependency that is down (the gateway, the pinning API, Postgres): 0.5 s doubling to 30 s. */
export class Outage {
  private failures = 0;
  private retryAt = 0;

  constructor(
    private readonly name: string,
    private readonly log: (message: string) => void,
  ) {}

  /** Whether to try the dependency now. */
  get ready(): boolean {
    return Date.now() >= this.retryAt;
  }

  /** Records a failure; returns the delay before the next try. */
  failed(reason: string): number {
    this.failures++;
    const delay = backoffMs(this.failures, 500, 30_000);
    this.retryAt = Date.now() + delay;
    this.log(`${this.name}: ${reason}; retrying in ${delay} ms`);
    return delay;
  }

  succeeded(): void {
    if (this.failures > 0) this.log(`${this.name}: reachable again`);
    this.failures = 0;
    this.retryAt = 0;
  }
}
