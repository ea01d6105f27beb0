#!/usr/bin/env -S npx tsx
/**
 * npm run ipfs -- [--data-dir DIR | --tmp] [--gateway-port 8080] [--gateway-host 127.0.0.1]
 *                 [--swarm-port 4003] [--swarm-host 127.0.0.1] [--announce MULTIADDR]...
 *                 [--peer MULTIADDR]... [--fetch-timeout MS] [--max-object-bytes N] [--pin-timeout MS]
 *                 [--quota-pins N] [--quota-bytes N] [--gc-interval MS] [--no-auth] [--frontend CID]...
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startGateway } from './gateway/index.ts';
import { createIpfsNode, DEFAULT_SWARM_PORT } from './node/index.ts';
import { bearerTokenAuth } from './pinning/auth.ts';
import { PinningService } from './pinning/index.ts';

const USAGE = `usage: npm run ipfs -- [--data-dir DIR | --tmp] [--gateway-port 8080] [--gateway-host 127.0.0.1]
                       [--swarm-port ${DEFAULT_SWARM_PORT}] [--swarm-host 127.0.0.1] [--announce MULTIADDR]...
                       [--peer MULTIADDR]... [--fetch-timeout MS] [--max-object-bytes N] [--pin-timeout MS]
                       [--quota-pins N] [--quota-bytes N] [--gc-interval MS] [--no-auth]
                       [--frontend CID]...`;

function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value == null) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      options: {
        'data-dir': { type: 'string' },
        tmp: { type: 'boolean' },
        'gateway-port': { type: 'string' },
        'gateway-host': { type: 'string' },
        'swarm-port': { type: 'string' },
        'swarm-host': { type: 'string' },
        announce: { type: 'string', multiple: true },
        peer: { type: 'string', multiple: true },
        'fetch-timeout': { type: 'string' },
        'max-object-bytes': { type: 'string' },
        'pin-timeout': { type: 'string' },
        'quota-pins': { type: 'string' },
        'quota-bytes': { type: 'string' },
        'gc-interval': { type: 'string' },
        'no-auth': { type: 'boolean' },
        frontend: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  }
  try {
    parsed = parse();
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.tmp && values['data-dir'] != null) {
    console.error(`--data-dir and --tmp exclude each other\n${USAGE}`);
    process.exit(2);
  }
  const dataDir = values.tmp
    ? await mkdtemp(join(tmpdir(), 'bazari-ipfs-'))
    : (values['data-dir'] ?? join(process.cwd(), '.data', 'ipfs'));
  const swarmPort = intOption(values['swarm-port'], 'swarm-port', DEFAULT_SWARM_PORT);
  const gatewayPort = intOption(values['gateway-port'], 'gateway-port', 8080);
  const swarmHost = values['swarm-host'] ?? '127.0.0.1';
  const ipVersion = swarmHost.includes(':') ? 'ip6' : 'ip4';

  const node = await createIpfsNode({
    dataDir,
    listen: [`/${ipVersion}/${swarmHost}/tcp/${swarmPort}/ws`],
    announce: values.announce,
    bootstrap: values.peer,
  });
  const pinning = new PinningService({
    helia: node.helia,
    // Bearer tokens signed by the caller's Substrate account (sr25519); --no-auth for local experiments only.
    authenticate: values['no-auth'] ? undefined : bearerTokenAuth,
    pinTimeoutMs: intOption(values['pin-timeout'], 'pin-timeout', 60_000),
    maxObjectBytes: intOption(values['max-object-bytes'], 'max-object-bytes', 50 * 1024 * 1024),
    quota: {
      maxPins: intOption(values['quota-pins'], 'quota-pins', 1_000),
      maxBytes: intOption(values['quota-bytes'], 'quota-bytes', 1024 * 1024 * 1024),
    },
    // Unpinned blocks are deleted after each failed pin and every --gc-interval ms (0: only after failures).
    gc: {
      collect: () => node.collectGarbage(),
      intervalMs: intOption(values['gc-interval'], 'gc-interval', 3_600_000),
    },
  });
  await pinning.start();
  const gateway = await startGateway({
    helia: node.helia,
    pinning,
    storageStats: () => node.storageStats(),
    frontendRoots: values.frontend,
    port: gatewayPort,
    host: values['gateway-host'] ?? '127.0.0.1',
    fetchTimeoutMs: intOption(values['fetch-timeout'], 'fetch-timeout', 5_000),
    maxObjectBytes: intOption(values['max-object-bytes'], 'max-object-bytes', 50 * 1024 * 1024),
  });

  console.log(`bazari ipfs: peer id ${node.peerId}`);
  for (const addr of node.multiaddrs()) console.log(`  swarm   ${addr.toString()}`);
  console.log(`  gateway ${gateway.url}/ipfs/<cid>   pins ${gateway.url}/pins   health ${gateway.url}/health`);
  console.log(`  data    ${dataDir}${values.tmp ? ' (temporary)' : ''}`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await gateway.close();
    await pinning.stop();
    await node.stop();
    if (values.tmp) await rm(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
