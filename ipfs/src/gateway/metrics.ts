/** `GET /metrics` in the Prometheus text format: storage, pins, garbage collection, peers and HTTP traffic. */
import type { ServerResponse } from 'node:http';
import type { StorageStats } from '../node/index.ts';
import type { PinningService } from '../pinning/index.ts';

export interface MetricsSources {
  peers(): number;
  storageStats?: () => Promise<StorageStats>;
  pinning?: PinningService;
}

export class GatewayMetrics {
  private readonly requests = new Map<string, number>();
  private bytesServed = 0;

  constructor(private readonly sources: MetricsSources) {}

  /** Counts the response's body bytes, and the request by route and status once it is finished. */
  track(res: ServerResponse, route: string): void {
    const write = res.write.bind(res);
    res.write = ((chunk: Uint8Array | string, ...rest: never[]) => {
      this.bytesServed += typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk?.length ?? 0);
      return write(chunk, ...rest);
    }) as typeof res.write;
    const end = res.end.bind(res);
    res.end = ((chunk?: unknown, ...rest: never[]) => {
      if (chunk instanceof Uint8Array) this.bytesServed += chunk.length;
      else if (typeof chunk === 'string') this.bytesServed += Buffer.byteLength(chunk);
      return end(chunk as never, ...rest);
    }) as typeof res.end;
    res.once('finish', () => {
      const key = `${route} ${res.statusCode}`;
      this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    });
  }

  async render(): Promise<string> {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    const { storageStats, pinning } = this.sources;
    const storage = await storageStats?.();
    if (storage != null) {
      metric('bazari_ipfs_blocks', 'gauge', 'Blocks in the local blockstore.', [['', storage.blocks]]);
      metric('bazari_ipfs_block_bytes', 'gauge', 'Bytes in the local blockstore.', [['', storage.bytes]]);
    }
    if (pinning != null) {
      const records = await pinning.all();
      const byStatus = new Map<string, number>();
      for (const r of records) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
      metric(
        'bazari_ipfs_pins',
        'gauge',
        'Pin requests by status.',
        ['queued', 'pinning', 'pinned', 'failed'].map((st) => [`{status="${st}"}`, byStatus.get(st) ?? 0]),
      );
      metric('bazari_ipfs_pinned_bytes', 'gauge', 'Bytes of pinned DAGs (sum over pin requests).', [
        ['', records.reduce((sum, r) => sum + (r.status === 'pinned' ? (r.bytes ?? 0) : 0), 0)],
      ]);
      const gc = pinning.gcStats();
      if (gc != null) {
        metric('bazari_ipfs_gc_runs_total', 'counter', 'Garbage collections run.', [['', gc.runs]]);
        metric('bazari_ipfs_gc_failures_total', 'counter', 'Garbage collections that failed.', [['', gc.failures]]);
        metric('bazari_ipfs_gc_blocks_removed_total', 'counter', 'Unpinned blocks deleted by garbage collection.', [
          ['', gc.blocksRemoved],
        ]);
        metric('bazari_ipfs_gc_bytes_removed_total', 'counter', 'Bytes of the blocks deleted by garbage collection.', [
          ['', gc.bytesRemoved],
        ]);
      }
    }
    metric('bazari_ipfs_peers', 'gauge', 'Open libp2p connections.', [['', this.sources.peers()]]);
    metric(
      'bazari_ipfs_http_requests_total',
      'counter',
      'HTTP requests by route and status.',
      [...this.requests.entries()].map(([k, v]) => {
        const [route, status] = k.split(' ');
        return [`{route="${route}",status="${status}"}`, v];
      }),
    );
    metric('bazari_ipfs_http_response_bytes_total', 'counter', 'Bytes of response bodies.', [['', this.bytesServed]]);
    return `${lines.join('\n')}\n`;
  }
}
