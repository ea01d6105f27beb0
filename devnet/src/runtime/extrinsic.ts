import { type RuntimeModel, ScaleReader, ScaleWriter, signedExtensions } from '@bazari/chain-types';
import type { Era, MultiAddress, MultiSignature, RuntimeCall } from '@bazari/chain-types/generated';
import { blake2AsU8a } from '@polkadot/util-crypto';

const SIGNED_V4 = 0x84;
const UNSIGNED_V4 = 0x04;

export interface SignedPart {
  readonly address: MultiAddress;
  readonly signature: MultiSignature;
  readonly era: Mortality;
  readonly nonce: number;
  readonly tip: bigint;
  readonly metadataHashEnabled: boolean;
  /** The bytes of the extensions as the extrinsic carries them, which the signature covers. */
  readonly extraBytes: Uint8Array;
}

export interface Extrinsic {
  /** The opaque extrinsic: compact length prefix and body, as in a block's body. */
  readonly bytes: Uint8Array;
  /** blake2_256 of `bytes`, the hash clients look their extrinsic up by. */
  readonly hash: Uint8Array;
  readonly callBytes: Uint8Array;
  readonly call: RuntimeCall;
  readonly signed: SignedPart | null;
}

/** A mortal era's period and phase, or immortal. */
export type Mortality =
  | { readonly immortal: true }
  | { readonly immortal: false; readonly period: number; readonly phase: number };

export class ExtrinsicFormatError extends Error {}

const extensionIndex = (identifier: string) => signedExtensions.findIndex((e) => e.identifier === identifier);
const MORTALITY = extensionIndex('CheckMortality');
const NONCE = extensionIndex('CheckNonce');
const TIP = extensionIndex('ChargeTransactionPayment');
const METADATA_HASH = extensionIndex('CheckMetadataHash');

/** Decodes an opaque v4 extrinsic (with its length prefix); throws ExtrinsicFormatError on any malformation. */
export function decodeExtrinsic(model: RuntimeModel, bytes: Uint8Array): Extrinsic {
  try {
    const reader = new ScaleReader(bytes);
    const length = reader.compactNumber();
    if (length !== reader.remaining) throw new ExtrinsicFormatError('length prefix does not match the extrinsic');
    const version = reader.u8();
    let signed: SignedPart | null = null;
    if (version === SIGNED_V4) {
      const address = model.codec.decodeFrom(reader, model.typeIds.address) as MultiAddress;
      const signature = model.codec.decodeFrom(reader, model.typeIds.signature) as MultiSignature;
      const extraStart = reader.position;
      const extra = model.codec.decodeFrom(reader, model.typeIds.signedExtra) as unknown[];
      const mode = extra[METADATA_HASH] as { mode: { __kind: string } };
      signed = {
        address,
        signature,
        era: decodeEra(extra[MORTALITY] as Era),
        nonce: extra[NONCE] as number,
        tip: extra[TIP] as bigint,
        metadataHashEnabled: mode.mode.__kind === 'Enabled',
        extraBytes: bytes.subarray(extraStart, reader.position),
      };
    } else if (version !== UNSIGNED_V4) {
      throw new ExtrinsicFormatError(`unsupported extrinsic version byte 0x${version.toString(16)}`);
    }
    const callBytes = bytes.subarray(reader.position);
    const call = model.codec.decode(model.typeIds.runtimeCall, callBytes) as RuntimeCall;
    return { bytes, hash: blake2AsU8a(bytes, 256), callBytes, call, signed };
  } catch (error) {
    if (error instanceof ExtrinsicFormatError) throw error;
    throw new ExtrinsicFormatError(`Could not decode extrinsic: ${(error as Error).message}`);
  }
}

/** An unsigned (inherent) extrinsic carrying `call`. */
export function encodeUnsignedExtrinsic(model: RuntimeModel, call: RuntimeCall): Uint8Array {
  const body = new ScaleWriter();
  body.u8(UNSIGNED_V4);
  model.codec.encodeTo(body, model.typeIds.runtimeCall, call);
  const writer = new ScaleWriter();
  writer.lengthPrefixed(body.finish());
  return writer.finish();
}

export interface AdditionalSigned {
  readonly specVersion: number;
  readonly transactionVersion: number;
  readonly genesisHash: Uint8Array;
  /** The hash of the era's birth block, or the genesis hash when immortal. */
  readonly checkpointHash: Uint8Array;
}

/** The bytes the signer signs: call ++ extra ++ additional signed, hashed when longer than 256 bytes. */
export function signingPayload(model: RuntimeModel, extrinsic: Extrinsic, additional: AdditionalSigned): Uint8Array {
  const signed = extrinsic.signed;
  if (!signed) throw new Error('An unsigned extrinsic has no signing payload');
  const writer = new ScaleWriter(extrinsic.callBytes.length + 128);
  writer.bytes(extrinsic.callBytes);
  writer.bytes(signed.extraBytes);
  const implicit = signedExtensions.map((extension) => {
    switch (extension.identifier) {
      case 'CheckSpecVersion':
        return additional.specVersion;
      case 'CheckTxVersion':
        return additional.transactionVersion;
      case 'CheckGenesis':
        return additional.genesisHash;
      case 'CheckMortality':
        return additional.checkpointHash;
      case 'CheckMetadataHash':
        return null;
      default:
        return null;
    }
  });
  model.codec.encodeTo(writer, model.typeIds.additionalSigned, implicit);
  const payload = writer.finish();
  return payload.length > 256 ? blake2AsU8a(payload, 256) : payload;
}

function decodeEra(era: Era): Mortality {
  if (era.__kind === 'Immortal') return { immortal: true };
  const first = Number(era.__kind.slice('Mortal'.length));
  const encoded = first + ((era as { value: number }).value << 8);
  const period = 2 << (encoded % (1 << 4));
  const quantizeFactor = Math.max(period >> 12, 1);
  const phase = (encoded >> 4) * quantizeFactor;
  if (period < 4 || phase >= period) throw new ExtrinsicFormatError('invalid mortal era');
  return { immortal: false, period, phase };
}

/** The block number a mortal era was born at, seen from block `current` (sp_runtime::generic::Era::birth). */
export function eraBirth(era: Mortality, current: number): number {
  if (era.immortal) return 0;
  return Math.floor((Math.max(current, era.phase) - era.phase) / era.period) * era.period + era.phase;
}

/** The last block (exclusive) at which a transaction of this era is valid (Era::death). */
export function eraDeath(era: Mortality, current: number): number {
  if (era.immortal) return Number.MAX_SAFE_INTEGER;
  return eraBirth(era, current) + era.period;
}
