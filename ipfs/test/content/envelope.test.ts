import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import {
  ContentValidationError,
  decodeBase64,
  EnvelopeError,
  encodeBase64,
  encryptionKeyPairFromSecretKey,
  envelopeSchema,
  generateEncryptionKeyPair,
  openEnvelope,
  openEvidence,
  openShippingAddress,
  parseEnvelope,
  sealEnvelope,
  sealEvidence,
  sealShippingAddress,
} from '../../src/content/index.ts';
import { evidence, SCRIPT, shippingAddress } from './fixtures.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('encrypted envelope', () => {
  const store = generateEncryptionKeyPair();
  const other = generateEncryptionKeyPair();

  it('round-trips bytes to the recipient key, with a fresh ephemeral key and nonce each time', () => {
    const plaintext = bytes(`hello ${SCRIPT}`);
    const a = sealEnvelope(plaintext, store.publicKey);
    const b = sealEnvelope(plaintext, store.publicKey);
    expect(Object.keys(a).sort()).toEqual(['$schema', 'alg', 'ciphertext', 'epk', 'nonce']);
    expect(a).toMatchObject({ $schema: 'bazari/envelope@1', alg: 'x25519-xsalsa20-poly1305' });
    expect(decodeBase64(a.epk)).toHaveLength(32);
    expect(decodeBase64(a.nonce)).toHaveLength(24);
    expect(decodeBase64(a.ciphertext)).toHaveLength(plaintext.length + 16);
    expect(a.epk).not.toBe(b.epk);
    expect(a.nonce).not.toBe(b.nonce);
    expect(openEnvelope(a, store.secretKey)).toEqual(plaintext);
    expect(openEnvelope(JSON.parse(JSON.stringify(b)), store.secretKey)).toEqual(plaintext);
    expect(openEnvelope(sealEnvelope(new Uint8Array(0), store.publicKey), store.secretKey)).toEqual(new Uint8Array(0));
  });

  it('fails clearly with the wrong key', () => {
    const envelope = sealEnvelope(bytes('secret'), store.publicKey);
    expect(() => openEnvelope(envelope, other.secretKey)).toThrow(EnvelopeError);
    expect(() => openEnvelope(envelope, other.secretKey)).toThrow(/wrong recipient key/);
    expect(() => openEnvelope(envelope, new Uint8Array(31))).toThrow(/32 bytes/);
  });

  it('fails on any tampering', () => {
    const envelope = sealEnvelope(bytes('secret'), store.publicKey);
    const flip = (field: 'ciphertext' | 'nonce' | 'epk') => {
      const raw = decodeBase64(envelope[field]) as Uint8Array;
      raw[raw.length - 1] ^= 1;
      return { ...envelope, [field]: encodeBase64(raw) };
    };
    for (const field of ['ciphertext', 'nonce', 'epk'] as const) {
      expect(() => openEnvelope(flip(field), store.secretKey), field).toThrow(EnvelopeError);
    }
  });

  it('validates the envelope document strictly', () => {
    const envelope = sealEnvelope(bytes('x'), store.publicKey);
    expect(() => parseEnvelope({ ...envelope, extra: 1 })).toThrow(ContentValidationError);
    expect(() => parseEnvelope({ ...envelope, $schema: 'bazari/envelope@2' })).toThrow(ContentValidationError);
    expect(() => parseEnvelope({ ...envelope, alg: 'aes-gcm' })).toThrow(ContentValidationError);
    expect(() => parseEnvelope({ ...envelope, epk: encodeBase64(new Uint8Array(31)) })).toThrow(ContentValidationError);
    expect(() => parseEnvelope({ ...envelope, nonce: 'not base64!' })).toThrow(ContentValidationError);
    expect(() => parseEnvelope({ ...envelope, ciphertext: encodeBase64(new Uint8Array(15)) })).toThrow(
      ContentValidationError,
    );
    const { nonce: _nonce, ...missing } = envelope;
    expect(envelopeSchema.safeParse(missing).success).toBe(false);
    expect(() => openEnvelope({ ...envelope, ciphertext: 42 }, store.secretKey)).toThrow(ContentValidationError);
  });

  it('refuses bad recipient keys and oversized plaintexts', () => {
    expect(() => sealEnvelope(bytes('x'), new Uint8Array(33))).toThrow(/32 bytes/);
    expect(() => sealEnvelope(new Uint8Array(1024 * 1024 + 1), store.publicKey)).toThrow(EnvelopeError);
  });

  it('interoperates with plain tweetnacl box (the dApp may use it directly)', () => {
    const envelope = sealEnvelope(bytes('interop'), store.publicKey);
    const opened = nacl.box.open(
      decodeBase64(envelope.ciphertext) as Uint8Array,
      decodeBase64(envelope.nonce) as Uint8Array,
      decodeBase64(envelope.epk) as Uint8Array,
      store.secretKey,
    );
    expect(new TextDecoder().decode(opened as Uint8Array)).toBe('interop');
    expect(encryptionKeyPairFromSecretKey(store.secretKey).publicKey).toEqual(store.publicKey);
  });

  it('seals a shipping address to the store key and validates it on opening', () => {
    const address = { ...shippingAddress(), notes: SCRIPT };
    const envelope = sealShippingAddress(address, store.publicKey);
    expect(JSON.stringify(envelope)).not.toContain('Rua das Flores');
    expect(openShippingAddress(envelope, store.secretKey)).toEqual(address);
    expect(() => openShippingAddress(envelope, other.secretKey)).toThrow(EnvelopeError);
    expect(() => sealShippingAddress({ ...address, country: 'Portugal' }, store.publicKey)).toThrow(
      ContentValidationError,
    );
    // A valid envelope whose content is not a shipping address.
    expect(() => openShippingAddress(sealEnvelope(bytes('{"a":1}'), store.publicKey), store.secretKey)).toThrow(
      ContentValidationError,
    );
    expect(() => openShippingAddress(sealEnvelope(bytes('not json'), store.publicKey), store.secretKey)).toThrow(
      /not UTF-8 JSON/,
    );
  });

  it('seals evidence to each juror; only jurors can open it', () => {
    const jurors = [generateEncryptionKeyPair(), generateEncryptionKeyPair(), generateEncryptionKeyPair()];
    const envelopes = sealEvidence(
      evidence(),
      jurors.map((juror) => juror.publicKey),
    );
    expect(envelopes).toHaveLength(3);
    envelopes.forEach((envelope, index) => {
      expect(openEvidence(envelope, jurors[index].secretKey).statement).toBe(evidence().statement);
      expect(() => openEvidence(envelope, jurors[(index + 1) % 3].secretKey)).toThrow(EnvelopeError);
    });
  });
});
