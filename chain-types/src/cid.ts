/**
 * CID validation shared by the Bazari pallets (Commerce, Rewards, Dispute): a `Cid` argument is the
 * CID's string form as ASCII bytes, at most `MaxCidLen` (128) bytes, and must be either
 *
 * - a CIDv0: 46 base58btc characters starting with `Qm`, decoding to a sha2-256 multihash
 *   (`0x12 0x20` + 32 bytes); or
 * - a multibase CIDv1: a multibase prefix character followed by the encoded bytes
 *   `varint(1) ++ varint(codec) ++ multihash`, the multihash being `varint(code) ++ varint(length)`
 *   followed by exactly `length` digest bytes.
 *
 * Supported multibase encodings: base16 (`f`, `F`), base32 (`b`, `B`, padded `c`, `C`), base32hex
 * (`v`, `V`, padded `t`, `T`), base32z (`h`), base36 (`k`, `K`), base58btc (`z`), base58flickr (`Z`),
 * base64 (`m`, padded `M`) and base64url (`u`, padded `U`). Decoding is strict: characters outside
 * the alphabet, wrong padding or non-zero trailing bits make the CID invalid. Varints are unsigned
 * LEB128 of at most 9 bytes in their shortest form, as the multiformats spec requires. A multibase
 * string that decodes to a CIDv0 (version byte `0x12`) is invalid: CIDv0 has no multibase form.
 *
 * The cost is linear in the CID's length (at most 128 bytes), so callers weigh it per byte.
 *
 * Pure and dependency-free: the devnet's pallets (`ensureValidCid`) and the content schemas of
 * `@bazari/ipfs` (dApp and squid) import it from here, so both accept exactly the same CIDs.
 */

/** The pallets' `MaxCidLen`: the longest CID, in ASCII bytes. */
export const MAX_CID_LEN = 128;

/** Digest lengths of the common hash functions: a multihash with another length for these is invalid. */
const DIGEST_LENGTHS: ReadonlyMap<bigint, number> = new Map([
  [0x11n, 20], // sha1
  [0x12n, 32], // sha2-256
  [0x13n, 64], // sha2-512
  [0x14n, 64], // sha3-512
  [0x15n, 48], // sha3-384
  [0x16n, 32], // sha3-256
  [0x17n, 28], // sha3-224
  [0x1bn, 32], // keccak-256
  [0xb220n, 32], // blake2b-256
  [0xb240n, 64], // blake2b-512
  [0xb260n, 32], // blake2s-256
]);

/** Whether `text` is a valid CID string of at most `maxLen` ASCII bytes (the string form of {@link isValidCid}). */
export function isValidCidString(text: string, maxLen = MAX_CID_LEN): boolean {
  if (text.length === 0 || text.length > maxLen) return false;
  const bytes = new Uint8Array(text.length);
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code > 0x7f) return false;
    bytes[index] = code;
  }
  return isValidCid(bytes, maxLen);
}

/** Whether `bytes` is a valid CID string of at most `maxLen` ASCII bytes. */
export function isValidCid(bytes: Uint8Array, maxLen = MAX_CID_LEN): boolean {
  if (bytes.length === 0 || bytes.length > maxLen) return false;
  for (const byte of bytes) if (byte < 0x21 || byte > 0x7e) return false;
  const text = String.fromCharCode(...bytes);
  if (text.length === 46 && text.startsWith('Qm')) return isCidV0(text);
  const decoded = decodeMultibase(text);
  return decoded !== null && isCidV1Bytes(decoded);
}

function isCidV0(text: string): boolean {
  const bytes = decodeBaseX(text, BASE58_BTC);
  return bytes !== null && bytes.length === 34 && bytes[0] === 0x12 && bytes[1] === 0x20;
}

function isCidV1Bytes(bytes: Uint8Array): boolean {
  const reader = { bytes, offset: 0 };
  const version = readVarint(reader);
  if (version !== 1n) return false;
  if (readVarint(reader) === null) return false; // codec (any multicodec)
  const code = readVarint(reader);
  const length = readVarint(reader);
  if (code === null || length === null) return false;
  const digestLength = bytes.length - reader.offset;
  if (BigInt(digestLength) !== length) return false;
  // An identity multihash may carry an empty digest; every hash function's digest has bytes.
  if (code !== 0n && digestLength === 0) return false;
  const expected = DIGEST_LENGTHS.get(code);
  return expected === undefined || expected === digestLength;
}

interface Reader {
  readonly bytes: Uint8Array;
  offset: number;
}

/** Unsigned LEB128, at most 9 bytes, shortest form (no trailing zero byte); null when malformed. */
function readVarint(reader: Reader): bigint | null {
  let value = 0n;
  for (let index = 0; index < 9; index++) {
    if (reader.offset >= reader.bytes.length) return null;
    const byte = reader.bytes[reader.offset++];
    value |= BigInt(byte & 0x7f) << BigInt(7 * index);
    if ((byte & 0x80) === 0) {
      if (byte === 0 && index > 0) return null;
      return value;
    }
  }
  return null;
}

// ------------------------------------------------------------------------------------------------
// Multibase

interface Rfc4648 {
  readonly kind: 'rfc4648';
  readonly alphabet: string;
  readonly bitsPerChar: number;
  readonly padded: boolean;
}

interface BaseX {
  readonly kind: 'basex';
  readonly alphabet: string;
}

const rfc4648 = (alphabet: string, bitsPerChar: number, padded = false): Rfc4648 => ({
  kind: 'rfc4648',
  alphabet,
  bitsPerChar,
  padded,
});

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const BASE32_HEX = '0123456789abcdefghijklmnopqrstuv';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BASE58_BTC: BaseX = { kind: 'basex', alphabet: '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz' };

/** The multibase table (https://github.com/multiformats/multibase), for the encodings CIDs use. */
const MULTIBASES: ReadonlyMap<string, Rfc4648 | BaseX> = new Map<string, Rfc4648 | BaseX>([
  ['f', rfc4648('0123456789abcdef', 4)],
  ['F', rfc4648('0123456789ABCDEF', 4)],
  ['b', rfc4648(BASE32, 5)],
  ['B', rfc4648(BASE32.toUpperCase(), 5)],
  ['c', rfc4648(BASE32, 5, true)],
  ['C', rfc4648(BASE32.toUpperCase(), 5, true)],
  ['v', rfc4648(BASE32_HEX, 5)],
  ['V', rfc4648(BASE32_HEX.toUpperCase(), 5)],
  ['t', rfc4648(BASE32_HEX, 5, true)],
  ['T', rfc4648(BASE32_HEX.toUpperCase(), 5, true)],
  ['h', rfc4648('ybndrfg8ejkmcpqxot1uwisza345h769', 5)],
  ['k', { kind: 'basex', alphabet: '0123456789abcdefghijklmnopqrstuvwxyz' }],
  ['K', { kind: 'basex', alphabet: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ' }],
  ['z', BASE58_BTC],
  ['Z', { kind: 'basex', alphabet: '123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ' }],
  ['m', rfc4648(BASE64, 6)],
  ['M', rfc4648(BASE64, 6, true)],
  ['u', rfc4648(BASE64_URL, 6)],
  ['U', rfc4648(BASE64_URL, 6, true)],
]);

/** The bytes of a multibase string, or null for an unknown prefix or an invalid encoding. */
export function decodeMultibase(text: string): Uint8Array | null {
  const base = MULTIBASES.get(text[0]);
  const body = text.slice(1);
  if (!base || body.length === 0) return null;
  return base.kind === 'rfc4648' ? decodeRfc4648(body, base) : decodeBaseX(body, base);
}

function decodeRfc4648(text: string, base: Rfc4648): Uint8Array | null {
  let end = text.length;
  if (base.padded) {
    while (end > 0 && text[end - 1] === '=') end--;
    // Padding completes the last group: 8 characters of base32, 4 of base64.
    const group = base.bitsPerChar === 5 ? 8 : base.bitsPerChar === 6 ? 4 : 1;
    if (text.length % group !== 0 || text.length - end >= group) return null;
  }
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (let index = 0; index < end; index++) {
    const value = base.alphabet.indexOf(text[index]);
    if (value < 0) return null;
    buffer = ((buffer << base.bitsPerChar) | value) & 0xffff;
    bits += base.bitsPerChar;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  // What is left must be a partial character's worth of zero bits.
  if (bits >= base.bitsPerChar || (buffer & ((1 << bits) - 1)) !== 0) return null;
  return Uint8Array.from(out);
}

/** Base-x (base36, base58): a big-endian number, each leading zero character a leading zero byte. */
function decodeBaseX(text: string, base: BaseX): Uint8Array | null {
  const radix = BigInt(base.alphabet.length);
  let zeros = 0;
  while (zeros < text.length && text[zeros] === base.alphabet[0]) zeros++;
  let value = 0n;
  for (const char of text) {
    const digit = base.alphabet.indexOf(char);
    if (digit < 0) return null;
    value = value * radix + BigInt(digit);
  }
  const digits: number[] = [];
  while (value > 0n) {
    digits.push(Number(value & 0xffn));
    value >>= 8n;
  }
  const out = new Uint8Array(zeros + digits.length);
  for (let index = 0; index < digits.length; index++) out[out.length - 1 - index] = digits[index];
  return out;
}
