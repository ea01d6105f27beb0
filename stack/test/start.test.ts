import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@bazari/devnet/testing/free-port';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms (last error: ${String(lastError)})`);
}

async function rpc(port: number, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return ((await response.json()) as { result: unknown }).result;
}

describe('npm start: the whole stack on embedded defaults', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bazari-stack-'));
  let stack: ChildProcess | undefined;
  let output = '';

  afterAll(async () => {
    if (stack?.pid && stack.exitCode === null) process.kill(-stack.pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the chain, the IPFS gateway and the GraphQL API, indexes new blocks, and stops everything on Ctrl-C', async () => {
    const [rpcPort, gatewayPort, swarmPort, gqlPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    stack = spawn('npm', ['start'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        RPC_PORT: String(rpcPort),
        GATEWAY_PORT: String(gatewayPort),
        SWARM_PORT: String(swarmPort),
        GQL_PORT: String(gqlPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that the test can press Ctrl-C: SIGINT to the whole group.
      detached: true,
    });
    stack.stdout?.on('data', (chunk) => (output += chunk));
    stack.stderr?.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => stack?.once('exit', (code) => resolve(code)));

    const health = await eventually('devnet RPC', () => rpc(rpcPort, 'system_health'), 120_000);
    expect(health).toMatchObject({ shouldHavePeers: false });
    const ipfs = await eventually(
      'IPFS /health',
      async () => (await fetch(`http://127.0.0.1:${gatewayPort}/health`)).json() as Promise<{ status: string }>,
      120_000,
    );
    expect(ipfs.status).toBe('ok');

    await rpc(rpcPort, 'dev_newBlock', [{ count: 3 }]);
    const indexed = await eventually(
      'the squid indexing block 3',
      async () => {
        const response = await fetch(`http://127.0.0.1:${gqlPort}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ squidStatus { height } }' }),
        });
        const body = (await response.json()) as { data?: { squidStatus: { height: number } } };
        const height = body.data?.squidStatus.height ?? -1;
        return height >= 3 ? height : undefined;
      },
      180_000,
    );
    expect(indexed).toBeGreaterThanOrEqual(3);

    for (const service of ['devnet', 'ipfs', 'squid']) expect(output).toMatch(new RegExp(`^${service} +\\| `, 'm'));

    process.kill(-(stack.pid as number), 'SIGINT');
    await exited;
    const closed = (port: number) =>
      fetch(`http://127.0.0.1:${port}/`).then(
        () => undefined,
        () => true,
      );
    for (const port of [rpcPort, gatewayPort, gqlPort])
      await eventually(`port ${port} closed`, () => closed(port), 60_000);
    await eventually(
      'Postgres stopped',
      async () => (existsSync(join(dataDir, 'squid/postgres/postmaster.pid')) ? undefined : true),
      60_000,
    );
  }, 420_000);
});
