/**
 * IPFS benchmark: `npm run bench:ipfs` (or `npm run -w @bazari/bench ipfs`).
 *
 * The service (`ipfs/src/cli.ts --tmp --no-auth`) runs as its own process, so its memory is its own.
 * A browser-like Helia node (in memory, no listeners) in this process dials it over /ws, adds a
 * 5 MiB and a 50 MiB file and asks for each pin through the Pinning Service API with itself as the
 * origin; the clock runs from the POST until the request is `pinned`. Then 20 concurrent readers
 * fetch the 5 MiB file through the gateway, `--rounds` times.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createIpfsNode } from '@bazari/ipfs/node';
import { unixfs } from '@helia/unixfs';
import { multiaddr } from '@multiformats/multiaddr';
import { MIB, mib, readVmHwm } from '../devnet/memory.ts';
import { formatNumber, markdownTable, type Row } from '../devnet/table.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../ipfs/src/cli.ts', import.meta.url));

const { values } = parseArgs({
  options: {
    readers: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
  },
});
const readers = Number(values.readers);
const rounds = Number(values.rounds);

async function startService(): Promise<{ child: ChildProcess; swarm: string; gateway: string }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      CLI,
      '--tmp',
      '--no-auth',
      '--gateway-port',
      '0',
      '--swarm-port',
      '0',
      '--pin-timeout',
      '120000',
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the service did not start:\n${out}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`the service exited (${code}):\n${out}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const swarm = /swarm\s+(\S+)/.exec(out)?.[1];
      const gateway = /gateway\s+(http:\/\/\S+?)\/ipfs/.exec(out)?.[1];
      if (swarm != null && gateway != null) {
        clearTimeout(timer);
        resolve({ child, swarm, gateway });
      }
    });
  });
}

async function pinAndWait(gateway: string, cid: string, origin: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${gateway}/pins`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ cid, origins: [origin] }),
  });
  if (res.status !== 202) throw new Error(`POST /pins: ${res.status} ${await res.text()}`);
  const { requestid } = (await res.json()) as { requestid: string };
  for (;;) {
    const status = (await (await fetch(`${gateway}/pins/${requestid}`)).json()) as {
      status: string;
      info: Record<string, string>;
    };
    if (status.status === 'pinned') return (performance.now() - started) / 1000;
    if (status.status === 'failed') throw new Error(`pin failed: ${status.info.reason}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function main(): Promise<void> {
  const service = await startService();
  const browser = await createIpfsNode({});
  const rows: Row[] = [];
  try {
    await browser.libp2p.dial(multiaddr(service.swarm));
    const fs = unixfs(browser.helia);
    const origin = `/p2p/${browser.peerId}`;
    const small = randomBytes(5 * MIB);
    const large = randomBytes(50 * MIB);
    const smallCid = await fs.addBytes(small);
    const largeCid = await fs.addBytes(large);

    const t5 = await pinAndWait(service.gateway, smallCid.toString(), origin);
    rows.push({ metric: 'pin 5 MiB from a browser-like peer (POST → pinned)', value: `${formatNumber(t5, 2)} s` });
    const t50 = await pinAndWait(service.gateway, largeCid.toString(), origin);
    rows.push({ metric: 'pin 50 MiB from a browser-like peer (POST → pinned)', value: `${formatNumber(t50, 2)} s` });
    await browser.stop();
    const peakAfterPins = readVmHwm(service.child.pid as number);

    let best = 0;
    for (let round = 0; round < rounds; round++) {
      const started = performance.now();
      const sizes = await Promise.all(
        Array.from({ length: readers }, async () => {
          const res = await fetch(`${service.gateway}/ipfs/${smallCid}`);
          const body = Buffer.from(await res.arrayBuffer());
          if (res.status !== 200 || !body.equals(small)) throw new Error('gateway returned other bytes');
          return body.length;
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      best = Math.max(best, sizes.reduce((a, b) => a + b, 0) / MIB / seconds);
    }
    rows.push({
      metric: `gateway throughput, 5 MiB file, ${readers} concurrent readers (best of ${rounds})`,
      value: `${formatNumber(best, 0)} MiB/s`,
    });
    rows.push({ metric: 'service peak memory up to the end of the pins (VmHWM)', value: `${mib(peakAfterPins)} MiB` });
    rows.push({ metric: 'service peak memory (VmHWM)', value: `${mib(readVmHwm(service.child.pid as number))} MiB` });
  } finally {
    await browser.stop().catch(() => undefined);
    service.child.kill('SIGTERM');
    await new Promise((r) => service.child.once('exit', r));
  }
  console.log(markdownTable(rows));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
