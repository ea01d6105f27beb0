#!/usr/bin/env -S npx tsx
import { parseArgs } from 'node:util';
import { startDevnet } from './node.ts';

const USAGE = `Usage: npm run devnet -- [--port 9944] [--host 127.0.0.1] [--data-dir DIR | --tmp]
                         [--block-time MS] [--finality-lag N] [--chain-spec FILE]

  --data-dir DIR     keep blocks and state in DIR (default: .data/devnet)
  --tmp              keep them in a temporary directory, removed on exit
  --block-time MS    produce a block every MS milliseconds (default: a block as soon as transactions arrive)
  --finality-lag N   finalize the block N below the head (default 0)`;

function main(): Promise<void> | void {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse().values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const number = (name: string, value: string | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 0) {
      console.error(`--${name} expects a non-negative integer, got "${value}"\n\n${USAGE}`);
      process.exit(2);
    }
    return parsed;
  };
  if (values.tmp && values['data-dir']) {
    console.error(`--data-dir and --tmp exclude each other\n\n${USAGE}`);
    process.exit(2);
  }
  const blockTime = values['block-time'] === undefined ? undefined : number('block-time', values['block-time'], 6000);
  return startDevnet({
    port: number('port', values.port, 9944),
    host: values.host,
    dataDir: values.tmp ? undefined : (values['data-dir'] ?? '.data/devnet'),
    buildMode: blockTime === undefined ? 'instant' : 'interval',
    blockTime,
    finalityLag: number('finality-lag', values['finality-lag'], 0),
    chainSpecPath: values['chain-spec'],
    log: (line) => console.log(`${new Date().toISOString()} ${line}`),
  }).then((devnet) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      devnet.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function parse() {
  return parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      tmp: { type: 'boolean' },
      'block-time': { type: 'string' },
      'finality-lag': { type: 'string' },
      'chain-spec': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

await main();
