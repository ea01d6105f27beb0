/**
 * A stand-in for the polkadot{.js} browser extension, backed by the well-known sr25519 dev accounts
 * (`//Alice` … `//Ferdie`). It signs exactly as the extension does, so a dApp (or a test) can use it
 * wherever it would use `injector.signer` from `@polkadot/extension-dapp`.
 *
 * Browser-safe: no Node APIs. The sr25519 keys need the WASM crypto: `await cryptoWaitReady()` (from
 * `@polkadot/util-crypto`) before {@link createDevKeyring} or {@link injectedAccounts}; the signer's methods
 * wait for it themselves.
 */
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { TypeRegistry } from '@polkadot/types';
import type { Registry, Signer, SignerPayloadJSON, SignerPayloadRaw, SignerResult } from '@polkadot/types/types';
import { u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';

/** The dev accounts of every Substrate development chain, endowed in Bazari's chain spec. */
export const DEV_ACCOUNTS = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'] as const;
export type DevAccountName = (typeof DEV_ACCOUNTS)[number];

/** Substrate's generic SS58 prefix, which Bazari uses; the extension shows addresses in it too. */
export const DEFAULT_SS58_FORMAT = 42;

/** `InjectedAccount` of `@polkadot/extension-inject/types`: what `web3Accounts()` is built from. */
export interface InjectedAccount {
  readonly address: string;
  /** The chain the account is restricted to; `null`: any chain. */
  readonly genesisHash?: string | null;
  readonly name?: string;
  readonly type?: 'sr25519' | 'ed25519' | 'ecdsa' | 'ethereum';
}

export interface DevAccountsOptions {
  /** Dev account names (`Alice`) or secret URIs (`//Alice`, `//Alice//stash`); the six dev accounts by default. */
  readonly accounts?: readonly string[];
  readonly ss58Format?: number;
}

export interface KeyringSignerOptions extends DevAccountsOptions {
  /**
   * The chain's registry (e.g. `api.registry`), as the extension uses once it knows the chain's metadata.
   * Omitted: a fresh `TypeRegistry` for each request, given the payload's signed extensions, as the extension
   * does for a chain whose metadata it does not have.
   */
  readonly registry?: Registry;
}

/** `Alice` → `//Alice`; a URI is kept as it is. */
function secretUri(account: string): string {
  return account.startsWith('/') || account.includes(' ') ? account : `//${account}`;
}

/** An sr25519 keyring holding the dev accounts, each named in its `meta`. Needs `cryptoWaitReady()` first. */
export function createDevKeyring(options: DevAccountsOptions = {}): Keyring {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: options.ss58Format ?? DEFAULT_SS58_FORMAT });
  for (const account of options.accounts ?? DEV_ACCOUNTS) {
    const uri = secretUri(account);
    keyring.addFromUri(uri, { name: uri.startsWith('//') ? uri.slice(2) : account });
  }
  return keyring;
}

/** The dev accounts as the extension's `accounts.get()` returns them. Needs `cryptoWaitReady()` first. */
export function injectedAccounts(options: DevAccountsOptions = {}): InjectedAccount[] {
  return createDevKeyring(options)
    .getPairs()
    .map((pair) => ({
      address: pair.address,
      genesisHash: null,
      name: pair.meta.name as string,
      type: 'sr25519' as const,
    }));
}

/**
 * The injected `Signer` of the polkadot{.js} extension, without the approval popup:
 * - `signPayload` builds the `ExtrinsicPayload` from the JSON with a registry, and signs its bytes
 *   (blake2_256-hashed when longer than 256 bytes) with the signature type prefixed (`withType`),
 *   i.e. the SCALE `MultiSignature` the extrinsic carries;
 * - `signRaw` signs `<Bytes>data</Bytes>` and returns the bare 64-byte signature.
 * Each result carries a request id counting from 1.
 */
export class KeyringSigner implements Signer {
  readonly #options: KeyringSignerOptions;
  #keyring: Keyring | undefined;
  #nextId = 0;

  constructor(options: KeyringSignerOptions = {}) {
    this.#options = options;
  }

  async signPayload(payload: SignerPayloadJSON): Promise<SignerResult> {
    const pair = await this.pair(payload.address);
    const registry = this.#options.registry ?? payloadRegistry(payload);
    const extrinsicPayload = registry.createType('ExtrinsicPayload', payload, { version: payload.version });
    const bytes = extrinsicPayload.toU8a({ method: true });
    const signature = pair.sign(bytes.length > 256 ? blake2AsU8a(bytes, 256) : bytes, { withType: true });
    return { id: ++this.#nextId, signature: u8aToHex(signature) };
  }

  async signRaw(raw: SignerPayloadRaw): Promise<SignerResult> {
    const pair = await this.pair(raw.address);
    return { id: ++this.#nextId, signature: u8aToHex(pair.sign(u8aWrapBytes(raw.data))) };
  }

  /** The key pair of `address` (any SS58 format); rejects for an address that is not one of the signer's accounts. */
  async pair(address: string): Promise<KeyringPair> {
    await cryptoWaitReady();
    this.#keyring ??= createDevKeyring(this.#options);
    try {
      return this.#keyring.getPair(address);
    } catch {
      throw new Error(`Unable to find a keypair for ${address}: not one of the signer's accounts`);
    }
  }
}

/** The extension's registry for a chain whose metadata it lacks: the defaults plus the payload's extensions. */
function payloadRegistry(payload: SignerPayloadJSON): Registry {
  const registry = new TypeRegistry();
  registry.setSignedExtensions(payload.signedExtensions);
  return registry;
}
