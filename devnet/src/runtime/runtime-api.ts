import {
  encodeMetadata,
  type MetadataVersion,
  type RuntimeModel,
  runtimeApis,
  runtimeVersion,
  ScaleReader,
  ScaleWriter,
  SUPPORTED_METADATA_VERSIONS,
} from '@bazari/chain-types';
import type { TransactionSource, TransactionValidity } from '@bazari/chain-types/generated';
import type { StoredBlock } from '../database/chain-database.ts';
import { BlockContext } from './context.ts';
import type { Executive } from './executive.ts';
import { decodeExtrinsic, type Extrinsic } from './extrinsic.ts';
import { feeDetails, partialFee } from './fees.ts';
import { type StateReader, StorageOverlay } from './state.ts';
import { InvalidTransactionError } from './validation.ts';

/** `state_call` failed: the method is unknown or its input does not decode. */
export class RuntimeApiError extends Error {}

/** Where a runtime API call executes: a block and the state after it. */
export interface CallSite {
  readonly block: StoredBlock;
  readonly state: StateReader;
}

type ApiMethod = (input: ScaleReader, site: CallSite) => Uint8Array;

/**
 * The runtime APIs the devnet answers through `state_call` (`<Api>_<method>`), with inputs and
 * outputs SCALE-encoded with the types the metadata V15 lists for them.
 */
export class RuntimeApi {
  private readonly methods: Map<string, ApiMethod>;
  private readonly metadataCache = new Map<MetadataVersion, Uint8Array>();

  constructor(
    private readonly model: RuntimeModel,
    private readonly executive: Executive,
  ) {
    this.methods = new Map<string, ApiMethod>([
      ['Core_version', () => this.output('Core', 'version', runtimeVersion)],
      ['Metadata_metadata', () => this.output('Metadata', 'metadata', this.metadata(14))],
      [
        'Metadata_metadata_versions',
        () => this.output('Metadata', 'metadata_versions', [...SUPPORTED_METADATA_VERSIONS]),
      ],
      [
        'Metadata_metadata_at_version',
        (input) => {
          const version = this.input(input, 'Metadata', 'metadata_at_version').version as number;
          const supported = (SUPPORTED_METADATA_VERSIONS as readonly number[]).includes(version);
          return this.output(
            'Metadata',
            'metadata_at_version',
            supported ? this.metadata(version as MetadataVersion) : null,
          );
        },
      ],
      [
        'AccountNonceApi_account_nonce',
        (input, site) => {
          const { account } = this.input(input, 'AccountNonceApi', 'account_nonce') as { account: Uint8Array };
          const nonce = this.context(site).state.get('System', 'Account', account).nonce;
          return this.output('AccountNonceApi', 'account_nonce', nonce);
        },
      ],
      ['TransactionPaymentApi_query_info', (input) => this.queryInfo(input)],
      ['TransactionPaymentApi_query_fee_details', (input) => this.queryFeeDetails(input)],
      ['TaggedTransactionQueue_validate_transaction', (input, site) => this.validateTransaction(input, site)],
    ]);
  }

  call(method: string, data: Uint8Array, site: CallSite): Uint8Array {
    const implementation = this.methods.get(method);
    if (!implementation) throw new RuntimeApiError(`Exported method ${method} is not found`);
    const reader = new ScaleReader(data);
    try {
      return implementation(reader, site);
    } catch (error) {
      if (error instanceof RangeError || error instanceof TypeError) {
        throw new RuntimeApiError(`Could not decode the input of ${method}: ${error.message}`);
      }
      throw error;
    }
  }

  metadata(version: MetadataVersion): Uint8Array {
    let bytes = this.metadataCache.get(version);
    if (!bytes) {
      bytes = encodeMetadata(this.model, version);
      this.metadataCache.set(version, bytes);
    }
    return bytes;
  }

  /** `query_info` (and `payment_queryInfo`): the call's weight (without the extrinsic base weight, as FRAME), class and fee without tip. */
  dispatchInfo(extrinsic: Extrinsic, length: number) {
    const info = this.executive.dispatcher.info(extrinsic.call);
    return {
      weight: { ref_time: info.weight, proof_size: 0n },
      class: { __kind: info.class },
      partial_fee: info.paysFee ? partialFee(info.weight, length) : 0n,
    };
  }

  feeDetails(extrinsic: Extrinsic, length: number) {
    const info = this.executive.dispatcher.info(extrinsic.call);
    const details = feeDetails(info.weight, length);
    return {
      inclusion_fee: info.paysFee
        ? { base_fee: details.baseFee, len_fee: details.lenFee, adjusted_weight_fee: details.adjustedWeightFee }
        : null,
      tip: extrinsic.signed?.tip ?? 0n,
    };
  }

  private queryInfo(input: ScaleReader): Uint8Array {
    const { uxt, len } = this.input(input, 'TransactionPaymentApi', 'query_info') as { uxt: Uint8Array; len: number };
    return this.output('TransactionPaymentApi', 'query_info', this.dispatchInfo(this.extrinsic(uxt), len));
  }

  private queryFeeDetails(input: ScaleReader): Uint8Array {
    const { uxt, len } = this.input(input, 'TransactionPaymentApi', 'query_fee_details') as {
      uxt: Uint8Array;
      len: number;
    };
    return this.output('TransactionPaymentApi', 'query_fee_details', this.feeDetails(this.extrinsic(uxt), len));
  }

  private validateTransaction(input: ScaleReader, site: CallSite): Uint8Array {
    const { tx } = this.input(input, 'TaggedTransactionQueue', 'validate_transaction') as {
      source: TransactionSource;
      tx: Uint8Array;
    };
    const ctx = this.context(site);
    let validity: TransactionValidity;
    try {
      const valid = this.executive.validate(ctx, this.extrinsic(tx));
      const tag = (nonce: number) => {
        const writer = new ScaleWriter(36);
        writer.bytes(valid.signer);
        writer.u32(nonce);
        return writer.finish();
      };
      validity = {
        __kind: 'Ok',
        value: {
          priority: valid.priority,
          requires: valid.nonce > valid.accountNonce ? [tag(valid.nonce - 1)] : [],
          provides: [tag(valid.nonce)],
          longevity: BigInt(valid.longevity),
          propagate: true,
        },
      };
    } catch (error) {
      if (!(error instanceof InvalidTransactionError)) throw error;
      const { validity: failure } = error;
      validity = {
        __kind: 'Err',
        value:
          failure.kind === 'Invalid'
            ? { __kind: 'Invalid', value: failure.reason }
            : { __kind: 'Unknown', value: failure.reason },
      };
    }
    return this.output('TaggedTransactionQueue', 'validate_transaction', validity);
  }

  /** A context on the block after `site`, as the runtime initializes one to validate transactions. */
  private context(site: CallSite): BlockContext {
    const ctx = new BlockContext(
      this.model,
      new StorageOverlay(site.state),
      { number: site.block.number + 1, parentHash: site.block.hash, timestamp: 0n },
      this.executive.dispatcher,
    );
    ctx.state.set('System', 'BlockHash', [site.block.number], site.block.hash);
    return ctx;
  }

  private extrinsic(bytes: Uint8Array): Extrinsic {
    return decodeExtrinsic(this.model, bytes);
  }

  private input(reader: ScaleReader, api: string, method: string): Record<string, unknown> {
    const inputs = this.methodDef(api, method).inputs;
    const values: Record<string, unknown> = {};
    for (const [name, expr] of Object.entries(inputs)) {
      // An extrinsic input is the opaque extrinsic itself (length prefix included).
      if (expr === 'UncheckedExtrinsic') {
        const start = reader.position;
        const length = reader.compactNumber();
        reader.take(length);
        values[name] = reader.bytes.slice(start, reader.position);
      } else values[name] = this.model.codec.decodeFrom(reader, this.model.typeId(expr));
    }
    if (reader.remaining !== 0) throw new RangeError(`${reader.remaining} trailing byte(s)`);
    return values;
  }

  private output(api: string, method: string, value: unknown): Uint8Array {
    return this.model.codec.encode(this.model.typeId(this.methodDef(api, method).output), value);
  }

  private methodDef(api: string, method: string) {
    const found = runtimeApis.find((entry) => entry.name === api)?.methods.find((entry) => entry.name === method);
    if (!found) throw new Error(`Runtime API ${api}.${method} is not declared in chain-types`);
    return found;
  }
}
