import {
  Account,
  Cashback,
  ChainEvent,
  ChainParameters,
  Dispute,
  DisputeEvidence,
  DisputeJuror,
  DisputeRound,
  Escrow,
  EscrowPayout,
  FailedCall,
  Juror,
  Listing,
  ListingContent,
  Mission,
  MissionCompletion,
  Order,
  OrderItem,
  OrderStatusChange,
  Receipt,
  ReceiptContent,
  Review,
  ReviewContent,
  SellerDailySales,
  Store,
  StoreProfileContent,
  ZariTransfer,
} from '../model/index.ts';
import { assetsHandlers } from './assets.ts';
import type { EntityClass } from './batch.ts';
import { commerceHandlers } from './commerce.ts';
import { disputeHandlers } from './dispute.ts';
import { escrowHandlers } from './escrow.ts';
import { failedCallHandlers } from './failed-calls.ts';
import type { EventHandlers } from './handler.ts';
import { rewardsHandlers } from './rewards.ts';

export const handlers: EventHandlers = {
  ...commerceHandlers,
  ...escrowHandlers,
  ...rewardsHandlers,
  ...disputeHandlers,
  ...assetsHandlers,
  ...failedCallHandlers,
};

/** Every entity the processor writes, each after the entities it references. */
export const SAVE_ORDER: readonly EntityClass[] = [
  ChainEvent,
  Account,
  ChainParameters,
  StoreProfileContent,
  ListingContent,
  ReviewContent,
  ReceiptContent,
  Store,
  Listing,
  Order,
  OrderItem,
  OrderStatusChange,
  Escrow,
  EscrowPayout,
  Receipt,
  Review,
  SellerDailySales,
  Mission,
  MissionCompletion,
  Cashback,
  ZariTransfer,
  Juror,
  Dispute,
  DisputeRound,
  DisputeJuror,
  DisputeEvidence,
  FailedCall,
];
