import { bases } from 'multiformats/basics';
import { CID as MultiformatsCid } from 'multiformats/cid';
import { describe, expect, it } from 'vitest';
import * as palletCid from '../../../devnet/src/runtime/pallets/cid.ts';
import {
  cidString,
  InvalidCidError,
  isValidCid,
  isValidCidString,
  MAX_CID_LEN,
  parseCid,
  tryParseCid,
} from '../../src/content/index.ts';
import { BAD_CIDS, CID } from './fixtures.ts';

const ascii = (text: string) => new TextEncoder().encode(text);

describe('CIDs: the pallets’ InvalidCid rules', () => {
  it('is the very function the pallets call', () => {
    expect(isValidCid).toBe(palletCid.isValidCid);
    expect(MAX_CID_LEN).toBe(palletCid.MAX_CID_LEN);
    expect(MAX_CID_LEN).toBe(128);
  });

  it.each(Object.entries(CID))('accepts %s', (_name, cid) => {
    expect(isValidCidString(cid)).toBe(true);
    expect(cidString.safeParse(cid).success).toBe(true);
    expect(parseCid(cid).toString()).toBe(
      MultiformatsCid.parse(cid, bases.base16.decoder.or(bases.base58btc.decoder).or(bases.base32.decoder)).toString(),
    );
  });

  it.each(Object.entries(BAD_CIDS))('rejects %s, as the pallets do', (_name, cid) => {
    expect(isValidCidString(cid)).toBe(false);
    expect(palletCid.isValidCid(ascii(cid))).toBe(false);
    expect(cidString.safeParse(cid).success).toBe(false);
    expect(() => parseCid(cid)).toThrow(InvalidCidError);
    expect(tryParseCid(cid)).toBeNull();
  });

  it('agrees with the pallet on every multibase encoding of a CID', () => {
    const cid = MultiformatsCid.parse(CID.v1Raw);
    const palletBases = new Set('fFbBcCvVtThkKzZmMuU');
    for (const base of Object.values(bases)) {
      const text = cid.toString(base.encoder);
      const expected = palletBases.has(base.prefix) && text.length <= MAX_CID_LEN;
      expect(isValidCidString(text), `${base.name}: ${text}`).toBe(expected);
      expect(palletCid.isValidCid(ascii(text)), base.name).toBe(expected && /^[\x21-\x7e]+$/.test(text));
      if (expected) expect(parseCid(text).equals(cid), base.name).toBe(true);
    }
  });

  it('rejects what multiformats alone would accept but the chain refuses', () => {
    // A CIDv0's bytes in multibase form: CIDv0 has no multibase form.
    const v0Bytes = MultiformatsCid.parse(CID.v0).bytes;
    const v0InMultibase = bases.base58btc.encode(v0Bytes);
    expect(isValidCidString(v0InMultibase)).toBe(false);
    // Non-ASCII and whitespace.
    expect(isValidCidString(` ${CID.v1Raw}`)).toBe(false);
    expect(isValidCidString(`${CID.v1Raw.slice(0, -1)}é`)).toBe(false);
    // Longer than MaxCidLen, though a valid CID (sha2-512 digest in base16).
    const long = `f01551340${'ab'.repeat(64)}`;
    expect(long.length).toBeGreaterThan(MAX_CID_LEN);
    expect(isValidCidString(long)).toBe(false);
    // A wrong digest length for sha2-256.
    expect(isValidCidString(`f01551220${'ab'.repeat(31)}`)).toBe(false);
  });
});
