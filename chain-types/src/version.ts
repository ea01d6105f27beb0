import { blake2AsU8a } from '@polkadot/util-crypto';
import { runtimeApis } from './runtime-apis.ts';

/**
 * BZR, the native token, has 12 decimals. The devnet uses the generic Substrate SS58 prefix 42
 * so that the well-known dev accounts keep the addresses every tool shows for them
 * (//Alice = 5GrwvaEF…); a production Bazari chain registers a prefix of its own.
 */
export const chainProperties = { ss58Format: 42, tokenDecimals: 12, tokenSymbol: 'BZR' } as const;

export const runtimeVersion = {
  spec_name: 'bazari',
  impl_name: 'bazari-devnet',
  authoring_version: 1,
  spec_version: 100,
  impl_version: 1,
  apis: runtimeApis.map((api) => [runtimeApiId(api.name), api.version] as [Uint8Array, number]),
  transaction_version: 1,
  system_version: 1,
} as const;

/** The runtime API id: the first 8 bytes of blake2_256 of its name (as `sp_api` derives it). */
export function runtimeApiId(name: string): Uint8Array {
  return blake2AsU8a(name, 64);
}
