import { runtimeVersion } from '@bazari/chain-types';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { Blockchain } from './blockchain/blockchain.ts';
import { type BlockBuildMode, TransactionPool } from './blockchain/txpool.ts';
import { DEFAULT_CHAIN_SPEC_PATH, loadChainSpec } from './chain-spec/chain-spec.ts';
import { ChainDatabase } from './database/chain-database.ts';
import { nodeRpcHandlers } from './rpc/methods/index.ts';
import { startRpcServer } from './rpc/server.ts';
import { Executive } from './runtime/executive.ts';
import { createRuntime } from './runtime/index.ts';
import { RuntimeApi } from './runtime/runtime-api.ts';
import { SignatureVerifier } from './runtime/signature-verifier.ts';

export interface DevnetOptions {
  readonly port?: number;
  readonly host?: string;
  /** Where blocks and state are kept; omitted: a temporary directory removed on close. */
  readonly dataDir?: string;
  readonly buildMode?: BlockBuildMode;
  /** Milliseconds between blocks in interval mode. */
  readonly blockTime?: number;
  /** How many blocks finality lags behind the head. */
  readonly finalityLag?: number;
  readonly chainSpecPath?: string;
  /** Receives the node's log lines (one per block, start-up, errors); silent when omitted. */
  readonly log?: (line: string) => void;
}

export interface Devnet {
  readonly port: number;
  readonly wsUrl: string;
  readonly httpUrl: string;
  readonly chain: Blockchain;
  readonly pool: TransactionPool;
  close(): Promise<void>;
}

export const NODE_NAME = 'Bazari Devnet';
export const NODE_VERSION = '0.1.0';

export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  await cryptoWaitReady();
  const log = options.log ?? (() => {});
  const spec = await loadChainSpec(options.chainSpecPath ?? DEFAULT_CHAIN_SPEC_PATH);
  const { model, dispatcher } = createRuntime();
  const database = ChainDatabase.open(options.dataDir ? { path: options.dataDir } : { inMemory: true });
  const genesisHash = database.getCanonicalHash(0);
  const executive = new Executive(model, dispatcher, {
    specVersion: runtimeVersion.spec_version,
    transactionVersion: runtimeVersion.transaction_version,
    genesisHash: genesisHash ?? new Uint8Array(32),
  });
  const chain = await Blockchain.open(model, executive, database, spec, options.finalityLag ?? 0);
  if (!genesisHash) executive.setGenesisHash(chain.genesisHash);
  chain.on('built', (block, milliseconds) => {
    log(
      `block #${block.number} ${u8aToHex(block.hash)} extrinsics=${block.extrinsics.length} ${milliseconds.toFixed(1)} ms`,
    );
  });
  const reportError = (error: unknown) =>
    log(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const pool = new TransactionPool(chain, options.buildMode ?? 'instant', options.blockTime ?? 6000, reportError);
  const signatureVerifier = new SignatureVerifier();
  pool.useSignatureVerifier(signatureVerifier);
  const runtimeApi = new RuntimeApi(model, executive);
  const server = await startRpcServer(
    nodeRpcHandlers({ chain, pool, model, spec, runtimeApi, nodeName: NODE_NAME, nodeVersion: NODE_VERSION }),
    { port: options.port ?? 9944, host: options.host ?? '127.0.0.1', onError: reportError },
  );
  const host = options.host ?? '127.0.0.1';
  log(
    `${spec.name}: genesis ${u8aToHex(chain.genesisHash)}, head #${chain.head.number}, ${pool.mode} blocks, listening on ws://${host}:${server.port} and http://${host}:${server.port}`,
  );
  return {
    port: server.port,
    wsUrl: `ws://${host}:${server.port}`,
    httpUrl: `http://${host}:${server.port}`,
    chain,
    pool,
    close: async () => {
      pool.close();
      await server.close();
      await signatureVerifier.close();
      await chain.idle();
      await database.close();
    },
  };
}
