/**
 * The unmodified @polkadot/api client against the devnet: start-up, metadata, constants, chain identity,
 * and `rpc_methods` listing exactly what the node serves.
 */
import { RuntimeModel, runtimeVersion, SUPPORTED_METADATA_VERSIONS } from '@bazari/chain-types';
import * as definitions from '@polkadot/types/interfaces/definitions';
import { u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawWsClient, startTestNode, type TestNode } from './helpers.ts';

let node: TestNode;
const model = new RuntimeModel();

beforeAll(async () => {
  node = await startTestNode();
});

afterAll(async () => {
  await node?.close();
});

describe('ApiPromise.create', () => {
  it('connects and decorates the runtime from the highest metadata version offered', () => {
    const { api } = node;
    expect(api.isConnected).toBe(true);
    expect(api.runtimeMetadata.version).toBe(Math.max(...SUPPORTED_METADATA_VERSIONS));
    expect(api.runtimeChain.toString()).toBe('Bazari Devnet');
    for (const pallet of ['system', 'timestamp', 'balances', 'transactionPayment', 'sudo', 'commerce']) {
      expect(Object.keys(api.query)).toContain(pallet);
    }
    for (const pallet of ['system', 'timestamp', 'balances', 'sudo', 'utility', 'commerce']) {
      expect(Object.keys(api.tx)).toContain(pallet);
    }
    expect(typeof api.tx.balances.transferKeepAlive).toBe('function');
    expect(typeof api.call.transactionPaymentApi.queryInfo).toBe('function');
  });

  it('exposes the constants with their runtime values', () => {
    const { api } = node;
    expect(api.consts.balances.existentialDeposit.toBigInt()).toBe(
      model.constant('Balances', 'ExistentialDeposit') as bigint,
    );
    expect(api.consts.balances.existentialDeposit.toBigInt()).toBeGreaterThan(0n);
    expect(api.consts.system.ss58Prefix.toNumber()).toBe(42);
    expect(api.consts.commerce.maxItemsPerOrder.toNumber()).toBe(
      Number(model.constant('Commerce', 'MaxItemsPerOrder')),
    );
    expect(api.consts.commerce.maxItemsPerOrder.toNumber()).toBeGreaterThan(0);
    expect(api.consts.system.blockHashCount.toNumber()).toBe(Number(model.constant('System', 'BlockHashCount')));
  });

  it('reads decimals, token and SS58 format from system_properties', async () => {
    const { api } = node;
    expect(api.registry.chainDecimals).toEqual([12]);
    expect(api.registry.chainTokens).toEqual(['BZR']);
    expect(api.registry.chainSS58).toBe(42);
    const properties = await node.rpc('system_properties');
    expect(properties.result).toEqual({ ss58Format: 42, tokenDecimals: 12, tokenSymbol: 'BZR' });
  });

  it('has the genesis hash of block 0', async () => {
    const { api, devnet } = node;
    const genesis = await api.rpc.chain.getBlockHash(0);
    expect(api.genesisHash.toHex()).toBe(genesis.toHex());
    expect(api.genesisHash.toHex()).toBe(u8aToHex(devnet.chain.genesisHash));
    const header = await api.rpc.chain.getHeader(genesis);
    expect(header.number.toNumber()).toBe(0);
    expect(header.parentHash.isEmpty).toBe(true);
  });

  it('has the runtime version, also from state_subscribeRuntimeVersion', async () => {
    const { api } = node;
    expect(api.runtimeVersion.specName.toString()).toBe(runtimeVersion.spec_name);
    expect(api.runtimeVersion.specVersion.toNumber()).toBe(runtimeVersion.spec_version);
    expect(api.runtimeVersion.transactionVersion.toNumber()).toBe(runtimeVersion.transaction_version);
    const apiIds = api.runtimeVersion.apis.map(([id]) => id.toHex());
    expect(apiIds).toContain('0x37e397fc7c91f5e4'); // Metadata
    expect(apiIds).toContain('0x37c8bb1350a9a2a8'); // TransactionPaymentApi
    const version = await new Promise<unknown>((resolve, reject) => {
      api.rpc.state
        .subscribeRuntimeVersion((value) => resolve(value.toJSON()))
        .then((unsubscribe) => setImmediate(unsubscribe))
        .catch(reject);
    });
    expect(version).toEqual(api.runtimeVersion.toJSON());
    expect((await api.rpc.system.chain()).toString()).toBe('Bazari Devnet');
    expect((await api.rpc.system.name()).toString()).toBe('Bazari Devnet');
  });

  it('answers the runtime APIs @polkadot/api calls (api.call)', async () => {
    const { api, accounts } = node;
    const nonce = await api.call.accountNonceApi.accountNonce(accounts.Alice.address);
    expect(nonce.toNumber()).toBe((await api.query.system.account(accounts.Alice.address)).nonce.toNumber());
    const versions = await api.call.metadata.metadataVersions();
    expect(versions.map((version) => version.toNumber())).toEqual([...SUPPORTED_METADATA_VERSIONS]);
  });
});

describe('rpc_methods', () => {
  /** Methods a Substrate node serves that a dApp, polkadot-js or the squid relies on. */
  const WELL_KNOWN = [
    'author_submitAndWatchExtrinsic',
    'author_submitExtrinsic',
    'author_unwatchExtrinsic',
    'author_pendingExtrinsics',
    'chain_getBlock',
    'chain_getBlockHash',
    'chain_getFinalizedHead',
    'chain_getHead',
    'chain_getHeader',
    'chain_subscribeAllHeads',
    'chain_subscribeFinalizedHeads',
    'chain_subscribeNewHead',
    'chain_subscribeNewHeads',
    'chain_unsubscribeNewHeads',
    'payment_queryInfo',
    'rpc_methods',
    'state_call',
    'state_getKeysPaged',
    'state_getMetadata',
    'state_getRuntimeVersion',
    'state_getStorage',
    'state_getStorageAt',
    'state_queryStorageAt',
    'state_subscribeRuntimeVersion',
    'state_subscribeStorage',
    'system_accountNextIndex',
    'system_chain',
    'system_health',
    'system_name',
    'system_properties',
    'system_version',
    'dev_newBlock',
    'dev_setHead',
  ];

  async function listed(): Promise<string[]> {
    const response = await node.rpc('rpc_methods');
    return (response.result as { methods: string[] }).methods;
  }

  it('lists the well-known methods, sorted and without duplicates', async () => {
    const methods = await listed();
    for (const method of WELL_KNOWN) expect(methods).toContain(method);
    expect(new Set(methods).size).toBe(methods.length);
    expect([...methods].sort()).toEqual(methods);
  });

  it('serves every listed method: each answers something other than -32601 (called with no params)', async () => {
    const methods = await listed();
    const ws = await RawWsClient.open(node.devnet.wsUrl);
    try {
      for (const method of methods) {
        const response = await ws.call(method);
        expect({ method, code: response.error?.code }).not.toEqual({ method, code: -32601 });
        expect('result' in response || 'error' in response).toBe(true);
      }
    } finally {
      await ws.close();
    }
  });

  it('lists every method it serves: any known Substrate RPC that answers is in the list', async () => {
    const methods = new Set(await listed());
    const known = new Set<string>();
    for (const [section, definition] of Object.entries(definitions)) {
      const rpc = (definition as { rpc?: Record<string, { endpoint?: string; aliasSection?: string }> }).rpc ?? {};
      for (const [name, method] of Object.entries(rpc)) {
        known.add(method.endpoint ?? `${method.aliasSection ?? section}_${name}`);
      }
    }
    expect(known.size).toBeGreaterThan(100);
    const ws = await RawWsClient.open(node.devnet.wsUrl);
    try {
      for (const method of known) {
        const response = await ws.call(method);
        const served = response.error?.code !== -32601;
        expect({ method, served }).toEqual({ method, served: methods.has(method) });
      }
    } finally {
      await ws.close();
    }
  });

  it('shapes api.rpc: unlisted methods are removed, listed ones decorated', () => {
    const { api } = node;
    expect(typeof api.rpc.author.submitAndWatchExtrinsic).toBe('function');
    expect(typeof api.rpc.chain.subscribeFinalizedHeads).toBe('function');
    expect((api.rpc.author as Record<string, unknown>).rotateKeys).toBeUndefined();
  });

  it('answers an unknown method with -32601 Method not found', async () => {
    expect((await node.rpc('bazari_doesNotExist')).error).toEqual({ code: -32601, message: 'Method not found' });
  });
});
