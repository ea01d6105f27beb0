import { palletAccountId, type RuntimeModel, runtimeVersion } from '@bazari/chain-types';
import type { ChainSpec } from '../chain-spec/chain-spec.ts';
import { BlockContext } from '../runtime/context.ts';
import type { Dispatcher } from '../runtime/dispatcher.ts';
import { mint } from '../runtime/pallets/balances.ts';
import { type StorageDiff, StorageOverlay } from '../runtime/state.ts';
import { IncrementalTrie, orderedTrieRoot } from '../trie/index.ts';
import { encodeHeader, hashHeader } from './header.ts';

export interface GenesisBlock {
  readonly hash: Uint8Array;
  readonly header: Uint8Array;
  readonly state: StorageDiff;
  readonly trie: IncrementalTrie;
}

/** Builds block 0 and its state from the chain spec: endowments, sudo key, treasury, the ZARI asset. */
export function buildGenesis(model: RuntimeModel, dispatcher: Dispatcher, spec: ChainSpec): GenesisBlock {
  const overlay = new StorageOverlay({ get: () => null });
  const ctx = new BlockContext(
    model,
    overlay,
    { number: 0, parentHash: new Uint8Array(32), timestamp: spec.genesis.timestamp },
    dispatcher,
  );
  const { state } = ctx;
  for (const { account, amount } of spec.genesis.balances) mint(ctx, account, amount);
  const treasury = model.constant('Commerce', 'TreasuryAccount') as Uint8Array;
  mint(ctx, treasury, spec.genesis.treasuryEndowment);
  state.set('Sudo', 'Key', [], spec.genesis.sudo);
  for (const asset of spec.genesis.assets) {
    const owner = palletAccountId(asset.ownerPalletId);
    state.set('Assets', 'Asset', [asset.id], {
      owner,
      issuer: owner,
      admin: owner,
      freezer: owner,
      supply: 0n,
      deposit: 0n,
      min_balance: asset.minBalance,
      is_sufficient: true,
      accounts: 0,
      sufficients: 0,
      approvals: 0,
      status: { __kind: 'Live' },
    });
    state.set('Assets', 'Metadata', [asset.id], {
      deposit: 0n,
      name: new TextEncoder().encode(asset.name),
      symbol: new TextEncoder().encode(asset.symbol),
      decimals: asset.decimals,
      is_frozen: false,
    });
  }
  state.set('Timestamp', 'Now', [], spec.genesis.timestamp);
  state.set('System', 'LastRuntimeUpgrade', [], {
    spec_version: runtimeVersion.spec_version,
    spec_name: runtimeVersion.spec_name,
  });
  // Genesis has no events: the endowment events are not stored.
  ctx.events.length = 0;

  const diff = overlay.diff();
  const trie = new IncrementalTrie(1);
  for (const [key, value] of diff) if (value) trie.set(Buffer.from(key.slice(2), 'hex'), value);
  const header = encodeHeader(model, {
    parent_hash: new Uint8Array(32),
    number: 0,
    state_root: trie.root(),
    extrinsics_root: orderedTrieRoot([]),
    digest: { logs: [] },
  });
  return { hash: hashHeader(header), header, state: diff, trie };
}
