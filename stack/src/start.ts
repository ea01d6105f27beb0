/**
 * `npm start`: the whole stack on embedded defaults, every part as its own process.
 *
 *   devnet  ws://127.0.0.1:9944 (and http)            data in <DATA_DIR>/devnet
 *   ipfs    gateway and pinning API http://127.0.0.1:8080, libp2p /ip4/127.0.0.1/tcp/4003/ws
 *   squid   embedded Postgres, processor, content worker, GraphQL http://127.0.0.1:4350/graphql
 *
 * DATA_DIR (default .data at the repository root) holds every part's data; RPC_PORT, GATEWAY_PORT,
 * SWARM_PORT and GQL_PORT move the ports. Ctrl-C stops everything.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Supervised } from '@bazari/squid/supervisor';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = resolve(repoRoot, process.env.DATA_DIR ?? '.data');
const rpcPort = process.env.RPC_PORT ?? '9944';
const gatewayPort = process.env.GATEWAY_PORT ?? '8080';
const swarmPort = process.env.SWARM_PORT ?? '4003';
const gqlPort = process.env.GQL_PORT ?? '4350';

const npmScript = (workspace: string, args: string[] = []) => [
  'run',
  '--silent',
  '-w',
  workspace,
  'start',
  '--',
  ...args,
];

const services = [
  new Supervised({
    name: 'devnet',
    command: 'npm',
    args: npmScript('@bazari/devnet', ['--port', rpcPort, '--data-dir', resolve(dataDir, 'devnet')]),
    cwd: repoRoot,
  }),
  new Supervised({
    name: 'ipfs',
    command: 'npm',
    args: npmScript('@bazari/ipfs', [
      '--data-dir',
      resolve(dataDir, 'ipfs'),
      '--gateway-port',
      gatewayPort,
      '--swarm-port',
      swarmPort,
    ]),
    cwd: repoRoot,
  }),
  new Supervised({
    name: 'squid',
    command: 'npm',
    args: npmScript('@bazari/squid'),
    cwd: repoRoot,
    env: {
      DATA_DIR: resolve(dataDir, 'squid'),
      RPC_ENDPOINT: `ws://127.0.0.1:${rpcPort}`,
      // The devnet finalizes each block as it builds it; see squid/src/processor.ts.
      RPC_FINALITY_CONFIRMATION: '1',
      IPFS_URL: `http://127.0.0.1:${gatewayPort}`,
      GQL_PORT: gqlPort,
    },
  }),
];
for (const service of services) service.start();

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    for (const service of [...services].reverse()) await service.stop(20_000);
    process.exit(0);
  });
}
