/**
 * The encrypted envelope: NaCl `box` (X25519 + XSalsa20-Poly1305) from a fresh ephemeral key pair
 * to the recipient's X25519 public key. Shipping addresses are sealed to the store's
 * `encryption_key` (Commerce), dispute evidence to each juror's key. The ephemeral secret key is
 * dropped after sealing, so only the recipient can open the envelope; anyone can see its size.
 *
 * ```json
 * { "$schema": "bazari/envelope@1", "alg": "x25519-xsalsa20-poly1305",
 *   "epk": "<base64, 32 bytes>", "nonce": "<base64, 24 bytes>", "ciphertext": "<base64>" }
 * ```
 */

import nacl from 'tweetnacl';
import { z } from 'zod';
import { decodeBase64, encodeBase64 } from './base64.ts';
import { canonicalJsonBytes } from './canonical.ts';
import { parseWith } from './common.ts';

export const ENVELOPE_SCHEMA = 'bazari/envelope@1';
export const ENVELOPE_ALG = 'x25519-xsalsa20-poly1305';
/** The largest plaintext an envelope carries (1 MiB): evidence files go to IPFS and are referenced by CID. */
export const MAX_ENVELOPE_PLAINTEXT = 1024 * 1024;

const base64Bytes = (min: number, max: number) =>
  z
    .string()
    .max(Math.ceil(max / 3) * 4)
    .refine(
      (value) => {
        const bytes = decodeBase64(value);
        return bytes !== null && bytes.length >= min && bytes.length <= max;
      },
      { message: min === max ? `base64 of exactly ${min} bytes` : `base64 of ${min}..${max} bytes` },
    );

export const envelopeSchema = z.strictObject({
  $schema: z.literal(ENVELOPE_SCHEMA),
  alg: z.literal(ENVELOPE_ALG),
  /** The sender's ephemeral X25519 public key. */
  epk: base64Bytes(nacl.box.publicKeyLength, nacl.box.publicKeyLength),
  nonce: base64Bytes(nacl.box.nonceLength, nacl.box.nonceLength),
  /** `box` output: Poly1305 tag (16 bytes) followed by the encrypted plaintext. */
  ciphertext: base64Bytes(nacl.box.overheadLength, MAX_ENVELOPE_PLAINTEXT + nacl.box.overheadLength),
});

export type Envelope = z.output<typeof envelopeSchema>;

export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';
}

/** A recipient key pair (X25519), e.g. for a store's `encryption_key` or a juror. */
export function generateEncryptionKeyPair(): { publicKey: Uint8Array; secretKey: Uint8Array } {
  return nacl.box.keyPair();
}

/** The key pair of a 32-byte X25519 secret key. */
export function encryptionKeyPairFromSecretKey(secretKey: Uint8Array): {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
} {
  if (secretKey.length !== nacl.box.secretKeyLength) throw new EnvelopeError('an X25519 secret key is 32 bytes');
  return nacl.box.keyPair.fromSecretKey(secretKey);
}

export function parseEnvelope(value: unknown): Envelope {
  return parseWith(envelopeSchema, 'envelope', value);
}

/** Seals `plaintext` to `recipientPublicKey` (32 bytes) with a fresh ephemeral key and nonce. */
export function sealEnvelope(plaintext: Uint8Array, recipientPublicKey: Uint8Array): Envelope {
  if (recipientPublicKey.length !== nacl.box.publicKeyLength) {
    throw new EnvelopeError(
      `recipient public key must be ${nacl.box.publicKeyLength} bytes, got ${recipientPublicKey.length}`,
    );
  }
  if (plaintext.length > MAX_ENVELOPE_PLAINTEXT) {
    throw new EnvelopeError(`plaintext of ${plaintext.length} bytes exceeds ${MAX_ENVELOPE_PLAINTEXT}`);
  }
  const ephemeral = nacl.box.keyPair();
  const nonce = nacl.randomBytes(nacl.box.nonceLength);
  const ciphertext = nacl.box(plaintext, nonce, recipientPublicKey, ephemeral.secretKey);
  ephemeral.secretKey.fill(0);
  return {
    $schema: ENVELOPE_SCHEMA,
    alg: ENVELOPE_ALG,
    epk: encodeBase64(ephemeral.publicKey),
    nonce: encodeBase64(nonce),
    ciphertext: encodeBase64(ciphertext),
  };
}

/** Opens an envelope with the recipient's secret key; throws `EnvelopeError` for a wrong key or tampering. */
export function openEnvelope(envelope: unknown, recipientSecretKey: Uint8Array): Uint8Array {
  const parsed = parseEnvelope(envelope);
  if (recipientSecretKey.length !== nacl.box.secretKeyLength) {
    throw new EnvelopeError(`recipient secret key must be ${nacl.box.secretKeyLength} bytes`);
  }
  const plaintext = nacl.box.open(
    decodeBase64(parsed.ciphertext) as Uint8Array,
    decodeBase64(parsed.nonce) as Uint8Array,
    decodeBase64(parsed.epk) as Uint8Array,
    recipientSecretKey,
  );
  if (plaintext === null) {
    throw new EnvelopeError('cannot open envelope: wrong recipient key, or the envelope was tampered with');
  }
  return plaintext;
}

/** Seals a JSON document (canonical JSON bytes) to `recipientPublicKey`. */
export function sealJson(document: unknown, recipientPublicKey: Uint8Array): Envelope {
  return sealEnvelope(canonicalJsonBytes(document), recipientPublicKey);
}

/** Opens an envelope and validates its JSON content with `schema`. */
export function openJson<Schema extends z.ZodType>(
  envelope: unknown,
  recipientSecretKey: Uint8Array,
  schema: Schema,
  kind = 'sealed document',
): z.output<Schema> {
  const bytes = openEnvelope(envelope, recipientSecretKey);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new EnvelopeError('envelope content is not UTF-8 JSON');
  }
  return parseWith(schema, kind, value);
}
