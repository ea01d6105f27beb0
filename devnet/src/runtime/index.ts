import { RuntimeModel } from '@bazari/chain-types';
import { Dispatcher, type PalletRuntime } from './dispatcher.ts';
import { assetsRuntime } from './pallets/assets.ts';
import { balancesRuntime } from './pallets/balances.ts';
import { commerceRuntime } from './pallets/commerce.ts';
import { disputeRuntime } from './pallets/dispute.ts';
import { escrowRuntime } from './pallets/escrow.ts';
import { rewardsRuntime } from './pallets/rewards.ts';
import { sudoRuntime } from './pallets/sudo.ts';
import { systemRuntime } from './pallets/system.ts';
import { timestampRuntime } from './pallets/timestamp.ts';
import { utilityRuntime } from './pallets/utility.ts';

/** The pallets the devnet executes, in runtime order (hooks run in this order). */
export const runtimePallets: readonly PalletRuntime[] = [
  systemRuntime,
  timestampRuntime,
  balancesRuntime,
  sudoRuntime,
  utilityRuntime,
  assetsRuntime,
  commerceRuntime,
  escrowRuntime,
  rewardsRuntime,
  disputeRuntime,
] as PalletRuntime[];

export function createRuntime(): { model: RuntimeModel; dispatcher: Dispatcher } {
  return { model: new RuntimeModel(), dispatcher: new Dispatcher(runtimePallets) };
}
