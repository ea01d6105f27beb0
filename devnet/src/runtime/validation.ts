import type { InvalidTransaction, UnknownTransaction } from '@bazari/chain-types/generated';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { ed25519Verify, signatureVerify, sr25519Verify } from '@polkadot/util-crypto';
import { isReady as wasmCryptoReady, sr25519Verify as wasmSr25519Verify } from '@polkadot/wasm-crypto';
import type { BlockContext } from './context.ts';
import type { Dispatcher } from './dispatcher.ts';
import { type Extrinsic, eraBirth, eraDeath, signingPayload } from './extrinsic.ts';
import { partialFee } from './fees.ts';
import { reducibleBalance } from './pallets/balances.ts';
import type { SignatureCheck } from './signature-verifier.ts';
import { lookupSigner } from './signer.ts';
import { WEIGHTS } from './weights.ts';

/** Why a transaction cannot enter the pool or a block, as sp_runtime::transaction_validity spells it. */
export type TransactionValidityError =
  | { readonly kind: 'Invalid'; readonly reason: InvalidTransaction }
  | { readonly kind: 'Unknown'; readonly reason: UnknownTransaction };

export class InvalidTransactionError extends Error {
  constructor(readonly validity: TransactionValidityError) {
    super(validityMessage(validity));
  }
}

const INVALID_MESSAGES: Record<InvalidTransaction['__kind'], string> = {
  Call: 'Transaction call is not expected',
  Payment: 'Inability to pay some fees (e.g. account balance too low)',
  Future: 'Transaction will be valid in the future',
  Stale: 'Transaction is outdated',
  BadProof: 'Transaction has a bad signature',
  AncientBirthBlock: 'Transaction has an ancient birth block',
  ExhaustsResources: 'Transaction would exhaust the block limits',
  Custom: 'InvalidTransaction custom error',
  BadMandatory: 'A call was labelled as mandatory, but resulted in an Error.',
  MandatoryValidation: 'Transaction dispatch is mandatory; transactions must not be validated.',
  BadSigner: 'Invalid signing address',
  IndeterminateImplicit: 'The implicit data was unable to be calculated',
  UnknownOrigin: 'The transaction extension did not authorize any origin',
};

const UNKNOWN_MESSAGES: Record<UnknownTransaction['__kind'], string> = {
  CannotLookup: 'Could not lookup information required to validate the transaction',
  NoUnsignedValidator: 'Could not find an unsigned validator for the unsigned transaction',
  Custom: 'UnknownTransaction custom error',
};

export function validityMessage(validity: TransactionValidityError): string {
  return validity.kind === 'Invalid'
    ? INVALID_MESSAGES[validity.reason.__kind]
    : UNKNOWN_MESSAGES[validity.reason.__kind];
}

function invalid(reason: InvalidTransaction['__kind']): InvalidTransactionError {
  return new InvalidTransactionError({ kind: 'Invalid', reason: { __kind: reason } as InvalidTransaction });
}

/**
 * Extrinsics whose signature was verified, with the era checkpoint it was verified against:
 * the pool verifies on submission, and the block that includes the extrinsic need not again.
 */
const verifiedSignatures = new WeakMap<Extrinsic, string>();

export interface ChainIdentity {
  readonly specVersion: number;
  readonly transactionVersion: number;
  readonly genesisHash: Uint8Array;
}

export interface ValidTransaction {
  readonly signer: Uint8Array;
  readonly nonce: number;
  readonly fee: bigint;
  readonly tip: bigint;
  readonly weight: bigint;
  /** Higher tips per weight go first, as in pallet_transaction_payment. */
  readonly priority: bigint;
  /** Blocks (from the one being built) during which the transaction stays valid. */
  readonly longevity: number;
  /** The nonce the account has now: a transaction with a higher one waits in the pool. */
  readonly accountNonce: number;
}

/**
 * Checks a signed extrinsic against the state of `ctx` (a block being built, or the block after
 * the best one for the pool), running every signed extension as the runtime would.
 */
export function validateTransaction(
  ctx: BlockContext,
  dispatcher: Dispatcher,
  chain: ChainIdentity,
  extrinsic: Extrinsic,
): ValidTransaction {
  const signed = extrinsic.signed;
  const info = dispatcher.isImplemented(extrinsic.call) ? dispatcher.info(extrinsic.call) : undefined;
  // frame_executive refuses a mandatory call (an inherent) before any validator runs, signed or not.
  if (info?.class === 'Mandatory') throw invalid('MandatoryValidation');
  if (!signed) throw new InvalidTransactionError({ kind: 'Unknown', reason: { __kind: 'NoUnsignedValidator' } });
  if (!info) throw invalid('Call');
  const signer = lookupSigner(signed.address);
  if (!signer) throw new InvalidTransactionError({ kind: 'Unknown', reason: { __kind: 'CannotLookup' } });

  const current = ctx.block.number;
  const birth = eraBirth(signed.era, current);
  if (birth > current) throw invalid('AncientBirthBlock');
  const checkpointHash = signed.era.immortal ? chain.genesisHash : ctx.state.get('System', 'BlockHash', birth);
  if (!signed.era.immortal && checkpointHash.every((byte) => byte === 0)) throw invalid('AncientBirthBlock');
  if (signed.metadataHashEnabled) throw invalid('BadProof');
  const checkpoint = u8aToHex(checkpointHash);
  if (verifiedSignatures.get(extrinsic) !== checkpoint) {
    const payload = signingPayload(ctx.model, extrinsic, { ...chain, checkpointHash });
    if (!verifySignature(payload, signed.signature, signer)) throw invalid('BadProof');
    verifiedSignatures.set(extrinsic, checkpoint);
  }

  const accountNonce = ctx.state.get('System', 'Account', signer).nonce;
  if (signed.nonce < accountNonce) throw invalid('Stale');

  const maxExtrinsic = ctx.model.constant('System', 'BlockWeights') as {
    per_class: { normal: { max_extrinsic: { ref_time: bigint } | null } };
  };
  const weight = info.weight + WEIGHTS.extrinsicBase;
  const limit = maxExtrinsic.per_class.normal.max_extrinsic?.ref_time;
  const maxLength = (ctx.model.constant('System', 'BlockLength') as { max: { normal: number } }).max.normal;
  if ((limit !== undefined && weight > limit) || extrinsic.bytes.length > maxLength) throw invalid('ExhaustsResources');

  const fee = info.paysFee ? partialFee(info.weight, extrinsic.bytes.length) + signed.tip : signed.tip;
  if (signed.nonce === accountNonce && reducibleBalance(ctx, signer, 'Preserve') < fee) throw invalid('Payment');

  return {
    signer,
    nonce: signed.nonce,
    fee,
    tip: signed.tip,
    weight,
    priority: (signed.tip * 1_000_000n) / (weight === 0n ? 1n : weight),
    longevity: eraDeath(signed.era, current) - current,
    accountNonce,
  };
}

/**
 * The signature check `validateTransaction` would make for `extrinsic` on `ctx`, so that it can be made
 * elsewhere (a worker thread) beforehand: undefined when validation would fail before the check, when the
 * signature is already known to be valid for this checkpoint, or for ECDSA. Once the check passed,
 * `noteSignatureVerified(extrinsic, checkpoint)` spares validation from making it again.
 */
export function pendingSignatureCheck(
  ctx: BlockContext,
  chain: ChainIdentity,
  extrinsic: Extrinsic,
): { readonly check: SignatureCheck; readonly checkpoint: string } | undefined {
  const signed = extrinsic.signed;
  const signer = signed && lookupSigner(signed.address);
  if (!signed || !signer || signed.metadataHashEnabled || signed.signature.__kind === 'Ecdsa') return undefined;
  const current = ctx.block.number;
  const birth = eraBirth(signed.era, current);
  if (birth > current) return undefined;
  const checkpointHash = signed.era.immortal ? chain.genesisHash : ctx.state.get('System', 'BlockHash', birth);
  if (!signed.era.immortal && checkpointHash.every((byte) => byte === 0)) return undefined;
  const checkpoint = u8aToHex(checkpointHash);
  if (verifiedSignatures.get(extrinsic) === checkpoint) return undefined;
  const payload = signingPayload(ctx.model, extrinsic, { ...chain, checkpointHash });
  return {
    check: { scheme: signed.signature.__kind, payload, signature: signed.signature.value, publicKey: signer },
    checkpoint,
  };
}

/** Records that the signature of `extrinsic` was checked valid against the era checkpoint `checkpoint` (0x-hex). */
export function noteSignatureVerified(extrinsic: Extrinsic, checkpoint: string): void {
  verifiedSignatures.set(extrinsic, checkpoint);
}

function verifySignature(
  payload: Uint8Array,
  signature: { __kind: 'Sr25519' | 'Ed25519' | 'Ecdsa'; value: Uint8Array },
  signer: Uint8Array,
): boolean {
  try {
    switch (signature.__kind) {
      case 'Sr25519':
        // schnorrkel compiled to WASM verifies about ten times faster than util-crypto's pure-JS @scure/sr25519,
        // and verification is most of the cost of accepting a transaction.
        if (wasmCryptoReady() && signature.value.length === 64 && signer.length === 32) {
          return wasmSr25519Verify(signature.value, payload, signer);
        }
        return sr25519Verify(payload, signature.value, signer);
      case 'Ed25519':
        return ed25519Verify(payload, signature.value, signer);
      case 'Ecdsa':
        return signatureVerify(payload, u8aConcat([2], signature.value), signer).isValid;
    }
  } catch {
    return false;
  }
}
