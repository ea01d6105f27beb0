import type { MultiAddress } from '@bazari/chain-types/generated';

/** The account a `MultiAddress` names, or null when it needs an index the devnet does not keep. */
export function lookupSigner(address: MultiAddress): Uint8Array | null {
  return address.__kind === 'Id' || address.__kind === 'Address32' ? address.value : null;
}
