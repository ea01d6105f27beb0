/**
 * Node 20 lacks two globals that libp2p 3 / Helia 7 use: `Promise.withResolvers` (Node 22) and a
 * global `WebSocket` (Node 22; behind --experimental-websocket on 20). Import this module before
 * anything from libp2p or helia. On Node 22+ it does nothing.
 */
import { WebSocket as UndiciWebSocket } from 'undici';

type Resolvers<T> = {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
};

const P = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> };
if (typeof P.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>(this: PromiseConstructor): Resolvers<T> {
      let resolve!: Resolvers<T>['resolve'];
      let reject!: Resolvers<T>['reject'];
      const promise = new this<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

const g = globalThis as unknown as { WebSocket?: unknown };
if (typeof g.WebSocket !== 'function') {
  g.WebSocket = UndiciWebSocket;
}
