export { BAD_CIDS, CID } from './cids.ts';
export {
  type DevAccountKey,
  type DevAccounts,
  derivedAccounts,
  devAccounts,
  emptyKeyring,
} from './dev-accounts.ts';
export { newBlocks, timeTravel } from './dev-rpc.ts';
export { dispatchErrorName, type ErrorNaming, extrinsicError } from './dispatch-error.ts';
export {
  createDevKeyring,
  DEFAULT_SS58_FORMAT,
  DEV_ACCOUNTS,
  type DevAccountName,
  type DevAccountsOptions,
  type InjectedAccount,
  injectedAccounts,
  KeyringSigner,
  type KeyringSignerOptions,
} from './keyring-signer.ts';
export { seededRandom } from './seeded-random.ts';
export {
  expectOutcome,
  type Outcome,
  type SubmitOptions,
  signAndWatch,
  submit,
  type WatchedTransaction,
} from './submit.ts';
export { type SudoOptions, sudo } from './sudo.ts';
