import { randomBytes } from 'node:crypto';
import { encodeJson, exceedsByteLength, subscriptionNotification } from './messages.ts';
import type { SubscriptionSink, Unsubscribe } from './types.ts';

/** One registered subscribe method; unsubscribe methods only cancel subscriptions opened on their own channel. */
export interface SubscriptionChannel {
  readonly subscribeMethod: string;
  /** The notification method name, already JSON-encoded. */
  readonly notificationJson: string;
}

interface SubscriptionOwner {
  send(text: string): void;
  release(subscription: Subscription): void;
  reportError(error: unknown): void;
  readonly maxNotificationSize: number;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ID_LENGTH = 16;

/** A random 16-character alphanumeric id, the format of Substrate's `RandomStringIdProvider::new(16)`. */
function randomSubscriptionId(): string {
  let id = '';
  for (const byte of randomBytes(ID_LENGTH)) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return id;
}

/** Calls a producer's unsubscribe function, reporting (never throwing) whatever goes wrong, even asynchronously. */
function stopProducer(unsubscribe: Unsubscribe, reportError: (error: unknown) => void): void {
  try {
    const returned: unknown = unsubscribe();
    if (returned instanceof Promise) returned.catch(reportError);
  } catch (error) {
    reportError(error);
  }
}

/**
 * A subscription's life: it is *pending* from the subscribe call until the response carrying its id has been
 * sent (notifications are queued meanwhile), then *activated*. It closes when the producer ends it, or when it is
 * cancelled by the client, the connection closing or its subscribe function failing.
 */
export class Subscription implements SubscriptionSink {
  readonly #owner: SubscriptionOwner;
  #queuedNotifications: string[] | undefined = [];
  #unsubscribe: Unsubscribe | undefined;
  #activated = false;
  #endedByProducer = false;
  #cancelled = false;

  constructor(
    readonly id: string,
    readonly channel: SubscriptionChannel,
    owner: SubscriptionOwner,
  ) {
    this.#owner = owner;
  }

  get closed(): boolean {
    return this.#endedByProducer || this.#cancelled;
  }

  next(result: unknown): void {
    if (this.closed) return;
    let notification: string;
    try {
      notification = subscriptionNotification(this.channel.notificationJson, this.id, encodeJson(result));
    } catch (error) {
      this.#owner.reportError(error);
      return;
    }
    if (exceedsByteLength(notification, this.#owner.maxNotificationSize)) {
      this.#owner.reportError(
        new Error(
          `${this.channel.subscribeMethod}: notification dropped, larger than ${this.#owner.maxNotificationSize} bytes`,
        ),
      );
      return;
    }
    if (this.#activated) this.#owner.send(notification);
    else this.#queuedNotifications?.push(notification);
  }

  end(): void {
    if (this.closed) return;
    this.#endedByProducer = true;
    this.#unsubscribe = undefined;
    // A pending subscription still owes the client its id and queued notifications: `activate` releases it.
    if (this.#activated) this.#owner.release(this);
  }

  /** Hands over the producer's stop function once `subscribe` has returned it. */
  attach(unsubscribe: Unsubscribe): void {
    if (this.#cancelled) stopProducer(unsubscribe, this.#owner.reportError);
    else if (!this.#endedByProducer) this.#unsubscribe = unsubscribe;
  }

  /** Called right after the response carrying the id was sent: flushes the notifications queued until then. */
  activate(): void {
    if (this.#cancelled || this.#activated) return;
    this.#activated = true;
    const queued = this.#queuedNotifications ?? [];
    this.#queuedNotifications = undefined;
    for (const notification of queued) this.#owner.send(notification);
    if (this.#endedByProducer) this.#owner.release(this);
  }

  /** Closes the subscription from the client's side, stopping the producer if it is still running. */
  cancel(): void {
    if (this.#cancelled) return;
    this.#cancelled = true;
    this.#queuedNotifications = undefined;
    const unsubscribe = this.#unsubscribe;
    this.#unsubscribe = undefined;
    if (unsubscribe) stopProducer(unsubscribe, this.#owner.reportError);
  }
}

export interface SubscriptionRegistryOptions {
  /** Sends a text message on the connection; must be a no-op once the connection is closed. */
  send: (text: string) => void;
  maxSubscriptions: number;
  maxNotificationSize: number;
  onError: (error: unknown) => void;
}

/** The subscriptions of one WebSocket connection. */
export class SubscriptionRegistry {
  readonly #subscriptions = new Map<string, Subscription>();
  readonly #owner: SubscriptionOwner;
  readonly #maxSubscriptions: number;
  #closed = false;

  constructor({ send, maxSubscriptions, maxNotificationSize, onError }: SubscriptionRegistryOptions) {
    this.#maxSubscriptions = maxSubscriptions;
    this.#owner = {
      send,
      release: (subscription) => {
        if (this.#subscriptions.get(subscription.id) === subscription) this.#subscriptions.delete(subscription.id);
      },
      reportError: onError,
      maxNotificationSize,
    };
  }

  get maxSubscriptions(): number {
    return this.#maxSubscriptions;
  }

  get isFull(): boolean {
    return this.#subscriptions.size >= this.#maxSubscriptions;
  }

  /** Registers a pending subscription; it counts against the limit until it closes. */
  open(channel: SubscriptionChannel): Subscription {
    let id = randomSubscriptionId();
    while (this.#subscriptions.has(id)) id = randomSubscriptionId();
    const subscription = new Subscription(id, channel, this.#owner);
    if (this.#closed) subscription.cancel();
    else this.#subscriptions.set(id, subscription);
    return subscription;
  }

  /** Cancels a subscription whose subscribe method was not answered successfully. */
  discard(subscription: Subscription): void {
    this.#owner.release(subscription);
    subscription.cancel();
  }

  /** Serves an unsubscribe call: false when `id` is not an open subscription of `channel` on this connection. */
  unsubscribe(id: string, channel: SubscriptionChannel): boolean {
    const subscription = this.#subscriptions.get(id);
    if (subscription?.channel !== channel) return false;
    this.#subscriptions.delete(id);
    subscription.cancel();
    return true;
  }

  /** Cancels every subscription, and any opened later; called when the connection closes. */
  closeAll(): void {
    this.#closed = true;
    const subscriptions = [...this.#subscriptions.values()];
    this.#subscriptions.clear();
    for (const subscription of subscriptions) subscription.cancel();
  }
}
