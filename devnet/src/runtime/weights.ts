/**
 * Reference weights (`ref_time`, picoseconds of execution) of the devnet's calls, in the
 * range Substrate's benchmarks give the same operations; per-item terms make a call's
 * weight, and so its fee, grow with its work.
 */
export const WEIGHTS = {
  /** Substrate's ExtrinsicBaseWeight: paid by every extrinsic on top of its call. */
  extrinsicBase: 125_000_000n,
  dbRead: 25_000_000n,
  dbWrite: 100_000_000n,
  remark: 1_000_000n,
  remarkPerByte: 1_000n,
  timestampSet: 10_000_000n,
  balancesTransfer: 200_000_000n,
  balancesSetBalance: 150_000_000n,
  sudo: 20_000_000n,
  setKey: 40_000_000n,
  utilityPerCall: 5_000_000n,
  assetsTransfer: 250_000_000n,
  assetsAdmin: 150_000_000n,
  assetsCreate: 200_000_000n,
  assetsSetMetadata: 150_000_000n,
  /** Per byte of an asset's name and symbol. */
  assetsMetadataPerByte: 10_000n,
  assetsApprove: 200_000_000n,
  assetsTransferApproved: 300_000_000n,
  assetsTouch: 200_000_000n,
  assetsRefund: 200_000_000n,
  /** Validating one byte of a CID or a name (decoding, varints). */
  cidPerByte: 20_000n,
  commerceCreateStore: 250_000_000n,
  commerceUpdateStore: 200_000_000n,
  commerceCloseStore: 150_000_000n,
  commerceCreateListing: 250_000_000n,
  commerceUpdateListing: 200_000_000n,
  commerceRemoveListing: 150_000_000n,
  /** `create_order` without its items: the store, the order, its indexes and the escrow lock. */
  commerceCreateOrder: 300_000_000n,
  /** Per item of an order: reading its listing and writing its stock back. */
  commerceOrderPerItem: 130_000_000n,
  /** `cancel_order` without its items: the order and the escrow refund. */
  commerceCancelOrder: 250_000_000n,
  commerceMarkShipped: 250_000_000n,
  /** `confirm_delivery` and an order's auto-release, without the Rewards hook: the fee split and the order. */
  commerceCompleteOrder: 350_000_000n,
  commerceMintReceipt: 150_000_000n,
  commerceRateSeller: 200_000_000n,
  commerceSetPlatformFee: 50_000_000n,
  escrowLock: 300_000_000n,
  /** Each block probed for room when scheduling an auto-release. */
  escrowSchedulePerBlock: 25_000_000n,
  escrowRelease: 250_000_000n,
  escrowRefund: 250_000_000n,
  escrowFreeze: 100_000_000n,
  escrowSplitRelease: 150_000_000n,
  /** Per payout of a split (one transfer). */
  escrowSplitPerPayout: 120_000_000n,
  /** `on_initialize` of Escrow: reading the cursor and the current block's due escrows. */
  escrowOnInitialize: 50_000_000n,
  /** Each block of the due index visited by `on_initialize`. */
  escrowAutoReleasePerBlock: 25_000_000n,
  /** Each due escrow released by `on_initialize` (an order's completion is added on top). */
  escrowAutoReleasePerEscrow: 250_000_000n,
  /** Cashback and the progress counters of an order completing (without the missions). */
  rewardsOrderCompleted: 250_000_000n,
  /** The progress counter of a review (without the missions). */
  rewardsReviewWritten: 100_000_000n,
  /** Checking one active mission against a user's progress (a completion is weighed on top). */
  rewardsPerActiveMission: 25_000_000n,
  /** Completing a mission: the completion record, the counter and the mint. */
  rewardsMissionCompletion: 250_000_000n,
  rewardsCreateMission: 200_000_000n,
  rewardsCloseMission: 120_000_000n,
  rewardsMintCashback: 200_000_000n,
  rewardsSetCashbackRate: 50_000_000n,
  disputeRegisterJuror: 250_000_000n,
  disputeAddStake: 200_000_000n,
  /** `unregister_juror` without walking the pool. */
  disputeUnregisterJuror: 200_000_000n,
  /** Each juror of the pool read while drawing a jury or leaving the pool. */
  disputePerPoolJuror: 25_000_000n,
  /** Each juror drawn (hashing, writing their counter). */
  disputePerDrawnJuror: 100_000_000n,
  /** `open_dispute` without the draw: the order, the escrow freeze, the fee reserve, the dispute. */
  disputeOpen: 400_000_000n,
  disputeSubmitEvidence: 150_000_000n,
  disputeCommitVote: 150_000_000n,
  disputeRevealVote: 200_000_000n,
  /** `appeal` without the draw: the fee reserve and the round. */
  disputeAppeal: 300_000_000n,
  /** `execute_ruling` without its jurors: the tally, the escrow split and the order. */
  disputeExecuteRuling: 500_000_000n,
  /** Each juror of every round settled by a ruling: their commitment, stake, slash or reward. */
  disputePerRulingJuror: 200_000_000n,
} as const;
