/** HTTP pieces shared by the gateway's handlers: errors, response headers, plain-text answers. */
import type { ServerResponse } from 'node:http';

export const CACHE_IMMUTABLE = 'public, max-age=29030400, immutable';
/** User content must never run script on the gateway's origin. */
export const USER_CONTENT_CSP =
  "default-src 'none'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'unsafe-inline'; font-src 'self'; sandbox";

/** Thrown by a handler to answer with this status and message (plain text). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  const body = Buffer.from(`${text}\n`);
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(body.length),
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** A whole body at once, with the immutable caching headers and ETag = CID. */
export function sendBytes(
  res: ServerResponse,
  bytes: Uint8Array,
  contentType: string,
  etag: string,
  headers: Record<string, string>,
): void {
  res.writeHead(200, {
    ...headers,
    'Content-Type': contentType,
    'Content-Length': String(bytes.length),
    'Cache-Control': CACHE_IMMUTABLE,
    ETag: etag,
  });
  res.end(res.req.method === 'HEAD' ? undefined : bytes);
}

/** Answers 304 when the client already holds `etag`; true when it did. */
export function notModified(
  res: ServerResponse,
  etag: string,
  headers: Record<string, string> = { ETag: etag },
): boolean {
  if (res.req.headers['if-none-match'] !== etag) return false;
  res.writeHead(304, headers).end();
  return true;
}

/** Writes `chunks` to `res`, waiting for `drain` whenever the socket's buffer is full (backpressure). */
export async function pipeChunks(res: ServerResponse, chunks: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const chunk of chunks) {
    if (res.destroyed) return;
    if (!res.write(chunk)) await drained(res);
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export function isAbort(err: unknown): boolean {
  const name = (err as { name?: string })?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

export function isNotFound(err: unknown): boolean {
  const name = (err as { name?: string })?.name ?? '';
  return /DoesNotExist|NotFound|NoContent|LoadBlockFailed/i.test(name);
}
