import { join } from 'node:path';
import { type Devnet, type DevnetOptions, startDevnet } from '@bazari/devnet';
import { freePort } from '../../src/db/postgres.ts';
import { REPO_DIR } from './paths.ts';
import { ManagedProcess } from './process.ts';
import { tempDir } from './tmp.ts';

export type { Devnet };

/**
 * A devnet in this process (startDevnet) on a free port, with its chain in a temporary directory
 * (`persistent: false`: in memory). Blocks are built as soon as transactions arrive unless
 * `buildMode: 'interval'` is given. `close()` stops it and removes the directory.
 */
export async function startTestDevnet(
  options: Omit<DevnetOptions, 'port' | 'dataDir'> & { persistent?: boolean } = {},
): Promise<Devnet & { readonly dataDir: string | undefined }> {
  const dir = options.persistent === false ? undefined : tempDir('bazari-squid-devnet-');
  const devnet = await startDevnet({ ...options, port: 0, dataDir: dir ? join(dir.path, 'chain') : undefined });
  return {
    ...devnet,
    dataDir: dir?.path,
    async close() {
      await devnet.close();
      dir?.remove();
    },
  };
}

export interface DevnetChild {
  readonly process: ManagedProcess;
  readonly port: number;
  readonly wsUrl: string;
  readonly httpUrl: string;
  readonly dataDir: string;
  /** Starts it again after a kill/stop (same port, same chain), and waits until it listens. */
  restart(): Promise<void>;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
}

/**
 * A devnet as a child process (`devnet/src/cli.ts`, as `npm run devnet` runs it), for tests that
 * must kill it or keep it apart from the test's event loop. Its chain lives in a temporary
 * directory, kept across restarts.
 */
export async function spawnDevnet(
  options: { blockTime?: number; finalityLag?: number; echo?: boolean } = {},
): Promise<DevnetChild> {
  const dir = tempDir('bazari-squid-devnet-');
  const port = await freePort();
  const args = ['--import', 'tsx', join(REPO_DIR, 'devnet/src/cli.ts'), '--port', String(port)];
  args.push('--data-dir', join(dir.path, 'chain'));
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime));
  if (options.finalityLag !== undefined) args.push('--finality-lag', String(options.finalityLag));
  const child = new ManagedProcess({
    name: 'devnet',
    command: process.execPath,
    args,
    cwd: REPO_DIR,
    echo: options.echo,
  });
  const listening = async () => {
    const ready = child.waitForLine(/listening on ws:\/\//, { timeoutMs: 60_000 });
    child.start();
    await ready;
  };
  try {
    await listening();
  } catch (error) {
    await child.kill();
    dir.remove();
    throw error;
  }
  return {
    process: child,
    port,
    wsUrl: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    dataDir: dir.path,
    async restart() {
      if (child.running) await child.kill();
      await listening();
    },
    async close() {
      await child.stop();
      dir.remove();
    },
  };
}
