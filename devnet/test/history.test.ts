/**
 * State at past blocks and competing branches, read through @polkadot/api and raw JSON-RPC:
 * `api.at(hash)`, `state_getKeysPaged`, `state_queryStorageAt`, and `dev_setHead` forks.
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Codec } from '@polkadot/types/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BZR, freeBalance, signAndWatch, startTestNode, type TestNode } from './helpers.ts';

let node: TestNode;
let alice: KeyringPair;
let bob: KeyringPair;

beforeAll(async () => {
  node = await startTestNode({ buildMode: 'manual' });
  ({ Alice: alice, Bob: bob } = node.accounts);
});

afterAll(async () => {
  await node?.close();
});

/** Signs and sends, builds the block that includes it, and returns that block's hash. */
async function include(tx: Parameters<typeof signAndWatch>[0], signer: KeyringPair): Promise<string> {
  const { blockHash } = await signAndWatch(tx, signer, {}, (result) => {
    if (result.status.isReady) node.newBlock().catch(() => undefined);
  });
  return blockHash;
}

describe('storage at historical blocks', () => {
  let before: string;
  let after: string;
  let newcomer: KeyringPair;
  const amount = 50n * BZR;

  beforeAll(async () => {
    newcomer = node.keyring.addFromUri('//HistoryNewcomer');
    before = (await node.api.rpc.chain.getBlockHash()).toHex();
    after = await include(node.api.tx.balances.transferKeepAlive(newcomer.address, amount), bob);
  });

  it('api.at(oldHash).query.system.account gives the balance at that block', async () => {
    const { api } = node;
    expect((await api.rpc.chain.getHeader(after)).parentHash.toHex()).toBe(before);
    expect(await freeBalance(api, newcomer.address, before)).toBe(0n);
    expect(await freeBalance(api, newcomer.address, after)).toBe(amount);
    expect(await freeBalance(api, newcomer.address)).toBe(amount);
    const bobBefore = await freeBalance(api, bob.address, before);
    expect(await freeBalance(api, bob.address, after)).toBeLessThan(bobBefore - amount);
    const apiAt = await api.at(before);
    expect((await apiAt.query.system.account(newcomer.address)).providers.toNumber()).toBe(0);
    expect((await apiAt.query.system.number()).toNumber()).toBe(
      (await api.rpc.chain.getHeader(before)).number.toNumber(),
    );
  });

  it('state_getKeysPaged pages through a prefix in key order, at the head and at an old block', async () => {
    const { api } = node;
    const prefix = api.query.system.account.keyPrefix();
    const page = async (hash: string, startKey?: string) =>
      (await node.rpc('state_getKeysPaged', [prefix, 2, startKey ?? null, hash])).result as string[];
    const all = async (hash: string) => {
      const keys: string[] = [];
      for (;;) {
        const next = await page(hash, keys.at(-1));
        keys.push(...next);
        if (next.length < 2) return keys;
      }
    };
    const keysAfter = await all(after);
    const keysBefore = await all(before);
    for (const key of keysAfter) expect(key.startsWith(prefix)).toBe(true);
    expect([...keysAfter].sort()).toEqual(keysAfter);
    expect(new Set(keysAfter).size).toBe(keysAfter.length);
    const newcomerKey = api.query.system.account.key(newcomer.address);
    expect(keysAfter).toContain(newcomerKey);
    expect(keysBefore).not.toContain(newcomerKey);
    expect(keysAfter.filter((key) => key !== newcomerKey)).toEqual(keysBefore);
    // The same set as polkadot-js's own paging (`.keys()`, itself state_getKeysPaged).
    const viaApi = (await (await api.at(after)).query.system.account.keys()).map((key) => key.toHex());
    expect([...viaApi].sort()).toEqual(keysAfter);
  });

  it('state_queryStorageAt answers the values of the keys at the given block, null for absent ones', async () => {
    const { api } = node;
    const keys = [api.query.system.account.key(newcomer.address), api.query.system.account.key(alice.address)];
    const at = async (hash: string) =>
      (await node.rpc('state_queryStorageAt', [keys, hash])).result as {
        block: string;
        changes: [string, string | null][];
      }[];
    const [old] = await at(before);
    expect(old.block).toBe(before);
    expect(old.changes).toEqual([
      [keys[0], null],
      [keys[1], (await node.rpc('state_getStorage', [keys[1], before])).result as string],
    ]);
    const [recent] = await at(after);
    expect(recent.changes[0][1]).toBe((await node.rpc('state_getStorage', [keys[0], after])).result);
    const decoded = api.createType('FrameSystemAccountInfo', recent.changes[0][1]);
    expect((decoded as unknown as { data: { free: { toBigInt(): bigint } } }).data.free.toBigInt()).toBe(amount);
    // @polkadot/api's decoration of the same call.
    const viaApi = (await api.rpc.state.queryStorageAt(keys, before)) as unknown as Codec[];
    expect(viaApi.map((value) => value.toHex())).toEqual(['0x', old.changes[1][1]]);
  });

  it('a query at a block the node does not have is an error, not a crash', async () => {
    const unknown = `0x${'ab'.repeat(32)}`;
    const response = await node.rpc('state_getStorage', [node.api.query.system.number.key(), unknown]);
    expect(response.error?.code).toBe(4003);
    expect(response.error?.message).toContain('UnknownBlock');
  });
});

describe('dev_setHead: a competing branch', () => {
  it('builds on an older block; chain_getBlockHash(n) changes; the abandoned block stays readable', async () => {
    const { api } = node;
    const charlie = node.accounts.Charlie;
    const amount = 3n * BZR;
    const forkPoint = (await api.rpc.chain.getHeader()).number.toNumber();
    const forkPointHash = (await api.rpc.chain.getBlockHash(forkPoint)).toHex();
    const charlieAtFork = await freeBalance(api, charlie.address);

    // Branch A: block n carries a transfer to Charlie, then one more block.
    const oldBlock = await include(api.tx.balances.transferKeepAlive(charlie.address, amount), alice);
    const n = forkPoint + 1;
    expect((await api.rpc.chain.getBlockHash(n)).toHex()).toBe(oldBlock);
    const oldTip = await node.newBlock();
    expect(await freeBalance(api, charlie.address, oldBlock)).toBe(charlieAtFork + amount);

    // Back to the fork point; branch B's block n carries something else.
    expect(node.devnet.chain.head.number).toBe(n + 1);
    const newHead = await api.rpc('dev_setHead' as never, forkPoint as never);
    expect(String(newHead)).toBe(forkPointHash);
    expect((await api.rpc.chain.getHeader()).hash.toHex()).toBe(forkPointHash);
    const newBlock = await include(api.tx.system.remarkWithEvent('0xb0b0'), bob);
    const newTip = await node.newBlock();

    expect(newBlock).not.toBe(oldBlock);
    expect((await api.rpc.chain.getBlockHash(n)).toHex()).toBe(newBlock);
    expect((await api.rpc.chain.getBlockHash(n + 1)).toHex()).toBe(newTip);
    expect((await api.rpc.chain.getHeader(newBlock)).parentHash.toHex()).toBe(forkPointHash);

    // The abandoned branch is still stored and readable by hash, state included.
    const abandoned = await api.rpc.chain.getBlock(oldBlock);
    expect(abandoned.block.header.number.toNumber()).toBe(n);
    expect(abandoned.block.header.parentHash.toHex()).toBe(forkPointHash);
    expect((await api.rpc.chain.getHeader(oldTip)).parentHash.toHex()).toBe(oldBlock);
    expect(await freeBalance(api, charlie.address, oldBlock)).toBe(charlieAtFork + amount);
    expect(await freeBalance(api, charlie.address, newBlock)).toBe(charlieAtFork);
    expect(await freeBalance(api, charlie.address)).toBe(charlieAtFork);
  });

  it('refuses a transaction whose mortal era is anchored on the abandoned branch (bad signature)', async () => {
    const { api } = node;
    const forkPoint = (await api.rpc.chain.getHeader()).number.toNumber();
    const abandoned = await node.newBlock();
    await api.rpc('dev_setHead' as never, forkPoint as never);
    // The canonical block at the same height carries a transaction the abandoned one lacks.
    const other = await node.api.tx.system.remark('0x0ade').signAsync(node.accounts.Dave, { nonce: -1 });
    expect((await node.rpc('author_submitExtrinsic', [other.toHex()])).error).toBeUndefined();
    await node.newBlock();
    await node.newBlock();
    expect((await api.rpc.chain.getBlockHash(forkPoint + 1)).toHex()).not.toBe(abandoned);

    const era = api.createType('ExtrinsicEra', { current: forkPoint + 1, period: 64 });
    const tx = api.tx.system.remark('0x00');
    await tx.signAsync(alice, { era, blockHash: abandoned, nonce: -1 });
    // The checkpoint the runtime reads (System.BlockHash of the birth block) is the canonical block's hash,
    // so the signed payload does not match: as on Substrate, a bad signature.
    const response = await node.rpc('author_submitExtrinsic', [tx.toHex()]);
    expect(response.error).toEqual({
      code: 1010,
      message: 'Invalid Transaction',
      data: 'Transaction has a bad signature',
    });
  });
});
