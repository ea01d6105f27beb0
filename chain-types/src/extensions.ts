import { enumeration, type NamedTypeDef, struct, type TypeExpr } from './dsl.ts';

/**
 * The transaction extensions (signed extensions) of every extrinsic, in order. `extra` is
 * what the extrinsic carries, `additionalSigned` what is only signed; both are named types
 * or expressions. @polkadot/types matches these by identifier.
 */
export interface SignedExtensionDef {
  readonly identifier: string;
  readonly type: string;
  readonly additionalSigned: TypeExpr;
}

export const signedExtensions: readonly SignedExtensionDef[] = [
  { identifier: 'CheckNonZeroSender', type: 'CheckNonZeroSender', additionalSigned: '()' },
  { identifier: 'CheckSpecVersion', type: 'CheckSpecVersion', additionalSigned: 'u32' },
  { identifier: 'CheckTxVersion', type: 'CheckTxVersion', additionalSigned: 'u32' },
  { identifier: 'CheckGenesis', type: 'CheckGenesis', additionalSigned: 'H256' },
  { identifier: 'CheckMortality', type: 'CheckMortality', additionalSigned: 'H256' },
  { identifier: 'CheckNonce', type: 'CheckNonce', additionalSigned: '()' },
  { identifier: 'CheckWeight', type: 'CheckWeight', additionalSigned: '()' },
  { identifier: 'ChargeTransactionPayment', type: 'ChargeTransactionPayment', additionalSigned: '()' },
  { identifier: 'CheckMetadataHash', type: 'CheckMetadataHash', additionalSigned: 'Option<[u8; 32]>' },
];

/** The tuple of every extension's extrinsic part, the `Extra` of `UncheckedExtrinsic`. */
export const signedExtraExpr: TypeExpr = `(${signedExtensions.map((extension) => extension.type).join(', ')})`;

const phantom = { params: { T: null } };

export const extensionTypes: Readonly<Record<string, NamedTypeDef>> = {
  CheckNonZeroSender: struct('frame_system::extensions::check_non_zero_sender::CheckNonZeroSender', [], phantom),
  CheckSpecVersion: struct('frame_system::extensions::check_spec_version::CheckSpecVersion', [], phantom),
  CheckTxVersion: struct('frame_system::extensions::check_tx_version::CheckTxVersion', [], phantom),
  CheckGenesis: struct('frame_system::extensions::check_genesis::CheckGenesis', [], phantom),
  CheckMortality: struct('frame_system::extensions::check_mortality::CheckMortality', ['Era'], phantom),
  CheckNonce: struct('frame_system::extensions::check_nonce::CheckNonce', ['Compact<u32>'], {
    ...phantom,
    typeNames: { 0: 'T::Nonce' },
  }),
  CheckWeight: struct('frame_system::extensions::check_weight::CheckWeight', [], phantom),
  ChargeTransactionPayment: struct('pallet_transaction_payment::ChargeTransactionPayment', ['Compact<u128>'], {
    ...phantom,
    typeNames: { 0: 'BalanceOf<T>' },
  }),
  MetadataHashMode: enumeration('frame_metadata_hash_extension::Mode', { Disabled: null, Enabled: null }),
  CheckMetadataHash: struct('frame_metadata_hash_extension::CheckMetadataHash', { mode: 'MetadataHashMode' }, phantom),
  UncheckedExtrinsic: struct('sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic', ['Vec<u8>'], {
    params: { Address: 'MultiAddress', Call: 'RuntimeCall', Signature: 'MultiSignature', Extra: signedExtraExpr },
  }),
};
