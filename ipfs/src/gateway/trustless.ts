/**
 * Trustless gateway responses: `?format=raw` / `Accept: application/vnd.ipld.raw` (one block, for the
 * client to hash against its CID) and `?format=car` / `Accept: application/vnd.ipld.car` (CARv1 of
 * the whole DAG).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { car } from '@helia/car';
import type { CID } from 'multiformats/cid';
import type { GatewayContext } from './context.ts';
import { CACHE_IMMUTABLE, HttpError, notModified, pipeChunks } from './http.ts';

export type TrustlessFormat = 'raw' | 'car';

/** The trustless format asked for, by `?format=` first, then `Accept`; undefined for a plain request. */
export function trustlessFormat(req: IncomingMessage, url: URL): TrustlessFormat | undefined {
  const format = url.searchParams.get('format');
  if (format === 'raw' || format === 'car') return format;
  if (format != null && format !== '') throw new HttpError(400, `unsupported format: ${format}`);
  const accept = req.headers.accept ?? '';
  if (accept.includes('application/vnd.ipld.raw')) return 'raw';
  if (accept.includes('application/vnd.ipld.car')) return 'car';
  return undefined;
}

export async function serveTrustless(
  ctx: GatewayContext,
  res: ServerResponse,
  cid: CID,
  format: TrustlessFormat,
  common: Record<string, string>,
): Promise<void> {
  const etag = `"${cid.toString()}.${format}"`;
  if (notModified(res, etag)) return;
  // Fetch the (first) block before committing to a 200, so an unknown CID is still a 404.
  const block = await ctx.getBlock(cid);
  const headers: Record<string, string> = {
    ...common,
    'Cache-Control': CACHE_IMMUTABLE,
    ETag: etag,
    Vary: 'Accept',
  };
  if (format === 'raw') {
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'application/vnd.ipld.raw',
      'Content-Length': String(block.length),
      'Content-Disposition': `attachment; filename="${cid.toString()}.bin"`,
    });
    return void res.end(res.req.method === 'HEAD' ? undefined : block);
  }
  res.writeHead(200, {
    ...headers,
    'Content-Type': 'application/vnd.ipld.car; version=1',
    'Content-Disposition': `attachment; filename="${cid.toString()}.car"`,
  });
  if (res.req.method !== 'HEAD') await pipeChunks(res, car(ctx.helia).export(cid, ctx.fetchOptions()));
  res.end();
}
