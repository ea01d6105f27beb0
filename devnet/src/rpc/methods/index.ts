import { listRpcMethodNames } from '../server.ts';
import type { RpcHandlers } from '../types.ts';
import { authorMethods, authorSubscriptions } from './author.ts';
import { chainMethods, chainSubscriptions } from './chain.ts';
import type { NodeContext } from './context.ts';
import { devMethods } from './dev.ts';
import { paymentMethods } from './payment.ts';
import { stateMethods, stateSubscriptions } from './state.ts';
import { systemMethods } from './system.ts';

export type { NodeContext } from './context.ts';

/** Every RPC method the node serves; `rpc_methods` lists exactly these. */
export function nodeRpcHandlers(ctx: NodeContext): RpcHandlers {
  const handlers: RpcHandlers = {
    methods: {
      ...systemMethods(ctx),
      ...chainMethods(ctx),
      ...stateMethods(ctx),
      ...authorMethods(ctx),
      ...paymentMethods(ctx),
      ...devMethods(ctx),
    },
    subscriptions: { ...chainSubscriptions(ctx), ...stateSubscriptions(ctx), ...authorSubscriptions(ctx) },
  };
  let methods: string[] | undefined;
  handlers.methods.rpc_methods = () => {
    methods ??= listRpcMethodNames(handlers);
    return { methods };
  };
  return handlers;
}
