/**
 * CIDs in content documents: the same rules as the pallets' `InvalidCid` (shared from
 * `@bazari/chain-types/cid`), so a document never references a CID the chain would refuse.
 */

import { isValidCidString, MAX_CID_LEN } from '@bazari/chain-types/cid';
import type { MultibaseDecoder } from 'multiformats/bases/interface';
import { bases } from 'multiformats/basics';
import { CID } from 'multiformats/cid';
import { z } from 'zod';

export { isValidCid, isValidCidString, MAX_CID_LEN } from '@bazari/chain-types/cid';

/** A CID string the pallets accept (`InvalidCid` rules, at most `MaxCidLen` ASCII bytes). */
export const cidString = z
  .string()
  .max(MAX_CID_LEN)
  .refine((text) => isValidCidString(text), { message: 'invalid CID (the pallets would reject it with InvalidCid)' });

export class InvalidCidError extends Error {
  override readonly name = 'InvalidCidError';
}

// Every multibase of multiformats, chosen by prefix (the pallet's rules have already been checked).
const multibaseDecoder: MultibaseDecoder<string> = {
  decode(text: string): Uint8Array<ArrayBuffer> {
    const base = Object.values(bases).find((candidate) => candidate.prefix === text[0]);
    if (!base) throw new Error(`unknown multibase prefix ${JSON.stringify(text[0])}`);
    return base.decoder.decode(text);
  },
};

/**
 * Parses a CID string under the pallets' rules into a multiformats `CID`; throws `InvalidCidError`
 * for anything the chain would refuse (including CIDs that multiformats alone would accept).
 */
export function parseCid(text: string): CID {
  if (!isValidCidString(text)) throw new InvalidCidError(`invalid CID: ${JSON.stringify(text.slice(0, 140))}`);
  try {
    return text.length === 46 && text.startsWith('Qm') ? CID.parse(text) : CID.parse(text, multibaseDecoder);
  } catch (error) {
    throw new InvalidCidError(`invalid CID: ${JSON.stringify(text)}: ${(error as Error).message}`);
  }
}

/** The CID, or null when the chain would refuse it. */
export function tryParseCid(text: string): CID | null {
  try {
    return parseCid(text);
  } catch {
    return null;
  }
}
