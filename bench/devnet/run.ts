import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fetchBlocks, type ServingResult } from './block-serving.ts';
import { clientPeakRss, MIB, mib, readRss } from './memory.ts';
import { NodeProcess } from './node-process.ts';
import { HttpRpcClient, type RpcTransport, WsRpcClient } from './rpc.ts';
import { benchAccounts, OfflineSigner } from './signing.ts';
import { formatNumber, markdownTable, type Row } from './table.ts';
import { fundAccounts, runTransfers, verifyTransfers } from './transfers.ts';

const USAGE = `Usage: npm run bench -- [--transfers 20000] [--accounts 200] [--connections 4] [--in-flight 256]
                       [--extra-blocks 5000] [--batch 100] [--concurrency 4] [--rounds 3] [--cpu-prof DIR]

  --transfers N      signed balance transfers to submit (default 20000)
  --accounts N       sending accounts, funded by //Alice first (default 200)
  --connections N    WebSocket connections submitting them (default 4)
  --in-flight N      unanswered submissions per connection (default 256)
  --extra-blocks N   blocks built with dev_newBlock after the transfers, before block serving (default 5000)
  --batch N          calls per JSON-RPC batch when fetching blocks (default 100)
  --concurrency N    batches in flight when fetching blocks (default 4)
  --rounds N         times every block is fetched over each transport; the best round counts (default 3)
  --cpu-prof DIR     run the node with --cpu-prof, writing its profile to DIR`;

const TARGET_TRANSFERS_PER_SECOND = 1_000;
const TARGET_BLOCKS_PER_SECOND = 2_000;

function options() {
  const { values } = parseArgs({
    options: {
      transfers: { type: 'string', default: '20000' },
      accounts: { type: 'string', default: '200' },
      connections: { type: 'string', default: '4' },
      'in-flight': { type: 'string', default: '256' },
      'extra-blocks': { type: 'string', default: '5000' },
      batch: { type: 'string', default: '100' },
      concurrency: { type: 'string', default: '4' },
      rounds: { type: 'string', default: '3' },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name: keyof typeof values) => {
    const parsed = Number(values[name]);
    if (!Number.isInteger(parsed) || parsed < 0) {
      console.error(`--${name} expects a non-negative integer\n\n${USAGE}`);
      process.exit(2);
    }
    return parsed;
  };
  return {
    transfers: int('transfers'),
    accounts: Math.max(1, int('accounts')),
    connections: Math.max(1, int('connections')),
    inFlight: Math.max(1, int('in-flight')),
    extraBlocks: int('extra-blocks'),
    batch: Math.max(1, int('batch')),
    concurrency: Math.max(1, int('concurrency')),
    rounds: Math.max(1, int('rounds')),
    // Relative to where `npm run bench` was typed (npm runs the script in bench/).
    cpuProfileDir: values['cpu-prof'] && resolve(process.env.INIT_CWD ?? process.cwd(), values['cpu-prof']),
  };
}

function step(message: string): void {
  console.error(`[bench] ${message}`);
}

/** Fetches every block `rounds` times over `transport`; returns the fastest round (the least disturbed by noise). */
async function serve(name: string, transport: RpcTransport, head: number, opts: ReturnType<typeof options>) {
  let best: ServingResult | undefined;
  for (let round = 1; round <= opts.rounds; round++) {
    const result = await fetchBlocks(transport, head, { batchSize: opts.batch, concurrency: opts.concurrency });
    step(
      `${name} round ${round}: ${result.blocks} blocks in ${result.seconds.toFixed(2)} s ` +
        `(${formatNumber(result.blocks / result.seconds)} /s), ${result.withEvents} with events, ` +
        `${formatNumber(result.payloadBytes / MIB, 1)} MiB of extrinsics and events`,
    );
    if (!best || result.seconds < best.seconds) best = result;
  }
  return best as ServingResult;
}

async function main(): Promise<void> {
  const opts = options();
  step(`starting the devnet (node ${process.version}, ${cpus().length} cores)`);
  const node = await NodeProcess.start({ cpuProfileDir: opts.cpuProfileDir });
  const rows: Row[] = [];
  try {
    const control = await WsRpcClient.connect(node.wsUrl);
    const signer = await OfflineSigner.connect(node.wsUrl);
    const { alice, accounts } = benchAccounts(opts.accounts);

    step(`funding ${accounts.length} accounts from //Alice`);
    await fundAccounts(control, signer, alice, accounts, 1_000_000n * 1_000_000_000_000n);

    step(`signing ${opts.transfers} transfers, then submitting them over ${opts.connections} connections`);
    const transfers = await runTransfers(node.wsUrl, signer, accounts, {
      count: opts.transfers,
      connections: opts.connections,
      inFlight: opts.inFlight,
    });
    const transfersPerSecond = transfers.transfers / transfers.seconds;
    step(
      `transfers: ${transfers.transfers} in ${transfers.seconds.toFixed(2)} s (all submitted after ` +
        `${transfers.submitSeconds.toFixed(2)} s; signing took ${transfers.signSeconds.toFixed(1)} s), ` +
        `${transfers.blocks} blocks, at most ${transfers.maxPerBlock} per block`,
    );
    const verified = await verifyTransfers(control, transfers.blockHashes);
    if (verified.transfers !== transfers.transfers || verified.failed > 0) {
      throw new Error(
        `expected ${transfers.transfers} Balances.Transfer events and no failure, got ${verified.transfers} and ${verified.failed} failed`,
      );
    }

    let producedPerSecond: number | undefined;
    if (opts.extraBlocks > 0) {
      step(`building ${opts.extraBlocks} more blocks with dev_newBlock`);
      const started = performance.now();
      for (let left = opts.extraBlocks; left > 0; left -= 1000) {
        await control.call('dev_newBlock', [{ count: Math.min(1000, left) }]);
      }
      producedPerSecond = opts.extraBlocks / ((performance.now() - started) / 1000);
    }
    const headHash = await control.call<string>('chain_getFinalizedHead');
    const head = Number.parseInt((await control.call<{ number: string }>('chain_getHeader', [headHash])).number, 16);

    step(`fetching blocks 0..${head} like the Subsquid processor`);
    const http = new HttpRpcClient(node.httpUrl, opts.concurrency);
    const ws = await WsRpcClient.connect(node.wsUrl);
    await fetchBlocks(http, Math.min(head, 499), { batchSize: opts.batch, concurrency: opts.concurrency }); // warm-up
    const overHttp = await serve('HTTP', http, head, opts);
    const overWs = await serve('WebSocket', ws, head, opts);
    await Promise.all([http.close(), ws.close(), control.close(), signer.disconnect()]);

    const nodePeak = node.peakRss();
    const nodeNow = readRss(node.pid);
    const httpRate = overHttp.blocks / overHttp.seconds;
    const wsRate = overWs.blocks / overWs.seconds;
    rows.push(
      {
        metric: `signed transfers imported and finalized (${formatNumber(transfers.transfers)}, pre-signed, ${opts.connections} connections)`,
        value: `${formatNumber(transfersPerSecond)} /s`,
        target: `≥ ${formatNumber(TARGET_TRANSFERS_PER_SECOND)} /s`,
        ok: transfersPerSecond >= TARGET_TRANSFERS_PER_SECOND,
      },
      { metric: 'blocks built for the transfers', value: formatNumber(transfers.blocks) },
      {
        metric: 'average transfers per block (max)',
        value: `${formatNumber(transfers.transfers / Math.max(1, transfers.blocks), 1)} (${formatNumber(transfers.maxPerBlock)})`,
      },
      {
        metric: `blocks served over HTTP (${formatNumber(overHttp.blocks)}, getBlockHash + getBlock + System.Events, batches of ${opts.batch}, best of ${opts.rounds})`,
        value: `${formatNumber(httpRate)} /s`,
        target: `≥ ${formatNumber(TARGET_BLOCKS_PER_SECOND)} /s`,
        ok: httpRate >= TARGET_BLOCKS_PER_SECOND,
      },
      {
        metric: 'blocks served over WebSocket (same calls)',
        value: `${formatNumber(wsRate)} /s`,
        target: `≥ ${formatNumber(TARGET_BLOCKS_PER_SECOND)} /s`,
        ok: wsRate >= TARGET_BLOCKS_PER_SECOND,
      },
    );
    if (producedPerSecond !== undefined) {
      rows.push({ metric: 'empty blocks built with dev_newBlock', value: `${formatNumber(producedPerSecond)} /s` });
    }
    rows.push(
      {
        metric: 'node peak RSS (VmHWM)',
        value: `${mib(nodePeak)} MiB`,
      },
      {
        metric: 'node RSS at the end: anonymous / file-backed (LMDB map, code)',
        value: `${mib(nodeNow.anon)} / ${mib(nodeNow.file)} MiB`,
      },
      { metric: 'bench client peak RSS (VmHWM)', value: `${mib(clientPeakRss())} MiB` },
    );
  } finally {
    await node.stop();
  }
  console.log(
    `\nDevnet benchmark, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model.trim()}), node ${process.version}\n`,
  );
  console.log(markdownTable(rows));
  if (opts.cpuProfileDir) console.log(`\nCPU profile of the node written to ${opts.cpuProfileDir}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
