/**
 * The signature verifier thread that `author_submitExtrinsic` checks signatures on: the same verdicts as the
 * node's own verification, batches of checks, and a fallback (a `false` answer, after which the pool verifies
 * itself) once closed. Then many transfers submitted at once, out of nonce order, over one connection.
 */
import { ed25519PairFromSeed, ed25519Sign, sr25519PairFromSeed, sr25519Sign } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignatureVerifier } from '../src/runtime/signature-verifier.ts';
import { BZR, startTestNode, type TestNode } from './helpers.ts';

describe('SignatureVerifier', () => {
  const message = new TextEncoder().encode('payload signed by the account');
  const sr = sr25519PairFromSeed(new Uint8Array(32).fill(1));
  const ed = ed25519PairFromSeed(new Uint8Array(32).fill(2));

  it('gives the verdicts of schnorrkel and ed25519, a batch at a time', async () => {
    const verifier = new SignatureVerifier();
    try {
      const srSignature = sr25519Sign(message, sr);
      const edSignature = ed25519Sign(message, ed);
      const tampered = srSignature.slice();
      tampered[5] ^= 1;
      const verdicts = await Promise.all([
        verifier.verify({ scheme: 'Sr25519', payload: message, signature: srSignature, publicKey: sr.publicKey }),
        verifier.verify({ scheme: 'Ed25519', payload: message, signature: edSignature, publicKey: ed.publicKey }),
        verifier.verify({ scheme: 'Sr25519', payload: message, signature: tampered, publicKey: sr.publicKey }),
        verifier.verify({ scheme: 'Sr25519', payload: message, signature: srSignature, publicKey: ed.publicKey }),
        verifier.verify({
          scheme: 'Ed25519',
          payload: message.slice(1),
          signature: edSignature,
          publicKey: ed.publicKey,
        }),
        verifier.verify({ scheme: 'Sr25519', payload: message, signature: new Uint8Array(3), publicKey: sr.publicKey }),
      ]);
      expect(verdicts).toEqual([true, true, false, false, false, false]);
    } finally {
      await verifier.close();
    }
  });

  it('keeps its verdicts on signatures schnorrkel cannot parse, once the key is known', async () => {
    const verifier = new SignatureVerifier();
    const check = (signature: Uint8Array, payload = message) =>
      verifier.verify({ scheme: 'Sr25519', payload, signature, publicKey: sr.publicKey });
    try {
      // The first valid signature makes the key known: later checks take the faster verifier.
      expect(await check(sr25519Sign(message, sr))).toBe(true);
      const signature = sr25519Sign(message, sr);
      const unmarked = signature.slice();
      unmarked[63] &= 0x7f;
      const groupOrder = Uint8Array.from([
        237,
        211,
        245,
        92,
        26,
        99,
        18,
        88,
        214,
        156,
        247,
        162,
        222,
        249,
        222,
        20,
        ...new Array(15).fill(0),
        16,
      ]);
      const nonCanonical = signature.slice();
      nonCanonical.set(groupOrder, 32);
      nonCanonical[63] |= 0x80;
      const allOnes = signature.slice();
      allOnes.fill(0xff, 32);
      const badPoint = signature.slice();
      badPoint.fill(0xff, 0, 32);
      const verdicts = await Promise.all([
        check(signature),
        check(signature, message.slice(1)),
        check(unmarked),
        check(nonCanonical),
        check(allOnes),
        check(badPoint),
        check(signature),
      ]);
      expect(verdicts).toEqual([true, false, false, false, false, false, true]);
    } finally {
      await verifier.close();
    }
  });

  it('answers false once closed, so that callers verify on their own', async () => {
    const verifier = new SignatureVerifier();
    await verifier.close();
    const signature = sr25519Sign(message, sr);
    expect(await verifier.verify({ scheme: 'Sr25519', payload: message, signature, publicKey: sr.publicKey })).toBe(
      false,
    );
  });
});

describe('author_submitExtrinsic with the verifier', () => {
  let node: TestNode;

  beforeAll(async () => {
    node = await startTestNode();
  });

  afterAll(async () => {
    await node?.close();
  });

  it('accepts a burst of transfers in any nonce order and includes them all', async () => {
    const { api, accounts } = node;
    const senders = [accounts.Alice, accounts.Bob, accounts.Charlie];
    const perSender = 20;
    const signed: string[] = [];
    for (const sender of senders) {
      const nonce = (await api.rpc.system.accountNextIndex(sender.address)).toNumber();
      for (let index = 0; index < perSender; index++) {
        const tx = api.tx.balances.transferKeepAlive(accounts.Dave.address, BZR);
        signed.push((await tx.signAsync(sender, { nonce: nonce + index, era: 0 })).toHex());
      }
    }
    // Highest nonces first: they wait in the pool as future transactions until the lower ones arrive.
    const responses = await Promise.all(signed.reverse().map((tx) => api.rpc.author.submitExtrinsic(tx)));
    expect(new Set(responses.map((hash) => hash.toHex())).size).toBe(signed.length);
    for (let attempt = 0; attempt < 50 && (await api.rpc.author.pendingExtrinsics()).length > 0; attempt++) {
      await node.newBlock();
    }
    expect((await api.rpc.author.pendingExtrinsics()).length).toBe(0);
    for (const sender of senders) {
      const next = (await api.rpc.system.accountNextIndex(sender.address)).toNumber();
      const { nonce } = (await api.query.system.account(sender.address)) as unknown as {
        nonce: { toNumber(): number };
      };
      expect(nonce.toNumber()).toBe(next);
    }
    expect(node.errors()).toEqual([]);
  });
});
