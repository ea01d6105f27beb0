/** Decoding a `DispatchError` (of `System.ExtrinsicFailed` or a `Sudo.Sudid` result) to a readable name. */
import '@bazari/chain-types/augment';
import type { ApiPromise } from '@polkadot/api';
import type { EventRecord } from '@polkadot/types/interfaces';
import type { SpRuntimeDispatchError } from '@polkadot/types/lookup';

/**
 * How a module error is named: `pallet`, by the pallet's name in the metadata (`Commerce.InvalidCid`);
 * `section`, by the api's section (`commerce.InvalidCid`).
 */
export type ErrorNaming = 'pallet' | 'section';

/** The dispatch error as `Pallet.Name` (module errors, see {@link ErrorNaming}), `Token.X`, `Arithmetic.X`, or its kind (`BadOrigin`). */
export function dispatchErrorName(
  api: ApiPromise,
  error: SpRuntimeDispatchError,
  naming: ErrorNaming = 'pallet',
): string {
  if (error.isModule) {
    const meta = api.registry.findMetaError(error.asModule);
    const pallet =
      naming === 'pallet'
        ? api.runtimeMetadata.asLatest.pallets.find((p) => p.index.toNumber() === error.asModule.index.toNumber())
        : undefined;
    return `${pallet ? pallet.name.toString() : meta.section}.${meta.name}`;
  }
  if (error.isToken) return `Token.${error.asToken.type}`;
  if (error.isArithmetic) return `Arithmetic.${error.asArithmetic.type}`;
  return error.type;
}

/** The name of the dispatch error of the `System.ExtrinsicFailed` among `events`, or null when there is none. */
export function extrinsicError(
  api: ApiPromise,
  events: readonly EventRecord[],
  naming: ErrorNaming = 'pallet',
): string | null {
  const failed = events.find(({ event }) => api.events.system.ExtrinsicFailed.is(event));
  return failed && api.events.system.ExtrinsicFailed.is(failed.event)
    ? dispatchErrorName(api, failed.event.data.dispatchError, naming)
    : null;
}
