import { limitExceeded, RpcError, RpcErrorCode, RpcErrorMessage } from './errors.ts';
import { encodeId, encodeJson, errorResponse, exceedsByteLength, type RequestId, successResponse } from './messages.ts';
import type { Subscription, SubscriptionChannel, SubscriptionRegistry } from './subscriptions.ts';
import type { RpcConnection, RpcHandlers, RpcMethodHandler, RpcParams, RpcSubscriptionHandler } from './types.ts';

type Route =
  | { readonly kind: 'method'; readonly handler: RpcMethodHandler }
  | { readonly kind: 'subscribe'; readonly channel: SubscriptionChannel; readonly handler: RpcSubscriptionHandler }
  | { readonly kind: 'unsubscribe'; readonly channel: SubscriptionChannel };

/** The method table; throws when a name is registered twice. */
export function compileRoutes(handlers: RpcHandlers): Map<string, Route> {
  const routes = new Map<string, Route>();
  const add = (name: string, route: Route) => {
    if (routes.has(name)) throw new Error(`RPC method ${name} is registered more than once`);
    routes.set(name, route);
  };
  for (const [name, handler] of Object.entries(handlers.methods)) add(name, { kind: 'method', handler });
  for (const [subscribeMethod, handler] of Object.entries(handlers.subscriptions)) {
    const channel: SubscriptionChannel = { subscribeMethod, notificationJson: JSON.stringify(handler.notification) };
    add(subscribeMethod, { kind: 'subscribe', channel, handler });
    for (const unsubscribeMethod of handler.unsubscribe) add(unsubscribeMethod, { kind: 'unsubscribe', channel });
  }
  return routes;
}

/** The connection a message arrived on; `subscriptions` is absent on HTTP. */
export interface RpcSession {
  readonly connection: RpcConnection;
  readonly subscriptions: SubscriptionRegistry | undefined;
}

/**
 * What to send back for one incoming message: `body` is undefined when nothing is owed (notifications only).
 * After sending it, the transport must call `activate()` on every accepted subscription, so that their queued
 * notifications follow the response carrying their ids.
 */
export interface DispatchOutcome {
  readonly body: string | undefined;
  readonly acceptedSubscriptions: readonly Subscription[];
}

export interface DispatcherOptions {
  maxResponseBodySize: number;
  maxBatchLength: number;
  onError: (error: unknown) => void;
}

type MaybePromise<T> = T | Promise<T>;

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRequestId(id: unknown): id is RequestId {
  return id === null || typeof id === 'string' || (Number.isInteger(id) && (id as number) >= 0);
}

const NULL_ID = 'null';

export function parseErrorResponse(): string {
  return errorResponse(NULL_ID, RpcErrorCode.ParseError, RpcErrorMessage.ParseError);
}

export function oversizedRequestResponse(maxRequestBodySize: number): string {
  return errorResponse(
    NULL_ID,
    RpcErrorCode.OversizedRequest,
    RpcErrorMessage.OversizedRequest,
    JSON.stringify(limitExceeded(maxRequestBodySize)),
  );
}

const subscriptionsNeedWebSocket = JSON.stringify('Subscriptions are only available over WebSocket');

/** Turns incoming JSON-RPC messages (single requests or batches) into responses, independently of the transport. */
export class RpcDispatcher {
  readonly #routes: Map<string, Route>;
  readonly #options: DispatcherOptions;

  constructor(routes: Map<string, Route>, options: DispatcherOptions) {
    this.#routes = routes;
    this.#options = options;
  }

  /** `text` is one complete message, already checked for size and UTF-8 validity. Never rejects. */
  handle(text: string, session: RpcSession): MaybePromise<DispatchOutcome> {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return { body: parseErrorResponse(), acceptedSubscriptions: [] };
    }
    const accepted: Subscription[] = [];
    const body = Array.isArray(message)
      ? this.#handleBatch(message, session, accepted)
      : isObject(message)
        ? this.#handleRequest(message, session, accepted)
        : parseErrorResponse();
    if (typeof body === 'string' || body === undefined) return { body, acceptedSubscriptions: accepted };
    return body.then((resolved) => ({ body: resolved, acceptedSubscriptions: accepted }));
  }

  #handleBatch(batch: unknown[], session: RpcSession, accepted: Subscription[]): MaybePromise<string | undefined> {
    if (batch.length === 0) return errorResponse(NULL_ID, RpcErrorCode.InvalidRequest, RpcErrorMessage.InvalidRequest);
    const { maxBatchLength, maxResponseBodySize } = this.#options;
    if (batch.length > maxBatchLength) {
      const data = JSON.stringify(limitExceeded(maxBatchLength));
      return errorResponse(NULL_ID, RpcErrorCode.TooBigBatchRequest, RpcErrorMessage.TooBigBatchRequest, data);
    }
    // Calls start in order without waiting for each other; their responses keep the order of the requests.
    const responses: MaybePromise<string>[] = [];
    let pending = false;
    for (const entry of batch) {
      const response = isObject(entry)
        ? this.#handleRequest(entry, session, accepted)
        : errorResponse(NULL_ID, RpcErrorCode.InvalidRequest, RpcErrorMessage.InvalidRequest);
      if (response === undefined) continue;
      responses.push(response);
      pending ||= typeof response !== 'string';
    }
    if (responses.length === 0) return undefined;
    const join = (parts: string[]) => {
      const body = `[${parts.join(',')}]`;
      if (!exceedsByteLength(body, maxResponseBodySize)) return body;
      // The client will never learn the ids of the subscriptions this batch opened.
      for (const subscription of accepted.splice(0)) session.subscriptions?.discard(subscription);
      const data = JSON.stringify(limitExceeded(maxResponseBodySize));
      return errorResponse(NULL_ID, RpcErrorCode.TooBigBatchResponse, RpcErrorMessage.TooBigBatchResponse, data);
    };
    return pending ? Promise.all(responses).then(join) : join(responses as string[]);
  }

  /** Answers one request object; undefined for a notification, which jsonrpsee neither executes nor answers. */
  #handleRequest(
    request: Record<string, unknown>,
    session: RpcSession,
    accepted: Subscription[],
  ): MaybePromise<string> | undefined {
    const { id, method, params } = request;
    const isNotification = id === undefined;
    if (request.jsonrpc !== '2.0' || typeof method !== 'string' || !(isNotification || isRequestId(id))) {
      return errorResponse(
        isRequestId(id) ? encodeId(id) : NULL_ID,
        RpcErrorCode.InvalidRequest,
        RpcErrorMessage.InvalidRequest,
      );
    }
    if (isNotification) return undefined;
    const idJson = encodeId(id as RequestId);
    const route = this.#routes.get(method);
    if (route === undefined) {
      return errorResponse(idJson, RpcErrorCode.MethodNotFound, RpcErrorMessage.MethodNotFound);
    }
    if (params !== undefined && params !== null && !Array.isArray(params)) {
      const data = JSON.stringify('Only positional (array) params are supported');
      return errorResponse(idJson, RpcErrorCode.InvalidParams, RpcErrorMessage.InvalidParams, data);
    }
    const positional = (params ?? []) as RpcParams;
    switch (route.kind) {
      case 'method':
        return this.#call(idJson, route.handler, positional, session.connection);
      case 'subscribe':
        return this.#subscribe(idJson, route.channel, route.handler, positional, session, accepted);
      case 'unsubscribe':
        return this.#unsubscribe(idJson, route.channel, positional, session);
    }
  }

  #call(idJson: string, handler: RpcMethodHandler, params: RpcParams, connection: RpcConnection): MaybePromise<string> {
    let result: unknown;
    try {
      result = handler(params, connection);
    } catch (error) {
      return this.#failure(idJson, error);
    }
    if (!isPromiseLike(result)) return this.#success(idJson, result);
    return Promise.resolve(result).then(
      (resolved) => this.#success(idJson, resolved),
      (error: unknown) => this.#failure(idJson, error),
    );
  }

  #subscribe(
    idJson: string,
    channel: SubscriptionChannel,
    handler: RpcSubscriptionHandler,
    params: RpcParams,
    session: RpcSession,
    accepted: Subscription[],
  ): MaybePromise<string> {
    const registry = session.subscriptions;
    if (registry === undefined) {
      return errorResponse(
        idJson,
        RpcErrorCode.InternalError,
        RpcErrorMessage.InternalError,
        subscriptionsNeedWebSocket,
      );
    }
    if (registry.isFull) {
      const data = JSON.stringify(limitExceeded(registry.maxSubscriptions));
      return errorResponse(idJson, RpcErrorCode.TooManySubscriptions, RpcErrorMessage.TooManySubscriptions, data);
    }
    const subscription = registry.open(channel);
    const succeed = (unsubscribe: () => void) => {
      subscription.attach(unsubscribe);
      accepted.push(subscription);
      return successResponse(idJson, `"${subscription.id}"`);
    };
    const fail = (error: unknown) => {
      registry.discard(subscription);
      return this.#failure(idJson, error);
    };
    let unsubscribe: ReturnType<RpcSubscriptionHandler['subscribe']>;
    try {
      unsubscribe = handler.subscribe(params, subscription, session.connection);
    } catch (error) {
      return fail(error);
    }
    return isPromiseLike(unsubscribe) ? Promise.resolve(unsubscribe).then(succeed, fail) : succeed(unsubscribe);
  }

  #unsubscribe(idJson: string, channel: SubscriptionChannel, params: RpcParams, session: RpcSession): string {
    const registry = session.subscriptions;
    if (registry === undefined) {
      return errorResponse(
        idJson,
        RpcErrorCode.InternalError,
        RpcErrorMessage.InternalError,
        subscriptionsNeedWebSocket,
      );
    }
    const [subscriptionId] = params;
    const unsubscribed = typeof subscriptionId === 'string' && registry.unsubscribe(subscriptionId, channel);
    return successResponse(idJson, String(unsubscribed));
  }

  #success(idJson: string, result: unknown): string {
    let response: string;
    try {
      response = successResponse(idJson, encodeJson(result));
    } catch (error) {
      return this.#failure(idJson, error);
    }
    const { maxResponseBodySize } = this.#options;
    if (!exceedsByteLength(response, maxResponseBodySize)) return response;
    const data = JSON.stringify(limitExceeded(maxResponseBodySize));
    return errorResponse(idJson, RpcErrorCode.OversizedResponse, RpcErrorMessage.OversizedResponse, data);
  }

  #failure(idJson: string, error: unknown): string {
    if (error instanceof RpcError) {
      let dataJson: string | undefined;
      try {
        dataJson = error.data === undefined ? undefined : encodeJson(error.data);
      } catch (encodingError) {
        this.#options.onError(encodingError);
      }
      return errorResponse(idJson, error.code, error.message, dataJson);
    }
    this.#options.onError(error);
    const message = error instanceof Error && error.message !== '' ? error.message : RpcErrorMessage.InternalError;
    return errorResponse(idJson, RpcErrorCode.InternalError, message);
  }
}
