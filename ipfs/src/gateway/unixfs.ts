/**
 * UnixFS over HTTP: files (streamed, with `Range`), directories (`index.html` or a listing) and
 * `json` codec blocks.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CID } from 'multiformats/cid';
import { contentTypeFromName, sniffContentType } from './content-type.ts';
import type { GatewayContext } from './context.ts';
import { CACHE_IMMUTABLE, HttpError, notModified, pipeChunks, sendBytes } from './http.ts';
import { contentRange, parseRange } from './range.ts';

/**
 * A file is read one window at a time, each a separate `cat` with offset and length: the UnixFS
 * exporter loads everything it is asked for without waiting for the reader, so asking for the
 * whole file would hold all of it in memory while a slow client drains. Windows are aligned on
 * the default leaf size of `@helia/unixfs` (1 MiB), so each reads one leaf, and the next one is
 * loaded only once the socket has taken the current one.
 */
const WINDOW_BYTES = 1024 * 1024;
const SNIFF_BYTES = 512;

/** Bytes `[start, start + length)` of a UnixFS file, a window at a time, each fetch with its own timeout. */
export async function* readFile(
  ctx: GatewayContext,
  cid: CID,
  start: number,
  length: number,
): AsyncGenerator<Uint8Array> {
  const end = start + length;
  for (let from = start; from < end; ) {
    const to = Math.min(end, (Math.floor(from / WINDOW_BYTES) + 1) * WINDOW_BYTES);
    const window = await ctx.limitFileRead(async () => {
      const chunks: Uint8Array[] = [];
      for await (const chunk of ctx.fs.cat(cid, { ...ctx.fetchOptions(), offset: from, length: to - from })) {
        chunks.push(chunk);
      }
      return chunks;
    });
    yield* window;
    from = to;
  }
}

export async function serveFile(
  ctx: GatewayContext,
  res: ServerResponse,
  cid: CID,
  name: string,
  common: Record<string, string>,
): Promise<void> {
  const req = res.req as IncomingMessage;
  const etag = `"${cid.toString()}"`;
  const headers: Record<string, string> = {
    ...common,
    'Cache-Control': CACHE_IMMUTABLE,
    'Accept-Ranges': 'bytes',
    ETag: etag,
  };
  if (notModified(res, etag, headers)) return;
  const stat = await ctx.fs.stat(cid, ctx.fetchOptions());
  const size = Number(stat.size);
  if (size > ctx.maxObjectBytes) {
    throw new HttpError(413, `object is ${size} bytes, over the ${ctx.maxObjectBytes} limit`);
  }

  const range = parseRange(req.headers.range, size);
  if (range === null) {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}` });
    return void res.end();
  }
  const start = range?.start ?? 0;
  const length = range == null ? size : range.end - range.start + 1;
  if (range != null) headers['Content-Range'] = contentRange(range, size);
  headers['Content-Length'] = String(length);

  // Read the first chunk before the headers go out, so a missing block is still a clean 404.
  const chunks = readFile(ctx, cid, start, length);
  const first = length > 0 && req.method !== 'HEAD' ? await chunks.next() : undefined;
  let contentType = contentTypeFromName(name);
  if (contentType == null) {
    // Sniffed from the file's first bytes: those of the first chunk when the body starts there.
    let head = start === 0 && first?.done === false ? first.value.subarray(0, SNIFF_BYTES) : undefined;
    if (head == null) {
      const parts: Uint8Array[] = [];
      for await (const chunk of readFile(ctx, cid, 0, Math.min(SNIFF_BYTES, size))) parts.push(chunk);
      head = Buffer.concat(parts);
    }
    contentType = sniffContentType(head);
  }
  headers['Content-Type'] = contentType;
  res.writeHead(range == null ? 200 : 206, headers);
  if (first == null || first.done) {
    await chunks.return(undefined);
    return void res.end();
  }
  try {
    res.write(first.value);
    await pipeChunks(res, chunks);
    res.end();
  } catch {
    res.destroy();
  } finally {
    await chunks.return(undefined);
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A directory: 301 to the trailing-slash URL, then its `index.html` or an escaped listing. */
export async function serveDirectory(
  ctx: GatewayContext,
  res: ServerResponse,
  cid: CID,
  url: URL,
  ipfsPath: string,
  common: Record<string, string>,
): Promise<void> {
  if (!url.pathname.endsWith('/')) {
    res.writeHead(301, { ...common, Location: `${url.pathname}/${url.search}` });
    return void res.end();
  }
  const entries: { name: string; cid: CID }[] = [];
  for await (const entry of ctx.fs.ls(cid, ctx.fetchOptions())) entries.push({ name: entry.name, cid: entry.cid });
  const index = entries.find((e) => e.name === 'index.html');
  if (index != null) return serveFile(ctx, res, index.cid, index.name, common);
  const title = escapeHtml(ipfsPath);
  const items = entries
    .map((e) => `<li><a href="${escapeHtml(url.pathname + encodeURIComponent(e.name))}">${escapeHtml(e.name)}</a></li>`)
    .join('');
  const html = `<!doctype html><meta charset="utf-8"><title>${title}</title><h1>${title}</h1><ul>${items}</ul>`;
  sendBytes(res, new TextEncoder().encode(html), 'text/html; charset=utf-8', `"${cid.toString()}"`, common);
}

/** A `json` codec block, as application/json. */
export async function serveJson(
  ctx: GatewayContext,
  res: ServerResponse,
  cid: CID,
  common: Record<string, string>,
): Promise<void> {
  sendBytes(res, await ctx.getBlock(cid), 'application/json', `"${cid.toString()}"`, common);
}
