/**
 * The bookkeeping of the randomized property test: a seeded PRNG, and a model of the Bazari pallets' state
 * rebuilt only from the events of each block (what an indexer sees). The generator draws its operations
 * from this model; the invariants compare it, and the events, with the chain's storage.
 */

/** mulberry32: small, fast and good enough to draw test operations; the same seed gives the same run. */
export class Prng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks a key by weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1][0];
  }
}

export type OrderStatus = 'Paid' | 'Shipped' | 'Completed' | 'Cancelled' | 'Disputed' | 'Resolved';

/** The transitions the issue allows (the seller alone may cancel a shipped order). */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  Paid: ['Shipped', 'Cancelled', 'Disputed'],
  Shipped: ['Completed', 'Disputed', 'Cancelled'],
  Disputed: ['Resolved'],
  Completed: [],
  Cancelled: [],
  Resolved: [],
};

export interface StoreModel {
  id: number;
  owner: string;
  closed: boolean;
}

export interface ListingModel {
  id: bigint;
  storeId: number;
  seller: string;
  /** The stock expected in storage: the last stock set, minus orders, plus restored cancellations. */
  stock: number;
  /** The stock last set by create_listing or update_listing, plus the quantities restored since: a ceiling. */
  setStock: number;
  removed: boolean;
}

export interface OrderModel {
  id: bigint;
  buyer: string;
  seller: string;
  storeId: number;
  escrowId: bigint | null;
  items: { listingId: bigint; quantity: number }[];
  status: OrderStatus;
  receipt: boolean;
  rated: boolean;
}

export interface EscrowModel {
  id: bigint;
  depositor: string;
  beneficiary: string;
  amount: bigint;
  /** null for BZR. */
  asset: number | null;
  orderId: bigint | null;
  open: boolean;
}

export interface DisputeModel {
  id: bigint;
  orderId: bigint;
  plaintiff: string;
  defendant: string;
  round: number;
  jurors: string[];
  evidenceEnd: number;
  commitEnd: number;
  revealEnd: number;
  appealEnd: number;
  /** The votes committed in the current round, with their salts (a wrong salt makes a mismatch). */
  commits: Map<string, { vote: Vote; salt: Uint8Array }>;
  revealed: Set<string>;
  resolved: boolean;
}

export type Vote = 'RefundBuyer' | 'ReleaseSeller' | { PartialRefund: number };

export interface MissionModel {
  id: number;
  manual: boolean;
  closed: boolean;
}

export class Model {
  readonly stores = new Map<number, StoreModel>();
  readonly listings = new Map<bigint, ListingModel>();
  readonly orders = new Map<bigint, OrderModel>();
  readonly escrows = new Map<bigint, EscrowModel>();
  readonly disputes = new Map<bigint, DisputeModel>();
  readonly missions = new Map<number, MissionModel>();
  readonly jurors = new Set<string>();
  /** Escrow ids that reached a terminal event (Released, Refunded, SplitReleased, AutoReleased). */
  readonly terminated = new Set<bigint>();
  /** Σ ZARI minted by Rewards (cashback and mission rewards), minus ZARI burned. */
  zariMinted = 0n;
  /** ZARI balances of the traders, read from the chain after each block, to choose amounts. */
  readonly zari = new Map<string, bigint>();
}
