import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { IKeyringPair, SignatureOptions } from '@polkadot/types/types';
import { u8aConcat } from '@polkadot/util';
import {
  encodeAddress,
  keyExtractSuri,
  keyFromPath,
  mnemonicToMiniSecret,
  sr25519PairFromSeed,
} from '@polkadot/util-crypto';
import { sr25519Sign } from '@polkadot/wasm-crypto';

/**
 * Offline signing with @polkadot/api: one connection fetches the metadata, runtime version and genesis hash,
 * then every signature is made with explicit nonce, era, block hash and runtime version, so signing makes no
 * RPC call. Transactions are immortal (`era` 0, checkpoint = genesis), so they stay valid whatever the head.
 */
export class OfflineSigner {
  readonly #options: Omit<SignatureOptions, 'nonce'>;

  private constructor(readonly api: ApiPromise) {
    this.#options = {
      era: api.registry.createType('ExtrinsicEra', new Uint8Array([0])),
      blockHash: api.genesisHash,
      genesisHash: api.genesisHash,
      runtimeVersion: api.runtimeVersion,
      signedExtensions: api.registry.signedExtensions,
    };
  }

  static async connect(wsUrl: string): Promise<OfflineSigner> {
    const api = await ApiPromise.create({ provider: new WsProvider(wsUrl), noInitWarn: true, throwOnConnect: true });
    return new OfflineSigner(api);
  }

  /** Signs `tx` as `signer` with `nonce`; returns the hex of the signed extrinsic. */
  sign(tx: SubmittableExtrinsic<'promise'>, signer: IKeyringPair, nonce: number): string {
    return tx.sign(signer, { ...this.#options, nonce }).toHex();
  }

  transferKeepAlive(signer: IKeyringPair, dest: string, amount: bigint, nonce: number): string {
    return this.sign(this.api.tx.balances.transferKeepAlive(dest, amount), signer, nonce);
  }

  /** `utility.batchAll` of `transferKeepAlive(dest, amount)` to every destination. */
  batchTransfers(signer: IKeyringPair, dests: readonly string[], amount: bigint, nonce: number): string {
    const calls = dests.map((dest) => this.api.tx.balances.transferKeepAlive(dest, amount));
    return this.sign(this.api.tx.utility.batchAll(calls), signer, nonce);
  }

  disconnect(): Promise<void> {
    return this.api.disconnect();
  }
}

/** The dev phrase every `//Name` account of a Substrate dev chain derives from. */
const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
/** Multisignature variant of sr25519, which prefixes a signature when the runtime takes a `MultiSignature`. */
const SR25519_VARIANT = new Uint8Array([1]);

/**
 * An sr25519 account from a dev URI (`//Alice`, `//bench//7`), derived exactly as polkadot-js's keyring derives
 * it, that signs with the WASM schnorrkel of @polkadot/wasm-crypto: several times faster than the pure-JS
 * signer the keyring uses, which would otherwise dominate the benchmark's set-up.
 */
export function devAccount(uri: string): IKeyringPair {
  const { path } = keyExtractSuri(`${DEV_PHRASE}${uri}`);
  const { publicKey, secretKey } = keyFromPath(sr25519PairFromSeed(mnemonicToMiniSecret(DEV_PHRASE)), path, 'sr25519');
  return {
    address: encodeAddress(publicKey, 42),
    addressRaw: publicKey,
    publicKey,
    sign: (data: Uint8Array, options?: { withType?: boolean }) => {
      const signature = sr25519Sign(publicKey, secretKey, data);
      return options?.withType ? u8aConcat(SR25519_VARIANT, signature) : signature;
    },
  };
}

/** //Alice and `count` bench accounts (`//bench//0`, `//bench//1`, …). */
export function benchAccounts(count: number): { alice: IKeyringPair; accounts: IKeyringPair[] } {
  return {
    alice: devAccount('//Alice'),
    accounts: Array.from({ length: count }, (_, index) => devAccount(`//bench//${index}`)),
  };
}
