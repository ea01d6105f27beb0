/** Calls through `Sudo.sudo`, whose outcome is the inner call's. */
import '@bazari/chain-types/augment';
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import { dispatchErrorName } from './dispatch-error.ts';
import { expectOutcome, type Outcome, type SubmitOptions } from './submit.ts';

export interface SudoOptions extends SubmitOptions {
  /** The inner call's expected error (null: success); when given, any other outcome throws. */
  readonly expect?: string | null;
}

/**
 * Submits `call` through `Sudo.sudo`, signed by the sudo key (Alice on the devnet); the `Sudo.sudo`
 * extrinsic itself must succeed. The outcome's error is the inner call's.
 */
export async function sudo(
  api: ApiPromise,
  key: KeyringPair,
  call: SubmittableExtrinsic<'promise'>,
  options: SudoOptions = {},
): Promise<Outcome> {
  const outcome = await expectOutcome(api, api.tx.sudo.sudo(call), key, null, options);
  const sudid = outcome.events.find(({ event }) => api.events.sudo.Sudid.is(event));
  if (!sudid || !api.events.sudo.Sudid.is(sudid.event)) throw new Error('no Sudid event');
  const result = sudid.event.data.sudoResult;
  const error = result.isErr ? dispatchErrorName(api, result.asErr, options.errorNaming) : null;
  if (options.expect !== undefined && error !== options.expect) {
    throw new Error(`sudo ${call.method.section}.${call.method.method}: expected ${options.expect}, got ${error}`);
  }
  return { ...outcome, error };
}
