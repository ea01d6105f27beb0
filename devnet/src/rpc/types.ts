/** Positional parameters of a call; a request without `params` (or with `"params": null`) arrives as `[]`. */
export type RpcParams = unknown[];

/** The client connection a call arrived on. */
export interface RpcConnection {
  /** Unique per server, counting from 1; every HTTP request is a connection of its own. */
  readonly id: number;
  readonly transport: 'ws' | 'http';
  readonly remoteAddress: string | undefined;
}

/**
 * Answers one method call. The returned value (or the value the promise resolves to) is the JSON `result`;
 * `undefined` is sent as `null`. Throw an {@link RpcError} to answer with that exact error; anything else thrown
 * becomes `-32603` with the error's message.
 */
export type RpcMethodHandler = (params: RpcParams, connection: RpcConnection) => unknown;

/** Stops a subscription's producer. Called at most once, and never after the producer called `sink.end()`. */
export type Unsubscribe = () => void;

/** Where a subscription's producer pushes its notifications. */
export interface SubscriptionSink {
  /** The opaque id the client received, e.g. `"Ab3dE5gH7jK9mN1p"`. */
  readonly id: string;
  /** True once the client unsubscribed, the connection closed or {@link SubscriptionSink.end} was called. */
  readonly closed: boolean;
  /**
   * Sends `{"jsonrpc":"2.0","method":<notification>,"params":{"subscription":<id>,"result":<result>}}`.
   * `result` is serialized immediately, so it may be mutated afterwards. Notifications pushed before the
   * subscription id reached the client are held back until it has. Does nothing once {@link closed}.
   */
  next(result: unknown): void;
  /** Closes the subscription from the server side, silently (like Substrate); its {@link Unsubscribe} is not called. */
  end(): void;
}

/** A pub/sub pair as Substrate declares them, e.g. `chain_subscribeNewHeads` / `chain_newHead`. */
export interface RpcSubscriptionHandler {
  /** Method name of the notifications, e.g. `chain_newHead`. */
  notification: string;
  /** Method names that cancel it, e.g. `['chain_unsubscribeNewHead', 'chain_unsubscribeNewHeads']`. */
  unsubscribe: string[];
  /**
   * Starts the producer and returns how to stop it. Notifications may be sent synchronously from here
   * (the "initial notification" @polkadot/api expects): they are delivered after the response carrying the id.
   * Throwing (or rejecting) answers the subscribe call with that error and discards the subscription.
   */
  subscribe: (
    params: RpcParams,
    sink: SubscriptionSink,
    connection: RpcConnection,
  ) => Unsubscribe | Promise<Unsubscribe>;
}

/** Everything the server answers; read once when the server starts. */
export interface RpcHandlers {
  methods: Record<string, RpcMethodHandler>;
  /** Keyed by the subscribe method name, e.g. `chain_subscribeNewHeads`. Available over WebSocket only. */
  subscriptions: Record<string, RpcSubscriptionHandler>;
}
