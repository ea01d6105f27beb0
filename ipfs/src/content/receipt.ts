/**
 * The order receipt: what was bought, for how much, how the escrow was split, and the block and
 * extrinsic of every step, signed (sr25519) by the party who mints it, the buyer or the seller.
 *
 * The signature covers the canonical JSON (see `canonical.ts`) of the document without its
 * `signature` field, the signer's address included. The wallet extension's `signRaw` signs
 * `<Bytes>…</Bytes>`-wrapped messages: both the bare and the wrapped form verify. Anyone can then
 * check a receipt offline (`verifyReceipt`), against its CID (the bytes on IPFS), and against the
 * chain (the block numbers and extrinsic hashes).
 */

import { u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { cryptoWaitReady, decodeAddress, sr25519Verify } from '@polkadot/util-crypto';
import { z } from 'zod';
import { canonicalJsonBytes } from './canonical.ts';
import { address, amount, hash32, isoTime, label, parseWith, sameAccount, u32, u64 } from './common.ts';

export const RECEIPT_SCHEMA = 'bazari/receipt@1';
export const MAX_RECEIPT_ITEMS = 32; // the pallet's MaxItemsPerOrder

export const receiptItemSchema = z.strictObject({
  listingId: u64,
  title: label(140).optional(),
  quantity: u32.min(1),
  /** Unit price in planck. */
  unitPrice: amount,
});

export const receiptStepSchema = z.strictObject({
  step: z.enum(['created', 'paid', 'shipped', 'completed', 'cancelled', 'disputed', 'resolved', 'refunded']),
  blockNumber: u32,
  blockHash: hash32.optional(),
  extrinsicHash: hash32,
});

const unsignedReceiptShape = {
  $schema: z.literal(RECEIPT_SCHEMA),
  /** The chain's genesis hash: a receipt is only valid on the chain it names. */
  genesisHash: hash32,
  orderId: u64,
  storeId: u64,
  buyer: address,
  seller: address,
  /** The asset the order was paid in (orders are paid in BZR). */
  asset: z.literal('BZR'),
  items: z.array(receiptItemSchema).min(1).max(MAX_RECEIPT_ITEMS),
  amounts: z.strictObject({
    total: amount,
    platformFee: amount,
    sellerAmount: amount,
  }),
  steps: z.array(receiptStepSchema).min(1).max(16),
  issuedAt: isoTime,
  signer: address,
};

type Amounts = { total: string; platformFee: string; sellerAmount: string };
type Item = { quantity: number; unitPrice: string };
type Step = { blockNumber: number };

/** The rules between fields: amounts add up, steps in block order, the signer is a party. */
function checkConsistency(
  doc: { items: Item[]; amounts: Amounts; steps: Step[]; buyer: string; seller: string; signer: string },
  ctx: z.RefinementCtx,
): void {
  try {
    checkAmounts(doc, ctx);
  } catch {
    ctx.addIssue({ code: 'custom', path: ['amounts'], message: 'amounts must be decimal strings' });
  }
  for (let index = 1; index < doc.steps.length; index++) {
    if (doc.steps[index].blockNumber < doc.steps[index - 1].blockNumber) {
      ctx.addIssue({ code: 'custom', path: ['steps', index, 'blockNumber'], message: 'steps must be in block order' });
    }
  }
  if (!sameAccount(doc.signer, doc.buyer) && !sameAccount(doc.signer, doc.seller)) {
    ctx.addIssue({ code: 'custom', path: ['signer'], message: 'the signer must be the buyer or the seller' });
  }
}

function checkAmounts(doc: { items: Item[]; amounts: Amounts }, ctx: z.RefinementCtx): void {
  const itemsTotal = doc.items.reduce((sum, item) => sum + BigInt(item.quantity) * BigInt(item.unitPrice), 0n);
  if (itemsTotal !== BigInt(doc.amounts.total)) {
    ctx.addIssue({ code: 'custom', path: ['amounts', 'total'], message: 'total is not the sum of the items' });
  }
  if (BigInt(doc.amounts.platformFee) + BigInt(doc.amounts.sellerAmount) !== BigInt(doc.amounts.total)) {
    ctx.addIssue({ code: 'custom', path: ['amounts'], message: 'platformFee + sellerAmount must equal total' });
  }
}

export const unsignedReceiptSchema = z.strictObject(unsignedReceiptShape).superRefine(checkConsistency);

export const receiptSchema = z
  .strictObject({
    ...unsignedReceiptShape,
    /** sr25519 signature of the canonical JSON without this field, 0x-prefixed hex. */
    signature: z.string().regex(/^0x[0-9a-f]{128}$/, { message: 'a 0x-prefixed 64-byte lowercase hex signature' }),
  })
  .superRefine(checkConsistency);

export type UnsignedReceipt = z.output<typeof unsignedReceiptSchema>;
export type Receipt = z.output<typeof receiptSchema>;

export function parseReceipt(value: unknown): Receipt {
  return parseWith(receiptSchema, 'receipt', value);
}

/** The bytes a receipt's signature covers: canonical JSON of the receipt without `signature`. */
export function receiptSigningPayload(receipt: UnsignedReceipt | Receipt): Uint8Array {
  const { signature: _signature, ...unsigned } = receipt as Receipt;
  return canonicalJsonBytes(unsigned);
}

/** A key that signs raw bytes, such as a `@polkadot/keyring` sr25519 `KeyringPair`. */
export interface ReceiptSigner {
  readonly address: string;
  readonly type?: string;
  sign(message: Uint8Array): Uint8Array;
}

/** Validates `unsigned` (its `signer` must be `signer.address`) and signs it. */
export function signReceipt(unsigned: UnsignedReceipt, signer: ReceiptSigner): Receipt {
  if (signer.type !== undefined && signer.type !== 'sr25519') throw new Error('receipts are signed with sr25519 keys');
  const parsed = parseWith(unsignedReceiptSchema, 'receipt', unsigned);
  if (!sameAccount(parsed.signer, signer.address)) throw new Error('the receipt names another signer');
  return { ...parsed, signature: u8aToHex(signer.sign(receiptSigningPayload(parsed))) };
}

/**
 * Signs with a wallet extension's `signRaw` (`{ address, data, type: 'bytes' }` → `{ signature }`),
 * which signs the `<Bytes>`-wrapped payload; `verifyReceipt` accepts that form.
 */
export async function signReceiptWithExtension(
  unsigned: UnsignedReceipt,
  signRaw: (payload: { address: string; data: string; type: 'bytes' }) => Promise<{ signature: string }>,
): Promise<Receipt> {
  const parsed = parseWith(unsignedReceiptSchema, 'receipt', unsigned);
  const { signature } = await signRaw({
    address: parsed.signer,
    data: u8aToHex(receiptSigningPayload(parsed)),
    type: 'bytes',
  });
  return parseReceipt({ ...parsed, signature: signature.toLowerCase() });
}

export type ReceiptVerification = { valid: true; receipt: Receipt } | { valid: false; error: string };

/** Checks a receipt offline: schema, amounts, signer is a party, and the sr25519 signature. */
export async function verifyReceipt(document: unknown): Promise<ReceiptVerification> {
  const parsed = receiptSchema.safeParse(document);
  if (!parsed.success) return { valid: false, error: z.prettifyError(parsed.error) };
  await cryptoWaitReady();
  const receipt = parsed.data;
  const payload = receiptSigningPayload(receipt);
  const publicKey = decodeAddress(receipt.signer);
  const ok =
    sr25519Matches(payload, receipt.signature, publicKey) ||
    sr25519Matches(u8aWrapBytes(payload), receipt.signature, publicKey);
  return ok
    ? { valid: true, receipt }
    : { valid: false, error: 'bad signature: not signed by the signer, or tampered with' };
}

/** sr25519 verification that treats a malformed signature (no Schnorrkel marker) as a mismatch. */
function sr25519Matches(message: Uint8Array, signature: string, publicKey: Uint8Array): boolean {
  try {
    return sr25519Verify(message, signature, publicKey);
  } catch {
    return false;
  }
}
