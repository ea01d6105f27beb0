import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Keyring } from '@polkadot/keyring';
import { hexToU8a, isHex } from '@polkadot/util';
import { cryptoWaitReady, decodeAddress } from '@polkadot/util-crypto';

/** The chain spec as its JSON file spells it: accounts are SURIs (`//Alice`), SS58 addresses or hex. */
export interface ChainSpecFile {
  readonly name: string;
  readonly id: string;
  readonly chainType: 'Development' | 'Local' | 'Live';
  readonly genesis: {
    readonly timestamp: number;
    readonly balances: readonly (readonly [string, string])[];
    readonly sudo: string;
    readonly treasuryEndowment: string;
    readonly assets: readonly {
      readonly id: number;
      readonly name: string;
      readonly symbol: string;
      readonly decimals: number;
      readonly minBalance: string;
      readonly ownerPalletId: string;
    }[];
  };
}

export interface GenesisAsset {
  readonly id: number;
  readonly name: string;
  readonly symbol: string;
  readonly decimals: number;
  readonly minBalance: bigint;
  readonly ownerPalletId: string;
}

export interface ChainSpec {
  readonly name: string;
  readonly id: string;
  readonly chainType: string;
  readonly genesis: {
    readonly timestamp: bigint;
    readonly balances: readonly { readonly account: Uint8Array; readonly amount: bigint }[];
    readonly sudo: Uint8Array;
    readonly treasuryEndowment: bigint;
    readonly assets: readonly GenesisAsset[];
  };
}

export const DEFAULT_CHAIN_SPEC_PATH = fileURLToPath(new URL('../../chain-spec.json', import.meta.url));

export async function loadChainSpec(path: string = DEFAULT_CHAIN_SPEC_PATH): Promise<ChainSpec> {
  await cryptoWaitReady();
  const file = JSON.parse(readFileSync(path, 'utf8')) as ChainSpecFile;
  const keyring = new Keyring({ type: 'sr25519' });
  const account = (value: string): Uint8Array => {
    if (value.startsWith('//')) return keyring.addFromUri(value).publicKey;
    if (isHex(value, 256)) return hexToU8a(value);
    return decodeAddress(value);
  };
  const { genesis } = file;
  return {
    name: file.name,
    id: file.id,
    chainType: file.chainType,
    genesis: {
      timestamp: BigInt(genesis.timestamp),
      balances: genesis.balances.map(([who, amount]) => ({ account: account(who), amount: BigInt(amount) })),
      sudo: account(genesis.sudo),
      treasuryEndowment: BigInt(genesis.treasuryEndowment),
      assets: genesis.assets.map((asset) => ({ ...asset, minBalance: BigInt(asset.minBalance) })),
    },
  };
}
