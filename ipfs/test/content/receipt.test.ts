import { u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CanonicalJsonError,
  ContentValidationError,
  canonicalJson,
  parseReceipt,
  type Receipt,
  receiptSigningPayload,
  signReceipt,
  signReceiptWithExtension,
  verifyReceipt,
} from '../../src/content/index.ts';
import { ALICE, accounts, BOB, SCRIPT, unsignedReceipt } from './fixtures.ts';

let keys: Awaited<ReturnType<typeof accounts>>;
beforeAll(async () => {
  keys = await accounts();
});

describe('canonical JSON', () => {
  it('sorts keys at every depth, has no whitespace, writes bigints as decimal strings', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ amount: 2n ** 100n })).toBe('{"amount":"1267650600228229401496703205376"}');
    expect(canonicalJson({ a: undefined, b: -0, c: null, d: 'é\n"' })).toBe('{"b":0,"c":null,"d":"é\\n\\""}');
    expect(canonicalJson({ Z: 1, a: 2, _: 3 })).toBe('{"Z":1,"_":3,"a":2}');
  });

  it('refuses what has no single JSON form', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ a: Number.POSITIVE_INFINITY })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson([undefined])).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ a: new Date(0) })).toThrow(/not a plain object/);
    expect(() => canonicalJson({ a: () => 1 })).toThrow(CanonicalJsonError);
  });
});

describe('order receipt', () => {
  it('is signed by the buyer and verifies offline', async () => {
    const receipt = signReceipt(unsignedReceipt(BOB), keys.bob);
    expect(receipt.signature).toMatch(/^0x[0-9a-f]{128}$/);
    expect(receipt.signer).toBe(BOB);
    const result = await verifyReceipt(receipt);
    expect(result).toEqual({ valid: true, receipt });
    // Through JSON and back, with keys in another order: the canonical form is the same.
    const shuffled = Object.fromEntries(Object.entries(JSON.parse(JSON.stringify(receipt))).reverse());
    expect((await verifyReceipt(shuffled)).valid).toBe(true);
  });

  it('can be minted by the seller, not by a third party', async () => {
    const receipt = signReceipt(unsignedReceipt(ALICE), keys.alice);
    expect((await verifyReceipt(receipt)).valid).toBe(true);
    expect(() => signReceipt(unsignedReceipt(keys.charlie.address), keys.charlie)).toThrow(/buyer or the seller/);
    expect(() => signReceipt(unsignedReceipt(BOB), keys.alice)).toThrow(/another signer/);
    expect(() => signReceipt(unsignedReceipt(ALICE), keys.ed25519)).toThrow(/sr25519/);
  });

  it('fails verification when any field is tampered with', async () => {
    const receipt = signReceipt(unsignedReceipt(BOB), keys.bob);
    const tampered: Array<[string, (doc: Receipt) => void]> = [
      ['orderId', (doc) => (doc.orderId = '8')],
      ['storeId', (doc) => (doc.storeId = '2')],
      ['genesisHash', (doc) => (doc.genesisHash = `0x${'f'.repeat(64)}`)],
      ['item title', (doc) => (doc.items[0].title = 'Something else')],
      [
        'quantity and fee split',
        (doc) => {
          doc.items[0].quantity = 3;
          doc.amounts.total = (BigInt(doc.amounts.total) + 12500000000000n).toString();
          doc.amounts.sellerAmount = (BigInt(doc.amounts.sellerAmount) + 12500000000000n).toString();
        },
      ],
      [
        'fee split',
        (doc) => {
          doc.amounts.platformFee = (BigInt(doc.amounts.platformFee) - 1n).toString();
          doc.amounts.sellerAmount = (BigInt(doc.amounts.sellerAmount) + 1n).toString();
        },
      ],
      ['block number', (doc) => (doc.steps[1].blockNumber = 16)],
      ['extrinsic hash', (doc) => (doc.steps[2].extrinsicHash = `0x${'0'.repeat(64)}`)],
      ['issuedAt', (doc) => (doc.issuedAt = '2026-11-22T07:00:01.000Z')],
      ['signer swapped to the seller', (doc) => (doc.signer = ALICE)],
      ['signature', (doc) => (doc.signature = `${doc.signature.slice(0, -2)}00`)],
    ];
    for (const [name, mutate] of tampered) {
      const doc = structuredClone(receipt);
      mutate(doc);
      const result = await verifyReceipt(doc);
      expect(result.valid, name).toBe(false);
    }
  });

  it('refuses inconsistent or malformed receipts', async () => {
    const receipt = signReceipt(unsignedReceipt(BOB), keys.bob);
    const check = async (doc: unknown, pattern: RegExp) => {
      const result = await verifyReceipt(doc);
      expect(result.valid).toBe(false);
      if (!result.valid) expect(result.error).toMatch(pattern);
    };
    await check({ ...receipt, extra: 1 }, /extra/i);
    await check({ ...receipt, amounts: { ...receipt.amounts, total: '1' } }, /sum of the items/);
    await check({ ...receipt, amounts: { ...receipt.amounts, platformFee: '0' } }, /platformFee \+ sellerAmount/);
    await check({ ...receipt, amounts: { ...receipt.amounts, total: 12 } }, /amounts/);
    await check({ ...receipt, steps: [...receipt.steps].reverse() }, /block order/);
    await check({ ...receipt, items: [] }, /items/);
    await check({ ...receipt, signature: undefined }, /signature/);
    await check({ ...receipt, items: [{ ...receipt.items[0], title: SCRIPT.repeat(3) }] }, /items/);
    expect(() => parseReceipt({ ...receipt, orderId: 7 })).toThrow(ContentValidationError);
  });

  it('keeps a script in an item title as text, and still verifies', async () => {
    const unsigned = unsignedReceipt(BOB);
    unsigned.items[0].title = '<script>alert(1)</script>';
    const receipt = signReceipt(unsigned, keys.bob);
    const result = await verifyReceipt(JSON.parse(JSON.stringify(receipt)));
    expect(result.valid && result.receipt.items[0].title).toBe('<script>alert(1)</script>');
  });

  it('verifies a signature made by a wallet extension (signRaw signs <Bytes>-wrapped data)', async () => {
    const receipt = await signReceiptWithExtension(unsignedReceipt(BOB), async ({ address, data, type }) => {
      expect(address).toBe(BOB);
      expect(type).toBe('bytes');
      expect(data).toBe(u8aToHex(receiptSigningPayload(unsignedReceipt(BOB))));
      return { signature: u8aToHex(keys.bob.sign(u8aWrapBytes(data))) };
    });
    expect((await verifyReceipt(receipt)).valid).toBe(true);
  });
});
