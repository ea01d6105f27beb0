/**
 * The content worker: a process of its own, beside the processor (whose handler must stay a pure
 * function of the chain). It fills the content tables the processor creates as Pending rows
 * (listing_content, store_profile_content, review_content, receipt_content) from the IPFS node,
 * and pins every CID the chain references (content_pin). Several workers may run at once.
 *
 * Run: `npm run content -w @bazari/squid` (= `node --import tsx lib/content/worker.js`, after the build).
 *
 * Environment:
 *   DB_URL, or DB_HOST / DB_PORT / DB_NAME / DB_USER / DB_PASS   the squid's Postgres (as the processor)
 *   IPFS_URL                  the IPFS node's gateway (default http://127.0.0.1:8080)
 *   IPFS_PINNING_URL          its Pinning Service API (default ${IPFS_URL}/pins)
 *   PINNING_SURI              secret URI of the worker's sr25519 account, which signs its pinning
 *                             tokens (default //Bazari-Indexer, a devnet key everyone knows:
 *                             production MUST set a real secret, and give that account a quota on the node)
 *   PINNING=off               fetch content but pin nothing
 *   CONTENT_MAX_BYTES         largest document (default 1048576); larger is Invalid
 *   CONTENT_FETCH_TIMEOUT_MS  per fetch / per pinning API call (default 30000)
 *   CONTENT_MAX_ATTEMPTS      fetches that find nothing before a CID is Unavailable (default 8)
 *   CONTENT_RETRY_BASE_MS, CONTENT_RETRY_MAX_MS   backoff: base × 2^(attempt-1), at most max
 *                             (default 30 s and 6 h; pin retries use the same backoff)
 *   PIN_MAX_ATTEMPTS          failed pin requests before a pin is Failed (default 5)
 *   PIN_FAILED_RETRY_MS       when a Failed pin is requested again (default 24 h; 0 = never)
 *   PIN_DISCOVERY_MS          how often the chain's tables are scanned for CIDs without a pin (default 2000)
 *   CONTENT_BATCH_SIZE, CONTENT_CONCURRENCY   rows per table per cycle (50), fetches at once (8)
 *   CONTENT_IDLE_MS           sleep when there is nothing to do (default 1000)
 *   CONTENT_LEASE_MS          how long a claimed row is reserved for this worker (default 120000)
 *
 * Statuses: Ok (valid, fields stored as plain text, never rendered); Invalid (not UTF-8 JSON, over
 * the size limit, failing its schema: `error` says why, never retried); Pending while retrying a CID
 * the node does not find or times out on (attempts, next_attempt_at, error); Unavailable after the
 * last attempt. An unreachable IPFS node or Postgres is an outage, not the content's fault: the
 * worker backs off and counts no attempt. One log line per cycle in which something happened.
 */
import { backoffMs, Outage, readConfig } from './config.ts';
import { claimDue, createPool, isDataError, markAttemptFailed, markInvalid, markOk, release } from './db.ts';
import { CONTENT_KINDS, type ContentKind, parseDocument } from './documents.ts';
import { describe, fetchContent } from './fetch.ts';
import { discoverPins, Pinner } from './pinning.ts';

type Outcome = 'ok' | 'invalid' | 'retry' | 'unavailable' | 'outage';

const config = readConfig();
const stop = new AbortController();

function log(message: string): void {
  console.log(`${new Date().toISOString()} content-worker ${message}`);
}

const pool = createPool(process.env, (error) => log(`postgres: idle connection lost (${error.message})`));
const pinner = config.pinning ? new Pinner(pool, config) : undefined;

const gatewayOutage = new Outage('ipfs gateway', log);
const pinningOutage = new Outage('ipfs pinning API', log);
const postgresOutage = new Outage('postgres', log);
let lastDiscovery = 0;

async function processRow(kind: ContentKind, id: string, attempts: number): Promise<Outcome> {
  const fetched = await fetchContent(config.ipfsUrl, id, {
    maxBytes: config.maxJsonBytes,
    timeoutMs: config.fetchTimeoutMs,
    signal: stop.signal,
  });
  if (fetched.kind === 'outage' || stop.signal.aborted) return 'outage';
  if (fetched.kind === 'invalid') {
    await markInvalid(pool, kind, id, fetched.reason, null);
    return 'invalid';
  }
  if (fetched.kind === 'retry') {
    const last = attempts + 1 >= config.maxAttempts;
    const delay = backoffMs(attempts + 1, config.retryBaseMs, config.retryMaxMs);
    await markAttemptFailed(pool, kind, id, fetched.reason, last, delay);
    return last ? 'unavailable' : 'retry';
  }
  const parsed = await parseDocument(kind, fetched.bytes);
  if (!parsed.ok) {
    await markInvalid(pool, kind, id, parsed.reason, fetched.bytes.length);
    return 'invalid';
  }
  try {
    await markOk(pool, kind, id, fetched.bytes.length, parsed.columns);
    return 'ok';
  } catch (error) {
    if (!isDataError(error)) throw error;
    await markInvalid(pool, kind, id, `Postgres cannot store it: ${describe(error)}`, fetched.bytes.length);
    return 'invalid';
  }
}

/** Runs `task` over `items`, at most `limit` at once. */
async function eachLimit<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await task(items[next++]);
  });
  await Promise.all(runners);
}

async function cycle(): Promise<boolean> {
  const started = Date.now();
  const counts: Record<Outcome, number> = { ok: 0, invalid: 0, retry: 0, unavailable: 0, outage: 0 };
  let claimed = 0;
  if (gatewayOutage.ready) {
    for (const kind of CONTENT_KINDS) {
      const rows = await claimDue(pool, kind, config.batchSize, config.leaseMs);
      claimed += rows.length;
      const giveBack: string[] = [];
      await eachLimit(rows, config.concurrency, async (row) => {
        const outcome = await processRow(kind, row.id, row.attempts);
        counts[outcome]++;
        if (outcome === 'outage') giveBack.push(row.id);
      });
      if (giveBack.length > 0) {
        await release(pool, kind, giveBack, 'IPFS node unreachable');
        gatewayOutage.failed(`${config.ipfsUrl} unreachable`);
        break;
      }
      if (rows.length > 0) gatewayOutage.succeeded();
    }
  }
  const pins = { discovered: 0, requested: 0, pinned: 0, failed: 0 };
  if (pinner) {
    // Scan for new CIDs now and then, and at once when listings were just parsed (their images).
    if (counts.ok > 0 || Date.now() - lastDiscovery >= config.pinDiscoveryMs) {
      pins.discovered = await discoverPins(pool);
      lastDiscovery = Date.now();
    }
    if (pinningOutage.ready) {
      const result = await pinner.cycle();
      Object.assign(pins, { requested: result.requested, pinned: result.pinned, failed: result.failed });
      if (result.outage) pinningOutage.failed(result.outage);
      else if (result.requested + result.pinned + result.failed > 0) pinningOutage.succeeded();
    }
  }
  const busy = claimed + pins.discovered + pins.requested + pins.pinned + pins.failed > 0;
  if (busy) {
    log(
      `cycle ${Date.now() - started} ms: content claimed=${claimed} ok=${counts.ok} invalid=${counts.invalid} ` +
        `retry=${counts.retry} unavailable=${counts.unavailable} outage=${counts.outage} | pins ` +
        `discovered=${pins.discovered} requested=${pins.requested} pinned=${pins.pinned} failed=${pins.failed}`,
    );
  }
  return claimed > 0 && counts.outage === 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (stop.signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      stop.signal.removeEventListener('abort', done);
      resolve();
    }
    stop.signal.addEventListener('abort', done);
  });
}

async function run(): Promise<void> {
  log(
    `started: gateway ${config.ipfsUrl}, pinning ${config.pinning ? `${config.pinningUrl} as ${await pinner?.address()}` : 'off'}`,
  );
  while (!stop.signal.aborted) {
    let more = false;
    try {
      more = await cycle();
      postgresOutage.succeeded();
    } catch (error) {
      if (stop.signal.aborted) break;
      await sleep(postgresOutage.failed(`cycle failed (${describe(error)})`));
      continue;
    }
    if (!more) await sleep(config.idleMs);
  }
  await pool.end().catch(() => {});
  log('stopped');
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop.abort());
process.on('unhandledRejection', (error) => log(`unhandled rejection: ${describe(error)}`));

await run();
