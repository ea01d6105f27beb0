import { blake2AsU8a } from '@polkadot/util-crypto';
import { ensureRoot, ensureSigned } from '../context.ts';
import type { PalletRuntime } from '../dispatcher.ts';
import { WEIGHTS } from '../weights.ts';

export const systemRuntime: PalletRuntime<'System'> = {
  name: 'System',
  calls: {
    remark: {
      weight: ({ remark }) => WEIGHTS.remark + WEIGHTS.remarkPerByte * BigInt(remark.length),
      dispatch: (_ctx, origin) => {
        ensureSigned(origin);
      },
    },
    remark_with_event: {
      weight: ({ remark }) => WEIGHTS.remark + WEIGHTS.dbWrite + WEIGHTS.remarkPerByte * BigInt(remark.length),
      dispatch: (ctx, origin, { remark }) => {
        const sender = ensureSigned(origin);
        ctx.deposit({ __kind: 'System', value: { __kind: 'Remarked', sender, hash: blake2AsU8a(remark, 256) } });
      },
    },
    set_storage: {
      class: 'Operational',
      weight: ({ items }) => WEIGHTS.dbWrite * BigInt(items.length),
      dispatch: (ctx, origin, { items }) => {
        ensureRoot(origin);
        for (const [key, value] of items) ctx.state.setRaw(bytesToHex(key), value);
      },
    },
    kill_storage: {
      class: 'Operational',
      weight: ({ keys }) => WEIGHTS.dbWrite * BigInt(keys.length),
      dispatch: (ctx, origin, { keys }) => {
        ensureRoot(origin);
        for (const key of keys) ctx.state.setRaw(bytesToHex(key), null);
      },
    },
  },
};

function bytesToHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString('hex')}`;
}
