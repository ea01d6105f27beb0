/**
 * The dev accounts (`//Alice` … `//Ferdie`) as key pairs named in lower case, as tests destructure them
 * (`const { alice, bob } = devAccounts()`), and further accounts derived from a prefix. Needs
 * `cryptoWaitReady()` (from `@polkadot/util-crypto`) first.
 */
import type { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { createDevKeyring, DEV_ACCOUNTS, type DevAccountName } from './keyring-signer.ts';

export type DevAccountKey = Lowercase<DevAccountName>;
export type DevAccounts = Record<DevAccountKey, KeyringPair>;

/** An empty sr25519 keyring in Bazari's SS58 format (42), or `ss58Format`. */
export function emptyKeyring(ss58Format?: number): Keyring {
  return createDevKeyring({ accounts: [], ss58Format });
}

/** The six dev accounts, added to `keyring` (an empty one in SS58 format 42 by default). */
export function devAccounts(keyring: Keyring = emptyKeyring()): DevAccounts {
  return Object.fromEntries(
    DEV_ACCOUNTS.map((name) => [name.toLowerCase(), keyring.addFromUri(`//${name}`)]),
  ) as DevAccounts;
}

/** Accounts `//<prefix><i>` for i in [0, count), added to `keyring`. */
export function derivedAccounts(prefix: string, count: number, keyring: Keyring = emptyKeyring()): KeyringPair[] {
  return Array.from({ length: count }, (_, index) => keyring.addFromUri(`//${prefix}${index}`));
}
