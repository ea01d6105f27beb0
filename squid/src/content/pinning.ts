/**
 * Pinning every CID the chain references through the IPFS node's Pinning Service API (the IPFS
 * Pinning Service spec: `POST /pins`, `GET /pins/<requestid>`), authenticated with short-lived
 * tokens signed by the worker's own sr25519 account (`createToken` of `@bazari/ipfs`).
 *
 * A `content_pin` row is Queued (no request yet, or the node queued it), Pinning, Pinned, or Failed
 * (after `PIN_MAX_ATTEMPTS` failed requests; requested again after `PIN_FAILED_RETRY_MS`).
 */
import { createToken } from '@bazari/ipfs/pinning/auth';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type pg from 'pg';
import { backoffMs, type WorkerConfig } from './config.ts';
import { cleanText } from './documents.ts';
import { describe } from './fetch.ts';

/**
 * Every CID column the chain fills, with the `source` recorded for it (earlier wins when a CID is
 * referenced twice), plus the images of valid listings.
 */
const REFERENCES: readonly (readonly [source: string, select: string])[] = [
  ['store', 'SELECT metadata_cid FROM store'],
  ['listing', 'SELECT metadata_cid FROM listing'],
  ['receipt', 'SELECT cid FROM receipt'],
  ['review', 'SELECT review_cid FROM review WHERE review_cid IS NOT NULL'],
  ['order-shipping', 'SELECT shipping_cid FROM "order" WHERE shipping_cid IS NOT NULL'],
  ['order-tracking', 'SELECT tracking_cid FROM "order" WHERE tracking_cid IS NOT NULL'],
  ['evidence', 'SELECT cid FROM dispute_evidence'],
  ['mission', 'SELECT description_cid FROM mission WHERE description_cid IS NOT NULL'],
  ['listing-image', "SELECT unnest(image_cids) FROM listing_content WHERE status = 'Ok'"],
];

const DISCOVER_SQL = `
  INSERT INTO content_pin (id, source, status, attempts, updated_at)
  SELECT DISTINCT ON (ref.cid) ref.cid, ref.source, 'Queued', 0, now()
  FROM (${REFERENCES.map(([source, select], index) => `SELECT r.cid, '${source}' AS source, ${index} AS rank FROM (${select}) AS r(cid)`).join(' UNION ALL ')}) AS ref
  LEFT JOIN content_pin ON content_pin.id = ref.cid
  WHERE content_pin.id IS NULL AND ref.cid <> ''
  ORDER BY ref.cid, ref.rank
  ON CONFLICT (id) DO NOTHING`;

/** Adds a Queued row for every referenced CID that has none; returns how many. Set-based: one statement. */
export async function discoverPins(pool: pg.Pool): Promise<number> {
  const { rowCount } = await pool.query(DISCOVER_SQL);
  return rowCount ?? 0;
}

interface PinRow {
  readonly id: string;
  readonly source: string;
  readonly status: string;
  readonly request_id: string | null;
  readonly attempts: number;
}

/** The pin service's view of a request (the spec's PinStatus object). */
interface RemotePin {
  readonly requestid: string;
  readonly status: 'queued' | 'pinning' | 'pinned' | 'failed';
  readonly info?: { reason?: string; [key: string]: unknown };
}

class PinServiceDown extends Error {}

export interface PinCycle {
  requested: number;
  pinned: number;
  failed: number;
  /** The node could not be reached: the caller backs off. */
  outage?: string;
}

export class Pinner {
  private token: { value: string; expires: number } | undefined;
  private pair: { address: string; sign(message: Uint8Array): Uint8Array } | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly config: WorkerConfig,
  ) {}

  async address(): Promise<string> {
    return (await this.signer()).address;
  }

  private async signer(): Promise<{ address: string; sign(message: Uint8Array): Uint8Array }> {
    if (!this.pair) {
      await cryptoWaitReady();
      this.pair = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(this.config.pinningSuri);
    }
    return this.pair;
  }

  private async authorization(): Promise<string> {
    const now = Date.now();
    if (!this.token || this.token.expires - 60_000 < now) {
      const lifetimeS = 600;
      this.token = { value: createToken(await this.signer(), lifetimeS, now), expires: now + lifetimeS * 1000 };
    }
    return `Bearer ${this.token.value}`;
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    let response: Response;
    try {
      response = await fetch(`${this.config.pinningUrl}${path}`, {
        method,
        headers: { authorization: await this.authorization(), 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.config.fetchTimeoutMs),
      });
    } catch (error) {
      throw new PinServiceDown(`pinning service unreachable: ${describe(error)}`);
    }
    const text = await response.text().catch(() => '');
    if (response.status >= 500 || response.status === 401) {
      // 401: our token is refused (clock, or the node trusts other accounts): an operator's problem.
      throw new PinServiceDown(`pinning service answered HTTP ${response.status}: ${text.slice(0, 300)}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, json };
  }

  /** Claims due pin rows (new, in progress, or Failed and due again) and requests or polls each. */
  async cycle(): Promise<PinCycle> {
    const result: PinCycle = { requested: 0, pinned: 0, failed: 0 };
    const { rows } = await this.pool.query<PinRow>(
      `UPDATE content_pin SET next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
       WHERE id IN (
         SELECT id FROM content_pin
         WHERE (status IN ('Queued', 'Pinning') AND (next_attempt_at IS NULL OR next_attempt_at <= now()))
            OR (status = 'Failed' AND next_attempt_at IS NOT NULL AND next_attempt_at <= now())
         ORDER BY next_attempt_at NULLS FIRST, id
         LIMIT $1
         FOR UPDATE SKIP LOCKED)
       RETURNING id, source, status, request_id, attempts`,
      [this.config.batchSize, this.config.leaseMs],
    );
    for (const [index, row] of rows.entries()) {
      try {
        const remote =
          row.request_id && row.status !== 'Failed' ? await this.poll(row) : await this.request(row, result);
        if (remote) await this.record(row, remote, result);
      } catch (error) {
        if (!(error instanceof PinServiceDown)) throw error;
        result.outage = error.message;
        // Give back the rows not handled yet, due again at once (a Failed row stays due for its retry).
        await this.pool.query(
          `UPDATE content_pin SET next_attempt_at = CASE WHEN status = 'Failed' THEN now() ELSE NULL END
           WHERE id = ANY($1::text[])`,
          [rows.slice(index).map((r) => r.id)],
        );
        break;
      }
    }
    return result;
  }

  private async request(row: PinRow, result: PinCycle): Promise<RemotePin | undefined> {
    const { status, json } = await this.call('POST', '', { cid: row.id, name: `bazari:${row.source}` });
    if (status === 202 || status === 200) {
      result.requested++;
      return json as RemotePin;
    }
    const reason = errorReason(status, json);
    // A CID the service refuses (400) will never pin: the last attempt at once.
    await this.failed(row, reason, status === 400, result);
    return undefined;
  }

  private async poll(row: PinRow): Promise<RemotePin | undefined> {
    const { status, json } = await this.call('GET', `/${encodeURIComponent(row.request_id ?? '')}`);
    if (status === 200) return json as RemotePin;
    // The node lost the request (new data dir, deleted): ask again, no attempt counted.
    await this.pool.query(
      `UPDATE content_pin SET request_id = NULL, status = 'Queued', next_attempt_at = NULL, updated_at = now(),
         error = $2 WHERE id = $1`,
      [row.id, cleanText(`request ${row.request_id} unknown to the node: ${errorReason(status, json)}`)],
    );
    return undefined;
  }

  private async record(row: PinRow, remote: RemotePin, result: PinCycle): Promise<void> {
    if (remote.status === 'failed') {
      await this.failed(row, remote.info?.reason ?? 'the node could not pin it', false, result, remote.requestid);
      return;
    }
    const status = remote.status === 'pinned' ? 'Pinned' : remote.status === 'pinning' ? 'Pinning' : 'Queued';
    if (status === 'Pinned' && row.status !== 'Pinned') result.pinned++;
    await this.pool.query(
      `UPDATE content_pin SET status = $2::text, request_id = $3::text, error = NULL, updated_at = now(),
         next_attempt_at = CASE WHEN $2::text = 'Pinned' THEN NULL ELSE now() + make_interval(secs => $4::double precision / 1000) END
       WHERE id = $1`,
      [row.id, status, remote.requestid, Math.min(this.config.idleMs, 2000)],
    );
  }

  private async failed(
    row: PinRow,
    reason: string,
    final: boolean,
    result: PinCycle,
    requestId?: string,
  ): Promise<void> {
    const attempts = row.attempts + 1;
    const last = final || attempts >= this.config.pinMaxAttempts;
    if (last) result.failed++;
    const delay = last
      ? this.config.pinFailedRetryMs
      : backoffMs(attempts, this.config.retryBaseMs, this.config.retryMaxMs);
    await this.pool.query(
      `UPDATE content_pin SET attempts = $2, error = $3, updated_at = now(),
         status = CASE WHEN $4::boolean THEN 'Failed' ELSE 'Queued' END,
         request_id = CASE WHEN $4::boolean THEN $5::text ELSE NULL END,
         next_attempt_at = CASE WHEN $4::boolean AND $6::int = 0 THEN NULL
                                ELSE now() + make_interval(secs => $6::double precision / 1000) END
       WHERE id = $1`,
      [row.id, attempts, cleanText(reason), last, requestId ?? row.request_id, delay],
    );
  }
}

function errorReason(status: number, json: unknown): string {
  const error = (json as { error?: { reason?: string; details?: string } } | undefined)?.error;
  return error ? `HTTP ${status} ${error.reason ?? ''}: ${error.details ?? ''}` : `HTTP ${status}`;
}
