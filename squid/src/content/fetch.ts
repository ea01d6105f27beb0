/**
 * Fetching a CID's bytes from the IPFS node's gateway, trustlessly: every block is requested as
 * `GET /ipfs/<block cid>?format=raw` and hashed against its CID by the content helpers' `readBytes`
 * (`@bazari/ipfs/content`), so the bytes the worker parses are the CID's, whatever the gateway
 * says. UnixFS files of any layout work (a document is one raw block; a larger file is a dag-pb
 * root whose size is read before any leaf is fetched, so oversized content costs one block).
 */
import {
  BlockVerificationError,
  ContentTimeoutError,
  ContentTooLargeError,
  type HeliaLike,
  InvalidCidError,
  parseCid,
  readBytes,
} from '@bazari/ipfs/content';

/** What became of a fetch. */
export type FetchResult =
  | { readonly kind: 'ok'; readonly bytes: Uint8Array }
  /** The content itself is unacceptable: never retried. */
  | { readonly kind: 'invalid'; readonly reason: string }
  /** Not found, timed out or corrupted on the way: counts as an attempt, retried with backoff. */
  | { readonly kind: 'retry'; readonly reason: string }
  /** The gateway is unreachable or failing: not the content's fault, no attempt is counted. */
  | { readonly kind: 'outage'; readonly reason: string };

/** A raw block is at most 2 MiB on the IPFS network (bitswap's limit); refuse anything larger. */
const MAX_BLOCK_BYTES = 2 * 1024 * 1024;

class GatewayError extends Error {
  override readonly name = 'GatewayError';
  constructor(
    readonly outcome: 'invalid' | 'retry' | 'outage',
    message: string,
  ) {
    super(message);
  }
}

async function readBody(response: Response, limit: number, what: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw new GatewayError('invalid', `${what} is ${declared} bytes, more than a block may be`);
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > limit) {
      await reader.cancel().catch(() => {});
      throw new GatewayError('invalid', `${what} is more than ${limit} bytes, more than a block may be`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** A read-only blockstore over the gateway's trustless block responses. */
export function gatewayBlockstore(gatewayUrl: string): HeliaLike['blockstore'] {
  async function getBlock(cid: { toString(): string }, signal?: AbortSignal): Promise<Uint8Array> {
    let response: Response;
    try {
      response = await fetch(`${gatewayUrl}/ipfs/${cid.toString()}?format=raw`, {
        headers: { accept: 'application/vnd.ipld.raw' },
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new GatewayError('outage', `gateway unreachable: ${describe(error)}`);
    }
    if (response.ok) return readBody(response, MAX_BLOCK_BYTES, `block ${cid}`);
    await response.body?.cancel().catch(() => {});
    const status = response.status;
    if (status === 404 || status === 504)
      throw new GatewayError('retry', `not found on the IPFS node (HTTP ${status})`);
    if (status === 413) throw new GatewayError('invalid', `block ${cid} is too large (HTTP 413)`);
    if (status === 400 || status === 501)
      throw new GatewayError('invalid', `the gateway refuses ${cid} (HTTP ${status})`);
    if (status === 502) throw new GatewayError('retry', `the IPFS node holds a corrupted block ${cid} (HTTP 502)`);
    throw new GatewayError('outage', `gateway answered HTTP ${status}`);
  }
  return {
    has: async () => false,
    put: () => {
      throw new Error('read-only');
    },
    get: async function* (cid: { toString(): string }, options?: { signal?: AbortSignal }) {
      yield await getBlock(cid, options?.signal);
    },
  } as unknown as HeliaLike['blockstore'];
}

/** Fetches and verifies the content of `cid`, at most `maxBytes`. Never throws. */
export async function fetchContent(
  gatewayUrl: string,
  cid: string,
  options: { maxBytes: number; timeoutMs: number; signal?: AbortSignal },
): Promise<FetchResult> {
  let target: ReturnType<typeof parseCid>;
  try {
    target = parseCid(cid);
  } catch (error) {
    return { kind: 'invalid', reason: describe(error) };
  }
  try {
    const bytes = await readBytes({ blockstore: gatewayBlockstore(gatewayUrl) }, target, {
      maxBytes: options.maxBytes,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    });
    return { kind: 'ok', bytes };
  } catch (error) {
    return classify(error, options.timeoutMs);
  }
}

function classify(error: unknown, timeoutMs: number): FetchResult {
  if (error instanceof GatewayError) return { kind: error.outcome, reason: error.message };
  if (error instanceof ContentTooLargeError)
    return { kind: 'invalid', reason: `over the size limit: ${error.message}` };
  if (error instanceof ContentTimeoutError) return { kind: 'retry', reason: `timed out after ${timeoutMs} ms` };
  if (error instanceof BlockVerificationError) {
    return /unsupported hash/.test(error.message)
      ? { kind: 'invalid', reason: error.message }
      : { kind: 'retry', reason: `the gateway sent bytes that do not match the CID: ${error.message}` };
  }
  if (error instanceof InvalidCidError) return { kind: 'invalid', reason: error.message };
  // The exporter's own errors (a GatewayError wrapped in an aggregate, or a malformed DAG).
  const cause = findGatewayError(error);
  if (cause) return { kind: cause.outcome, reason: cause.message };
  const name = (error as Error)?.name ?? '';
  if (name === 'AbortError' || name === 'TimeoutError')
    return { kind: 'retry', reason: `timed out after ${timeoutMs} ms` };
  return { kind: 'invalid', reason: `not a readable UnixFS file: ${describe(error)}` };
}

function findGatewayError(error: unknown, depth = 0): GatewayError | undefined {
  if (error instanceof GatewayError) return error;
  if (depth > 4 || error == null || typeof error !== 'object') return undefined;
  const { cause, errors } = error as { cause?: unknown; errors?: unknown[] };
  for (const inner of [cause, ...(Array.isArray(errors) ? errors : [])]) {
    const found = findGatewayError(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
    return code ? `${error.message} (${String(code)})` : error.message;
  }
  return String(error);
}
