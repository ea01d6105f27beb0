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
