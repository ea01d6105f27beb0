import { type NamedTypeDef, type PalletDef, struct } from './dsl.ts';
import { extensionTypes } from './extensions.ts';
import { assetsPallet } from './pallets/assets.ts';
import { balancesPallet } from './pallets/balances.ts';
import { commercePallet } from './pallets/commerce.ts';
import { disputePallet } from './pallets/dispute.ts';
import { escrowPallet } from './pallets/escrow.ts';
import { rewardsPallet } from './pallets/rewards.ts';
import { sudoPallet } from './pallets/sudo.ts';
import { systemPallet } from './pallets/system.ts';
import { timestampPallet } from './pallets/timestamp.ts';
import { transactionPaymentPallet } from './pallets/transaction-payment.ts';
import { utilityPallet } from './pallets/utility.ts';
import { primitiveTypes } from './primitives.ts';
import { runtimeApiTypes } from './runtime-apis.ts';

/** The Bazari runtime: its pallets in index order, its version and its chain properties. */
export const RUNTIME_CRATE = 'bazari_runtime';

export const pallets: readonly PalletDef[] = [
  systemPallet,
  timestampPallet,
  balancesPallet,
  transactionPaymentPallet,
  sudoPallet,
  utilityPallet,
  assetsPallet,
  commercePallet,
  escrowPallet,
  rewardsPallet,
  disputePallet,
];

export function allNamedTypes(): Record<string, NamedTypeDef> {
  const named: Record<string, NamedTypeDef> = {};
  const add = (source: string, types: Readonly<Record<string, NamedTypeDef>> = {}) => {
    for (const [name, def] of Object.entries(types)) {
      if (named[name]) throw new Error(`Type ${name} of ${source} is already declared`);
      named[name] = def;
    }
  };
  add('runtime', { Runtime: struct(`${RUNTIME_CRATE}::Runtime`, []) });
  add('primitives', primitiveTypes);
  add('extensions', extensionTypes);
  add('runtime APIs', runtimeApiTypes);
  for (const pallet of pallets) add(pallet.name, pallet.types);
  return named;
}
