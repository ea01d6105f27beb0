import type { Runtime } from '@subsquid/substrate-runtime';
import { Account, FailedCall } from '../model/index.ts';
import type { Call, Event } from '../processor.ts';
import { events } from '../types/index.ts';
import type { DispatchError } from '../types/v100.ts';
import { account } from './accounts.ts';
import { address, type EventHandler, type EventHandlers, on, toJson } from './handler.ts';

/**
 * Failed calls into the Bazari pallets (Commerce, Escrow, Rewards, Dispute), so a wallet can see why its
 * attempt failed: one FailedCall row per failure, named after the failing call and its decoded error.
 *
 * - `System.ExtrinsicFailed`: the extrinsic's call is a Bazari call, or wraps one (Utility batch, batch_all,
 *   force_batch, as_derivative, dispatch_as, with_weight, Sudo). For a wrapper of several Bazari calls
 *   (batch_all) the chain does not say which one failed: the first one of the erroring pallet, else the first.
 * - `Utility.BatchInterrupted` (batch), `Utility.ItemFailed` (force_batch), `Utility.DispatchedAs` and
 *   `Sudo.Sudid`/`SudoAsDone` with an error: the extrinsic succeeded but the Bazari call inside failed.
 *
 * Errors: a module error is `Pallet.ErrorName` with the error's docs from the runtime metadata; the other
 * DispatchError variants are `BadOrigin`, `Token.FundsUnavailable`, `Arithmetic.Overflow`... with the docs of
 * their variant in the metadata's `sp_runtime` types.
 */

const BAZARI_PALLETS = new Set(['Commerce', 'Escrow', 'Rewards', 'Dispute']);
const BATCHES = new Set(['Utility.batch', 'Utility.batch_all', 'Utility.force_batch']);
const WRAPPERS = new Set([
  'Utility.as_derivative',
  'Utility.dispatch_as',
  'Utility.with_weight',
  'Sudo.sudo',
  'Sudo.sudo_unchecked_weight',
  'Sudo.sudo_as',
]);

interface CallRecord {
  readonly name: string;
  readonly args: unknown;
}

/** A call nested in another one's arguments, as the processor decodes it: `{__kind: pallet, value: {__kind: call, ...args}}`. */
function nestedCall(value: unknown): CallRecord | undefined {
  const outer = value as { __kind?: string; value?: { __kind?: string } } | undefined;
  if (typeof outer?.__kind !== 'string' || typeof outer.value?.__kind !== 'string') return undefined;
  const { __kind: name, ...args } = outer.value;
  return { name: `${outer.__kind}.${name}`, args };
}

/** The Bazari calls a call is or dispatches, in order. */
export function bazariCalls(call: CallRecord | undefined): CallRecord[] {
  if (!call) return [];
  if (BAZARI_PALLETS.has(call.name.split('.')[0])) return [call];
  const args = call.args as { calls?: unknown[]; call?: unknown } | undefined;
  if (BATCHES.has(call.name)) return (args?.calls ?? []).flatMap((item) => bazariCalls(nestedCall(item)));
  if (WRAPPERS.has(call.name)) return bazariCalls(nestedCall(args?.call));
  return [];
}

// ------------------------------------------------------------------------------------------------
// Errors

interface ErrorVariant {
  readonly name: string;
  readonly docs: string;
}

interface ErrorTables {
  /** Module errors by pallet index, then error index. */
  readonly modules: Map<number, { pallet: string; errors: Map<number, ErrorVariant> }>;
  /** Variants of `sp_runtime::DispatchError` by name, each with the variants of its field's enum, if any. */
  readonly dispatch: Map<string, { docs: string; inner: Map<string, ErrorVariant> }>;
}

const tablesByRuntime = new WeakMap<Runtime, ErrorTables>();

interface Si1Variant {
  name: string;
  index: number;
  docs: string[];
  fields: { type: number }[];
}

function errorTables(runtime: Runtime): ErrorTables {
  let tables = tablesByRuntime.get(runtime);
  if (tables) return tables;
  const modules: ErrorTables['modules'] = new Map();
  const dispatch: ErrorTables['dispatch'] = new Map();
  if (runtime.metadata.__kind === 'V14') {
    const { lookup, pallets } = runtime.metadata.value;
    const variantsOf = (typeId: number): Si1Variant[] => {
      const def = lookup.types[typeId]?.type.def;
      return def?.__kind === 'Variant' ? def.value.variants : [];
    };
    const asVariant = (variant: Si1Variant): ErrorVariant => ({ name: variant.name, docs: variant.docs.join('\n') });
    for (const pallet of pallets) {
      if (!pallet.errors) continue;
      const errors = new Map(variantsOf(pallet.errors.type).map((variant) => [variant.index, asVariant(variant)]));
      modules.set(pallet.index, { pallet: pallet.name, errors });
    }
    const dispatchError = lookup.types.find((type) => type.type.path.join('::') === 'sp_runtime::DispatchError');
    for (const variant of dispatchError ? variantsOf(dispatchError.id) : []) {
      const field = variant.fields[0];
      const inner = new Map(field ? variantsOf(field.type).map((item) => [item.name, asVariant(item)]) : []);
      dispatch.set(variant.name, { docs: variant.docs.join('\n'), inner });
    }
  }
  tables = { modules, dispatch };
  tablesByRuntime.set(runtime, tables);
  return tables;
}

/**
 * sp_runtime's documentation of the DispatchError variants (and of the Token and Arithmetic errors), for a
 * runtime whose metadata leaves them undocumented (the devnet's): the metadata's docs come first.
 */
const SP_RUNTIME_DOCS: Readonly<Record<string, string>> = {
  Other: 'Some error occurred.',
  CannotLookup: 'Failed to lookup some data.',
  BadOrigin: 'A bad origin.',
  ConsumerRemaining: 'At least one consumer is remaining so the account cannot be destroyed.',
  NoProviders: 'There are no providers so the account cannot be created.',
  TooManyConsumers: 'There are too many consumers so the account cannot be created.',
  Token: 'An error to do with tokens.',
  Arithmetic: 'An arithmetic error.',
  Transactional: 'The number of transactional layers has been reached, or we are not in a transactional layer.',
  Exhausted: 'Resources exhausted, e.g. attempt to read/write data which is too large to manipulate.',
  Corruption: 'The state is corrupt; this is generally not going to fix itself.',
  Unavailable: 'Some resource (e.g. a preimage) is unavailable right now. This might fix itself later.',
  RootNotAllowed: 'Root origin is not allowed.',
  Trie: 'An error with tries.',
  'Token.FundsUnavailable': 'Funds are unavailable.',
  'Token.OnlyProvider':
    'Some part of the balance gives the only provider reference to the account and thus cannot be (re)moved.',
  'Token.BelowMinimum': 'Account cannot exist with the funds that would be given.',
  'Token.CannotCreate': 'Account cannot be created.',
  'Token.UnknownAsset': 'The asset in question is unknown.',
  'Token.Frozen': 'Funds exist but are frozen.',
  'Token.Unsupported': 'Operation is not supported by the asset.',
  'Token.CannotCreateHold': 'Account cannot be created for recording amount on hold.',
  'Token.NotExpendable': 'Account that is desired to remain would die.',
  'Token.Blocked': 'Account cannot receive the assets.',
  'Arithmetic.Underflow': 'Underflow.',
  'Arithmetic.Overflow': 'Overflow.',
  'Arithmetic.DivisionByZero': 'Division by zero.',
};

export interface DecodedError {
  /** `Pallet.ErrorName`, `BadOrigin`, `Token.FundsUnavailable`... */
  readonly name: string;
  readonly docs: string | null;
  /** The pallet of a module error. */
  readonly pallet?: string;
}

export function decodeDispatchError(runtime: Runtime, error: DispatchError): DecodedError {
  const tables = errorTables(runtime);
  if (error.__kind === 'Module') {
    const { index, error: bytes } = error.value;
    const errorIndex = Number.parseInt(bytes.slice(2, 4), 16);
    const pallet = tables.modules.get(index);
    const variant = pallet?.errors.get(errorIndex);
    if (!pallet || !variant) return { name: `Module(${index}).${errorIndex}`, docs: null };
    return { name: `${pallet.pallet}.${variant.name}`, docs: variant.docs || null, pallet: pallet.pallet };
  }
  const outer = tables.dispatch.get(error.__kind);
  const inner = 'value' in error ? (error.value as { __kind?: string } | undefined)?.__kind : undefined;
  if (inner === undefined) return { name: error.__kind, docs: outer?.docs || SP_RUNTIME_DOCS[error.__kind] || null };
  const name = `${error.__kind}.${inner}`;
  return { name, docs: outer?.inner.get(inner)?.docs || SP_RUNTIME_DOCS[name] || outer?.docs || null };
}

// ------------------------------------------------------------------------------------------------
// Handlers

interface Failure {
  readonly call: CallRecord;
  readonly error: DispatchError;
}

function signerOf(event: Event): string | undefined {
  const signer = (event.extrinsic?.signature as { address?: { __kind?: string; value?: unknown } } | undefined)
    ?.address;
  return signer?.__kind === 'Id' && typeof signer.value === 'string' ? address(signer.value) : undefined;
}

function asRecord(call: Call | undefined): CallRecord | undefined {
  return call ? { name: call.name, args: call.args } : undefined;
}

/** The Bazari call a failure is about, or undefined when it is about none. */
function failedBazariCall(calls: CallRecord[], error: DispatchError, runtime: Runtime): CallRecord | undefined {
  if (calls.length <= 1) return calls[0];
  const { pallet } = decodeDispatchError(runtime, error);
  return calls.find((call) => call.name.startsWith(`${pallet}.`)) ?? calls[0];
}

/** A handler of an event that reports a failure, given how to find the failing Bazari call. */
function failureHandler<Args>(
  decode: (event: Event) => Args,
  failureOf: (args: Args, event: Event) => Failure | undefined,
): EventHandler<{ failure: Failure | undefined }> {
  return on({
    decode: (event) => ({ failure: failureOf(decode(event), event) }),
    indexed: ({ failure }) => failure !== undefined,
    want: (_args, batch, event) => batch.want(Account, signerOf(event)),
    apply: ({ failure }, { batch, block, event, timestamp }) => {
      if (!failure || !event.extrinsic) return;
      const signer = signerOf(event);
      const error = decodeDispatchError(block._runtime, failure.error);
      batch.save(
        new FailedCall({
          id: event.id,
          blockNumber: block.height,
          timestamp,
          extrinsicHash: event.extrinsic.hash,
          extrinsicIndex: event.extrinsic.index,
          signer: signer === undefined ? null : account(batch, signer, block.height),
          call: failure.call.name,
          error: error.name,
          errorDocs: error.docs,
          args: toJson(failure.call.args),
        }),
      );
    },
  });
}

/** The failing Bazari call of a wrapper (dispatch_as, sudo) whose result is an error. */
function wrappedFailure(
  result: { __kind: 'Ok'; value?: unknown } | { __kind: 'Err'; value: DispatchError },
  event: Event,
): Failure | undefined {
  if (result.__kind !== 'Err') return undefined;
  const call = failedBazariCall(bazariCalls(asRecord(event.call)), result.value, event.block._runtime);
  return call && { call, error: result.value };
}

/** The k-th ItemFailed of a force_batch is its k-th failed item (only Bazari items and wrappers are known). */
function forceBatchFailure(error: DispatchError, event: Event): Failure | undefined {
  const batchCall = event.call;
  if (!batchCall) return undefined;
  // Compared as the processor gives them (the failed items' errors are not decoded by the bindings).
  const errorOf = (item: { error?: unknown } | undefined) => JSON.stringify(item?.error);
  const key = errorOf(event.args as { error?: unknown });
  const sameError = (item: { error?: unknown } | undefined) => errorOf(item) === key;
  const failedEvents = batchCall.events.filter(
    (other) =>
      other.name === events.utility.itemFailed.name &&
      other.call === batchCall &&
      sameError(other.args as { error?: unknown }),
  );
  const failedItems = batchCall.subcalls.filter(
    (sub) => sub.parentCall === batchCall && sub.success === false && sameError(sub),
  );
  if (failedItems.length !== failedEvents.length) return undefined;
  const item = failedItems[failedEvents.indexOf(event)];
  const call = failedBazariCall(bazariCalls(asRecord(item)), error, event.block._runtime);
  return call && { call, error };
}

export const failedCallHandlers: EventHandlers = {
  [events.system.extrinsicFailed.name]: failureHandler(
    (event) => events.system.extrinsicFailed.v100.decode(event),
    ({ dispatchError }, event) => {
      const calls = bazariCalls(asRecord(event.extrinsic?.call));
      const call = failedBazariCall(calls, dispatchError, event.block._runtime);
      return call && { call, error: dispatchError };
    },
  ),
  [events.utility.batchInterrupted.name]: failureHandler(
    (event) => events.utility.batchInterrupted.v100.decode(event),
    ({ index, error }, event) => {
      const items = (event.call?.args as { calls?: unknown[] } | undefined)?.calls ?? [];
      const call = failedBazariCall(bazariCalls(nestedCall(items[index])), error, event.block._runtime);
      return call && { call, error };
    },
  ),
  [events.utility.itemFailed.name]: failureHandler(
    (event) => events.utility.itemFailed.v100.decode(event),
    ({ error }, event) => forceBatchFailure(error, event),
  ),
  [events.utility.dispatchedAs.name]: failureHandler(
    (event) => events.utility.dispatchedAs.v100.decode(event),
    ({ result }, event) => wrappedFailure(result, event),
  ),
  [events.sudo.sudid.name]: failureHandler(
    (event) => events.sudo.sudid.v100.decode(event),
    ({ sudoResult }, event) => wrappedFailure(sudoResult, event),
  ),
  [events.sudo.sudoAsDone.name]: failureHandler(
    (event) => events.sudo.sudoAsDone.v100.decode(event),
    ({ sudoResult }, event) => wrappedFailure(sudoResult, event),
  ),
};
