/**
 * The pallets' `InvalidCid` check. The rules themselves (CIDv0, multibase CIDv1, strict decoding,
 * `MaxCidLen`) live in `@bazari/chain-types/cid`, shared with the content schemas of `@bazari/ipfs`.
 */

import { isValidCid } from '@bazari/chain-types/cid';
import type { BlockContext } from '../context.ts';

export { decodeMultibase, isValidCid, isValidCidString, MAX_CID_LEN } from '@bazari/chain-types/cid';

/** Fails with the pallet's `InvalidCid` unless `cid` is a valid CID within the pallet's `MaxCidLen`. */
export function ensureValidCid(ctx: BlockContext, pallet: 'Commerce' | 'Rewards' | 'Dispute', cid: Uint8Array): void {
  const maxLen = ctx.model.constant(pallet, 'MaxCidLen') as number;
  if (!isValidCid(cid, maxLen)) throw ctx.moduleError(pallet, 'InvalidCid');
}
