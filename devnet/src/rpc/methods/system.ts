import { chainProperties } from '@bazari/chain-types';
import { decodeAddress } from '@polkadot/util-crypto';
import type { RpcHandlers } from '../types.ts';
import { invalidParams, type NodeContext } from './context.ts';

/** Longer than any SS58 address or 0x-hex account id. */
const MAX_ADDRESS_LENGTH = 128;

/** `system_*`: node and chain identity, health, and the next nonce of an account including the pool. */
export function systemMethods(ctx: NodeContext): RpcHandlers['methods'] {
  return {
    system_name: () => ctx.nodeName,
    system_version: () => ctx.nodeVersion,
    system_chain: () => ctx.spec.name,
    system_chainType: () => ctx.spec.chainType,
    system_properties: () => ({ ...chainProperties }),
    system_health: () => ({ peers: 0, isSyncing: false, shouldHavePeers: false }),
    system_peers: () => [],
    system_nodeRoles: () => ['Full'],
    system_localPeerId: () => '12D3KooWBazariDevnetLocalNode',
    system_localListenAddresses: () => [],
    system_syncState: () => {
      const head = ctx.chain.head.number;
      return { startingBlock: 0, currentBlock: head, highestBlock: head };
    },
    system_accountNextIndex: ([address]) => {
      let account: Uint8Array;
      try {
        // Base58 decoding takes quadratic time: a long string would stall the node. No address is this long.
        account =
          typeof address === 'string' && address.length <= MAX_ADDRESS_LENGTH
            ? decodeAddress(address)
            : new Uint8Array(0);
      } catch {
        account = new Uint8Array(0);
      }
      if (account.length !== 32) throw invalidParams('account: expected an SS58 address or a 32-byte hex account id');
      const state = ctx.chain.headState();
      const entry = ctx.model.storage('System', 'Account');
      const stored = entry.decodeValue(state.get(`0x${Buffer.from(entry.key(account)).toString('hex')}`)) as {
        nonce: number;
      };
      let next = stored.nonce;
      const pending = new Set(
        ctx.pool
          .pending()
          .filter((extrinsic) => extrinsic.signed && sameAccount(extrinsic.signed.address, account))
          .map((extrinsic) => extrinsic.signed?.nonce),
      );
      while (pending.has(next)) next++;
      return next;
    },
  };
}

function sameAccount(address: { __kind: string; value?: unknown }, account: Uint8Array): boolean {
  return address.__kind === 'Id' && Buffer.from(address.value as Uint8Array).equals(account);
}
