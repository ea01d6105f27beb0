/**
 * Transactions the pool refuses, each with the JSON-RPC error a Substrate node answers (`sc-rpc-api` author
 * errors: 1010 invalid, 1011 unknown validity, 1012 banned, 1013 already imported), and a future nonce
 * waiting in the pool until the gap is filled. Transactions are built and signed by @polkadot/api.
 */
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { ISubmittableResult } from '@polkadot/types/types';
import { compactFromU8a, u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deferred, RawWsClient, startTestNode, type TestNode } from './helpers.ts';

let node: TestNode;

beforeAll(async () => {
  // Manual block production: what is in the pool stays there until a test builds a block.
  node = await startTestNode({ buildMode: 'manual', finalityLag: 1 });
});

afterAll(async () => {
  await node?.close();
});

async function signed(tx: SubmittableExtrinsic<'promise'>, pair: KeyringPair, nonce?: number): Promise<string> {
  await tx.signAsync(pair, { nonce: nonce ?? -1 });
  return tx.toHex();
}

async function submit(extrinsic: string) {
  return node.rpc('author_submitExtrinsic', [extrinsic]);
}

async function expectRejected(extrinsic: string, error: { code: number; message: string; data?: unknown }) {
  const response = await submit(extrinsic);
  expect(response.result).toBeUndefined();
  expect(response.error).toEqual(error);
}

const invalidTransaction = (data: string) => ({ code: 1010, message: 'Invalid Transaction', data });

describe('1010 Invalid Transaction', () => {
  it('a bad signature: "Transaction has a bad signature", also through submitAndWatch and @polkadot/api', async () => {
    const { api, accounts } = node;
    const tx = api.tx.system.remark('0x1234');
    const bytes = (await tx.signAsync(accounts.Alice, { nonce: -1 })).toU8a();
    // compact length | 0x84 | MultiAddress::Id (1 + 32) | MultiSignature::Sr25519 (1 + 64) | …
    const [prefixLength] = compactFromU8a(bytes);
    const signatureStart = prefixLength + 1 + 33 + 1;
    expect(bytes[signatureStart - 1]).toBe(1);
    bytes[signatureStart + 10] ^= 0xff;
    const corrupted = u8aToHex(bytes);

    await expectRejected(corrupted, invalidTransaction('Transaction has a bad signature'));

    const ws = await RawWsClient.open(node.devnet.wsUrl);
    try {
      const watched = await ws.call('author_submitAndWatchExtrinsic', [corrupted]);
      expect(watched.error).toEqual(invalidTransaction('Transaction has a bad signature'));
    } finally {
      await ws.close();
    }
    await expect(api.rpc.author.submitExtrinsic(corrupted)).rejects.toThrow(
      '1010: Invalid Transaction: Transaction has a bad signature',
    );
  });

  it('a signature by another key for the claimed signer is a bad signature too', async () => {
    const { api, accounts } = node;
    const tx = api.tx.system.remark('0x99');
    const nonce = (await api.rpc.system.accountNextIndex(accounts.Alice.address)).toNumber();
    // Bob signs the payload, the extrinsic claims Alice.
    await tx.signAsync(accounts.Alice.address, {
      nonce,
      signer: {
        signPayload: async (payload) => {
          const bytes = api.registry.createType('ExtrinsicPayload', payload, { version: payload.version });
          return { id: 1, signature: bytes.sign(accounts.Bob).signature };
        },
      },
    });
    await expectRejected(tx.toHex(), invalidTransaction('Transaction has a bad signature'));
  });

  it('a stale nonce: "Transaction is outdated"', async () => {
    const { api, accounts } = node;
    const nonce = (await api.rpc.system.accountNextIndex(accounts.Eve.address)).toNumber();
    const first = await signed(api.tx.system.remark('0x01'), accounts.Eve, nonce);
    expect((await submit(first)).error).toBeUndefined();
    await node.newBlock();
    expect((await api.query.system.account(accounts.Eve.address)).nonce.toNumber()).toBe(nonce + 1);

    const replay = await signed(api.tx.system.remark('0x02'), accounts.Eve, nonce);
    await expectRejected(replay, invalidTransaction('Transaction is outdated'));
  });

  it('an account without funds: "Inability to pay some fees (e.g. account balance too low)"', async () => {
    const { api } = node;
    const pauper = node.keyring.addFromUri('//Pauper');
    expect((await api.query.system.account(pauper.address)).data.free.toBigInt()).toBe(0n);
    const extrinsic = await signed(api.tx.system.remark('0x00'), pauper, 0);
    await expectRejected(extrinsic, invalidTransaction('Inability to pay some fees (e.g. account balance too low)'));
  });

  it('a mortal era born after the head: "Transaction has an ancient birth block"', async () => {
    const { api, accounts } = node;
    const head = await api.rpc.chain.getHeader();
    const headNumber = head.number.toNumber();
    // Period 64, phase = head + 20: the birth block (the phase) is a block the chain has not reached,
    // so System.BlockHash has no entry for it, as for a birth block older than BlockHashCount.
    expect(headNumber + 20).toBeLessThan(64);
    const era = api.createType('ExtrinsicEra', { current: headNumber + 20, period: 64 });
    const tx = api.tx.system.remark('0x00');
    await tx.signAsync(accounts.Alice, { era, blockHash: head.hash, nonce: -1 });
    expect(tx.era.asMortalEra.phase.toNumber()).toBe(headNumber + 20);
    await expectRejected(tx.toHex(), invalidTransaction('Transaction has an ancient birth block'));
  });

  it('longer than the normal-class block length (a 4 MiB remark): "Transaction would exhaust the block limits"', async () => {
    const { api, accounts } = node;
    const maxLength = api.consts.system.blockLength.max.normal.toNumber();
    const remark = new Uint8Array(4 * 1024 * 1024).fill(0x42);
    expect(remark.length).toBeGreaterThan(maxLength);
    const extrinsic = await signed(api.tx.system.remark(u8aToHex(remark)), accounts.Alice);
    await expectRejected(extrinsic, invalidTransaction('Transaction would exhaust the block limits'));
  });

  it('heavier than the max extrinsic weight (a large utility.batch): "Transaction would exhaust the block limits"', async () => {
    const { api, accounts } = node;
    const call = api.tx.balances.transferKeepAlive(accounts.Bob.address, 1n);
    const weightOf = async (calls: number) =>
      (await api.tx.utility.batch(Array(calls).fill(call)).paymentInfo(accounts.Alice)).weight.refTime.toBigInt();
    const perCall = (await weightOf(2)) - (await weightOf(1));
    const maxExtrinsic = api.consts.system.blockWeights.perClass.normal.maxExtrinsic.unwrap().refTime.toBigInt();
    const count = Number(maxExtrinsic / perCall) + 10;
    expect(count).toBeLessThanOrEqual(api.consts.utility.batchedCallsLimit.toNumber());
    const batch = api.tx.utility.batch(Array(count).fill(call));
    expect((await batch.paymentInfo(accounts.Alice)).weight.refTime.toBigInt()).toBeGreaterThan(maxExtrinsic);
    const extrinsic = await signed(batch, accounts.Alice);
    await expectRejected(extrinsic, invalidTransaction('Transaction would exhaust the block limits'));
  });

  it('an unsigned inherent (Timestamp.set): "Transaction dispatch is mandatory; transactions must not be validated."', async () => {
    const { api } = node;
    const inherent = api.tx.timestamp.set(Date.now()).toHex();
    await expectRejected(
      inherent,
      invalidTransaction('Transaction dispatch is mandatory; transactions must not be validated.'),
    );
  });
});

describe('1011 Unknown Transaction Validity', () => {
  it('an unsigned call that is not an inherent has no unsigned validator', async () => {
    const { api } = node;
    const unsigned = api.tx.system.remark('0x00');
    expect(unsigned.isSigned).toBe(false);
    await expectRejected(unsigned.toHex(), {
      code: 1011,
      message: 'Unknown Transaction Validity',
      data: 'NoUnsignedValidator',
    });
  });
});

describe('1012 / 1013: resubmission', () => {
  it('a pending transaction is "Transaction Already Imported" (1013), an included one "temporarily banned" (1012)', async () => {
    const { api, accounts } = node;
    const tx = api.tx.system.remark('0xabcdef');
    const extrinsic = await signed(tx, accounts.Charlie);
    const accepted = await submit(extrinsic);
    expect(accepted).toMatchObject({ result: tx.hash.toHex() });
    expect((await node.rpc('author_pendingExtrinsics')).result).toContain(extrinsic);

    const again = await submit(extrinsic);
    expect(again.error).toMatchObject({ code: 1013, message: 'Transaction Already Imported' });

    const blockHash = await node.newBlock();
    const block = await api.rpc.chain.getBlock(blockHash);
    expect(block.block.extrinsics.map((included) => included.toHex())).toContain(extrinsic);
    expect((await node.rpc('author_pendingExtrinsics')).result).toEqual([]);

    await expectRejected(extrinsic, { code: 1012, message: 'Transaction is temporarily banned' });
  });
});

describe('a future nonce', () => {
  it('waits in the pool as "future", becomes "ready" once the gap is filled, and both go in the next block', async () => {
    const { api, accounts } = node;
    const dave = accounts.Dave;
    const nonce = (await api.rpc.system.accountNextIndex(dave.address)).toNumber();

    const laterStatuses: string[] = [];
    const laterFuture = deferred();
    const laterReady = deferred();
    const laterInBlock = deferred<ISubmittableResult>();
    const later = api.tx.system.remarkWithEvent('0x0202');
    const stopLater = await later.signAndSend(dave, { nonce: nonce + 1 }, (result) => {
      laterStatuses.push(result.status.type);
      if (result.status.isFuture) laterFuture.resolve();
      if (result.status.isReady) laterReady.resolve();
      if (result.status.isInBlock) laterInBlock.resolve(result);
    });
    await laterFuture.promise;
    // Not ready: the pool's ready list leaves it out and the account's next index stays at the gap.
    expect((await node.rpc('author_pendingExtrinsics')).result).toEqual([]);
    expect((await api.rpc.system.accountNextIndex(dave.address)).toNumber()).toBe(nonce);
    await node.newBlock();
    expect((await api.query.system.account(dave.address)).nonce.toNumber()).toBe(nonce);
    expect(laterStatuses).toEqual(['Future']);

    const firstInBlock = deferred<ISubmittableResult>();
    const first = api.tx.system.remarkWithEvent('0x0101');
    const stopFirst = await first.signAndSend(dave, { nonce }, (result) => {
      if (result.status.isInBlock) firstInBlock.resolve(result);
    });
    await laterReady.promise;
    expect(laterStatuses).toEqual(['Future', 'Ready']);
    expect((await node.rpc('author_pendingExtrinsics')).result).toHaveLength(2);
    expect((await api.rpc.system.accountNextIndex(dave.address)).toNumber()).toBe(nonce + 2);

    const blockHash = await node.newBlock();
    const [firstResult, laterResult] = await Promise.all([firstInBlock.promise, laterInBlock.promise]);
    stopFirst();
    stopLater();
    expect(firstResult.status.asInBlock.toHex()).toBe(blockHash);
    expect(laterResult.status.asInBlock.toHex()).toBe(blockHash);
    expect(laterStatuses).toEqual(['Future', 'Ready', 'InBlock']);
    const block = await api.rpc.chain.getBlock(blockHash);
    expect(block.block.extrinsics.slice(1).map((extrinsic) => extrinsic.hash.toHex())).toEqual([
      first.hash.toHex(),
      later.hash.toHex(),
    ]);
    expect((await api.query.system.account(dave.address)).nonce.toNumber()).toBe(nonce + 2);
  });
});
