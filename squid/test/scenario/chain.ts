/**
 * Driving the devnet through @polkadot/api 16.5.6 for the squid's scenario, resilience tests and benchmarks:
 * the connection (typed by the chain-types augmentation), the dev accounts and extra funded accounts, and
 * submitting a signed call to an instant-mode devnet, resolved with its block, its events and the decoded
 * dispatch error (`@bazari/devnet/testing`, named `Pallet.Name`). Nothing here depends on vitest, so
 * benchmarks reuse it.
 */
import '@bazari/chain-types/augment';
import { DEFAULT_SS58_FORMAT, newBlocks, type Outcome, sudo as sudoCall } from '@bazari/devnet/testing';
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Event, EventRecord } from '@polkadot/types/interfaces';
import { cryptoWaitReady } from '@polkadot/util-crypto';

export {
  CID,
  type DevAccounts,
  derivedAccounts,
  devAccounts,
  dispatchErrorName as errorName,
  expectOutcome,
  newBlocks,
  type Outcome,
  submit,
  timeTravel,
} from '@bazari/devnet/testing';

/** 1 BZR (and 1 ZARI) in planck: 12 decimals. */
export const BZR = 10n ** 12n;
export const ZARI_ASSET_ID = 1000;
export const SS58_PREFIX = DEFAULT_SS58_FORMAT;

export async function connect(wsUrl: string): Promise<ApiPromise> {
  await cryptoWaitReady();
  const provider = new WsProvider(wsUrl, false);
  await provider.connect();
  return ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
}

/** Submits `call` through `Sudo.sudo` (Alice holds the key); requires the inner call's success (or `error`). */
export function sudo(
  api: ApiPromise,
  alice: KeyringPair,
  call: SubmittableExtrinsic<'promise'>,
  error: string | null = null,
): Promise<Outcome> {
  return sudoCall(api, alice, call, { expect: error });
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
