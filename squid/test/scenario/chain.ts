/**
 * Driving the devnet through @polkadot/api 16.5.6 for the squid's scenario, resilience tests and benchmarks:
 * the connection (typed by the chain-types augmentation), the dev accounts and extra funded accounts, and
 * submitting a signed call to an instant-mode devnet, resolved with its block, its events and the decoded
 * dispatch error. Nothing here depends on vitest, so benchmarks reuse it.
 */
import '@bazari/chain-types/augment';
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Event, EventRecord } from '@polkadot/types/interfaces';
import type { SpRuntimeDispatchError } from '@polkadot/types/lookup';
import { cryptoWaitReady } from '@polkadot/util-crypto';

/** 1 BZR (and 1 ZARI) in planck: 12 decimals. */
export const BZR = 10n ** 12n;
export const ZARI_ASSET_ID = 1000;
export const SS58_PREFIX = 42;

/** Real CIDs (a CIDv0 and CIDv1s), as the pallets accept them. */
export const CID = {
  v0: 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG',
  v1: 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
  v1Raw: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
  v1Base58: 'zdj7WWeQ43G6JJvLWQWZpyHuAMq6uYWRjkBXFad11vE2LHhQ7',
  v1Base16: 'f01701220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a',
} as const;

export const DEV_NAMES = ['alice', 'bob', 'charlie', 'dave', 'eve', 'ferdie'] as const;
export type DevName = (typeof DEV_NAMES)[number];
export type DevAccounts = Record<DevName, KeyringPair>;

export interface Outcome {
  readonly blockHash: string;
  readonly blockNumber: number;
  readonly events: EventRecord[];
  /** `Section.Name` of the dispatch error (`Commerce.InvalidCid`, `BadOrigin`, `Token.FundsUnavailable`), or null. */
  readonly error: string | null;
}

export async function connect(wsUrl: string): Promise<ApiPromise> {
  await cryptoWaitReady();
  const provider = new WsProvider(wsUrl, false);
  await provider.connect();
  return ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
}

export function keyring(): Keyring {
  return new Keyring({ type: 'sr25519', ss58Format: SS58_PREFIX });
}

export function devAccounts(ring: Keyring = keyring()): DevAccounts {
  return Object.fromEntries(
    DEV_NAMES.map((name) => [name, ring.addFromUri(`//${name[0].toUpperCase()}${name.slice(1)}`)]),
  ) as DevAccounts;
}

/** Accounts `//<prefix><i>` for i in [0, count). */
export function derivedAccounts(prefix: string, count: number, ring: Keyring = keyring()): KeyringPair[] {
  return Array.from({ length: count }, (_, index) => ring.addFromUri(`//${prefix}${index}`));
}

/** The dispatch error as `Pallet.Name` (module errors), `Token.X`, `Arithmetic.X`, or its kind (`BadOrigin`). */
export function errorName(api: ApiPromise, error: SpRuntimeDispatchError): string {
  if (error.isModule) {
    const meta = api.registry.findMetaError(error.asModule);
    const pallet = api.runtimeMetadata.asLatest.pallets.find(
      (p) => p.index.toNumber() === error.asModule.index.toNumber(),
    );
    return `${pallet ? pallet.name.toString() : meta.section}.${meta.name}`;
  }
  if (error.isToken) return `Token.${error.asToken.type}`;
  if (error.isArithmetic) return `Arithmetic.${error.asArithmetic.type}`;
  return error.type;
}

/**
 * Signs and submits on an instant-mode devnet (each transaction builds its block), resolving once it is in
 * a block, with that block's events of the extrinsic and its dispatch error (null on success).
 */
export function submit(api: ApiPromise, tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let unsubscribe: (() => void) | undefined;
    tx.signAndSend(signer, (result) => {
      if (settled) return;
      if (result.status.isInBlock || result.status.isFinalized) {
        settled = true;
        unsubscribe?.();
        const failed = result.events.find(({ event }) => api.events.system.ExtrinsicFailed.is(event));
        const error =
          failed && api.events.system.ExtrinsicFailed.is(failed.event)
            ? errorName(api, failed.event.data.dispatchError)
            : null;
        const blockHash = (result.status.isInBlock ? result.status.asInBlock : result.status.asFinalized).toHex();
        api.rpc.chain
          .getHeader(blockHash)
          .then((header) =>
            resolve({
              blockHash,
              blockNumber: header.number.toNumber(),
              events: result.events as unknown as EventRecord[],
              error,
            }),
          )
          .catch(reject);
      } else if (result.status.isInvalid || result.status.isDropped || result.status.isUsurped) {
        settled = true;
        reject(new Error(`transaction ${result.status.type}`));
      }
    })
      .then((stop) => {
        if (settled) stop();
        else unsubscribe = stop;
      })
      .catch(reject);
  });
}

/** Submits and requires success (or the given error). */
export async function expectOutcome(
  api: ApiPromise,
  tx: SubmittableExtrinsic<'promise'>,
  signer: KeyringPair,
  error: string | null = null,
): Promise<Outcome> {
  const outcome = await submit(api, tx, signer);
  if (outcome.error !== error) {
    throw new Error(
      `${tx.method.section}.${tx.method.method} by ${signer.address}: expected ${error ?? 'success'}, got ${outcome.error ?? 'success'}`,
    );
  }
  return outcome;
}

/** Submits `call` through `Sudo.sudo` (Alice holds the key); requires the inner call's success (or `error`). */
export async function sudo(
  api: ApiPromise,
  alice: KeyringPair,
  call: SubmittableExtrinsic<'promise'>,
  error: string | null = null,
): Promise<Outcome> {
  const outcome = await expectOutcome(api, api.tx.sudo.sudo(call), alice);
  const sudid = outcome.events.find(({ event }) => api.events.sudo.Sudid.is(event));
  if (!sudid || !api.events.sudo.Sudid.is(sudid.event)) throw new Error('no Sudid event');
  const result = sudid.event.data.sudoResult;
  const inner = result.isErr ? errorName(api, result.asErr) : null;
  if (inner !== error)
    throw new Error(`sudo ${call.method.section}.${call.method.method}: expected ${error}, got ${inner}`);
  return { ...outcome, error: inner };
}

/** Builds `count` blocks now (`dev_newBlock`); returns the last one's hash. */
export async function newBlocks(api: ApiPromise, count = 1): Promise<string> {
  return (await api.rpc('dev_newBlock' as never, { count } as never)) as unknown as string;
}

/** Sets the next block's timestamp (`dev_timeTravel`, milliseconds). */
export async function timeTravel(api: ApiPromise, timestamp: number): Promise<void> {
  await api.rpc('dev_timeTravel' as never, timestamp as never);
}

export async function headNumber(api: ApiPromise): Promise<number> {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

/** Builds empty blocks so that the next transaction lands in block `n` (no-op if it already would). */
export async function nextBlockIs(api: ApiPromise, n: number): Promise<void> {
  const current = await headNumber(api);
  if (current >= n) throw new Error(`already at block ${current}, wanted the next to be ${n}`);
  if (n - 1 > current) await newBlocks(api, n - 1 - current);
}

/** The events `Section.Name` (e.g. `Commerce.OrderCreated`, metadata pallet names) of an outcome, as field maps. */
export function eventFields(outcome: { events: readonly EventRecord[] }, name: string): Record<string, unknown>[] {
  return outcome.events
    .map(({ event }) => event)
    .filter((event) => `${event.section}.${event.method}`.toLowerCase() === name.toLowerCase())
    .map(fields);
}

/** An event's fields as plain JSON (numbers as numbers or hex, accounts as SS58). */
export function fields(event: Event): Record<string, unknown> {
  const data = event.data as unknown as { names: string[] | null; [index: number]: { toJSON(): unknown } };
  if (!data.names) throw new Error(`${event.section}.${event.method} has unnamed fields`);
  return Object.fromEntries(data.names.map((name, index) => [name, data[index].toJSON()]));
}

/** The first `name` event's fields; throws if there is none. */
export function theEvent(outcome: { events: readonly EventRecord[] }, name: string): Record<string, unknown> {
  const [first] = eventFields(outcome, name);
  if (!first) throw new Error(`no ${name} event`);
  return first;
}
