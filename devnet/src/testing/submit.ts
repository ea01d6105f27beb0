/**
 * Signing and submitting an extrinsic, then waiting for its block: InBlock, or Finalized when finality
 * came first (an instant-mode devnet builds one block per transaction and finalizes it at once).
 */
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { EventRecord } from '@polkadot/types/interfaces';
import type { ISubmittableResult } from '@polkadot/types/types';
import { type ErrorNaming, extrinsicError } from './dispatch-error.ts';

export interface WatchedTransaction {
  /** The first result in a block (InBlock, or Finalized when finality came first), with its events. */
  readonly result: ISubmittableResult;
  /** Every status seen until then, e.g. `['Ready', 'InBlock']`. */
  readonly statuses: string[];
  readonly blockHash: string;
}

/**
 * Signs and sends through `author_submitAndWatchExtrinsic`, resolving once the transaction is in a block
 * (InBlock or Finalized) or failing on a pool rejection or a terminal status (Invalid, Dropped, Usurped).
 * `onStatus` sees every result, e.g. to build the next block once the transaction is in the pool.
 */
export function signAndWatch(
  tx: SubmittableExtrinsic<'promise'>,
  account: KeyringPair | string,
  options: Parameters<SubmittableExtrinsic<'promise'>['signAndSend']>[1] = {},
  onStatus?: (result: ISubmittableResult) => void,
): Promise<WatchedTransaction> {
  return new Promise((resolve, reject) => {
    const statuses: string[] = [];
    let unsubscribe: (() => void) | undefined;
    let done = false;
    tx.signAndSend(account, options, (result) => {
      if (done) return;
      statuses.push(result.status.type);
      onStatus?.(result);
      if (result.status.isInBlock || result.status.isFinalized) {
        done = true;
        unsubscribe?.();
        const blockHash = (result.status.isInBlock ? result.status.asInBlock : result.status.asFinalized).toHex();
        resolve({ result, statuses, blockHash });
      } else if (result.status.isInvalid || result.status.isDropped || result.status.isUsurped) {
        done = true;
        unsubscribe?.();
        reject(new Error(`transaction ${result.status.type}`));
      }
    })
      .then((stop) => {
        if (done) stop();
        else unsubscribe = stop;
      })
      .catch(reject);
  });
}

export interface Outcome {
  readonly blockHash: string;
  readonly blockNumber: number;
  /** The events of the transaction. */
  readonly events: EventRecord[];
  /** The name of the dispatch error (`Commerce.InvalidCid`, `BadOrigin`, `Token.FundsUnavailable`), or null. */
  readonly error: string | null;
}

export interface SubmitOptions {
  /** How module errors are named; `pallet` (`Commerce.InvalidCid`) by default. */
  readonly errorNaming?: ErrorNaming;
}

/** Signs and submits, resolving once the transaction is in a block, with its events and its dispatch error. */
export async function submit(
  api: ApiPromise,
  tx: SubmittableExtrinsic<'promise'>,
  signer: KeyringPair,
  options: SubmitOptions = {},
): Promise<Outcome> {
  const { result, blockHash } = await signAndWatch(tx, signer);
  const events = result.events as unknown as EventRecord[];
  const header = await api.rpc.chain.getHeader(blockHash);
  return {
    blockHash,
    blockNumber: header.number.toNumber(),
    events,
    error: extrinsicError(api, events, options.errorNaming),
  };
}

/** Submits and requires success (or the given error); throws otherwise. */
export async function expectOutcome(
  api: ApiPromise,
  tx: SubmittableExtrinsic<'promise'>,
  signer: KeyringPair,
  error: string | null = null,
  options: SubmitOptions = {},
): Promise<Outcome> {
  const outcome = await submit(api, tx, signer, options);
  if (outcome.error !== error) {
    throw new Error(
      `${tx.method.section}.${tx.method.method} by ${signer.address}: expected ${error ?? 'success'}, got ${outcome.error ?? 'success'}`,
    );
  }
  return outcome;
}
