import { commerceOrderHandlers } from './commerce-orders.ts';
import { commerceStoreHandlers } from './commerce-stores.ts';
import type { EventHandlers } from './handler.ts';

/** Every event of the Commerce pallet: stores, listings and the platform fee; orders. */
export const commerceHandlers: EventHandlers = { ...commerceStoreHandlers, ...commerceOrderHandlers };
