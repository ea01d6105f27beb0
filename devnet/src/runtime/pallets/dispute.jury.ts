import type { DisputeErrorName, DisputeVote } from '@bazari/chain-types/generated';
import { blake2AsU8a } from '@polkadot/util-crypto';
import type { BlockContext, DispatchError } from '../context.ts';
import { equalAccounts, repatriateReserved } from './balances.ts';
import { type AccountId, permillFloor, treasuryAccount } from './escrow.rules.ts';

/**
 * The jury of `pallet_dispute`: drawing jurors, the commitment scheme and the tally of revealed votes.
 * See `dispute.ts` for the calls.
 */

/** Mirrors of the constants, for weights known before dispatch (the runtime reads the metadata's values). */
export const MAX_JURORS = 1024;
export const MAX_ROUNDS = 3;
export const JURORS_PER_DISPUTE = 5;
export const MAX_JURORS_PER_ROUND = (JURORS_PER_DISPUTE + 1) * 2 ** (MAX_ROUNDS - 1) - 1;
/** Every juror the rounds of a dispute can seat (5 + 11 + 23). */
export const MAX_JURORS_PER_DISPUTE = (JURORS_PER_DISPUTE + 1) * (2 ** MAX_ROUNDS - 1) - MAX_ROUNDS;

export function disputeError(ctx: BlockContext, error: DisputeErrorName): DispatchError {
  return ctx.moduleError('Dispute', error);
}

export function disputeConstant(ctx: BlockContext, name: string): number {
  return ctx.model.constant('Dispute', name as never) as number;
}

export function disputeBalanceConstant(ctx: BlockContext, name: 'MinJurorStake' | 'DisputeFee' | 'AppealFee'): bigint {
  return ctx.model.constant('Dispute', name) as bigint;
}

// ------------------------------------------------------------------------------------------------
// Votes and commitments

/** SCALE of a vote: the variant index, then the Percent byte of PartialRefund. */
export function encodeVote(vote: DisputeVote): Uint8Array {
  if (vote.__kind === 'RefundBuyer') return new Uint8Array([0]);
  if (vote.__kind === 'ReleaseSeller') return new Uint8Array([1]);
  return new Uint8Array([2, vote.value]);
}

/** blake2_256(SCALE(vote) ++ salt): what a juror commits. */
export function voteCommitment(vote: DisputeVote, salt: Uint8Array): Uint8Array {
  const preimage = new Uint8Array([...encodeVote(vote), ...salt]);
  return blake2AsU8a(preimage, 256);
}

/** The percentage of the escrow a vote or ruling gives the buyer. */
export function buyerPercent(vote: DisputeVote): number {
  if (vote.__kind === 'RefundBuyer') return 100;
  if (vote.__kind === 'ReleaseSeller') return 0;
  return vote.value;
}

/** A ruling favours the buyer if it gives them at least half, the seller if it gives them at least half. */
export function favours(ruling: DisputeVote, buyerSide: boolean): boolean {
  const percent = buyerPercent(ruling);
  return buyerSide ? percent >= 50 : percent <= 50;
}

/** Whether a revealed vote is coherent with the ruling: the same option (any PartialRefund matches PartialRefund). */
export function coherent(vote: DisputeVote, ruling: DisputeVote): boolean {
  return vote.__kind === ruling.__kind;
}

export const HALF: DisputeVote = { __kind: 'PartialRefund', value: 50 };

/**
 * The plurality of the revealed votes: RefundBuyer, ReleaseSeller, or PartialRefund as one option at the
 * median of its percents (the mean of the two middle ones, rounded down, for an even count). A tie for the
 * most votes gives PartialRefund(50); no votes give null.
 */
export function tally(votes: readonly DisputeVote[]): DisputeVote | null {
  if (votes.length === 0) return null;
  const partials = votes
    .filter((vote): vote is Extract<DisputeVote, { __kind: 'PartialRefund' }> => vote.__kind === 'PartialRefund')
    .map((vote) => vote.value)
    .sort((a, b) => a - b);
  const refund = votes.filter((vote) => vote.__kind === 'RefundBuyer').length;
  const release = votes.filter((vote) => vote.__kind === 'ReleaseSeller').length;
  const options: [DisputeVote, number][] = [
    [{ __kind: 'RefundBuyer' }, refund],
    [{ __kind: 'ReleaseSeller' }, release],
    [{ __kind: 'PartialRefund', value: median(partials) }, partials.length],
  ];
  const most = Math.max(refund, release, partials.length);
  const winners = options.filter(([, count]) => count === most);
  return winners.length === 1 ? winners[0][0] : HALF;
}

function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return 50;
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : Math.floor((sorted[middle - 1] + sorted[middle]) / 2);
}

// ------------------------------------------------------------------------------------------------
// Settlement

export function changeActive(ctx: BlockContext, jurors: readonly AccountId[], delta: 1 | -1): void {
  for (const who of jurors) {
    ctx.state.mutate('Dispute', 'Jurors', [who], (juror) =>
      juror ? { ...juror, active_disputes: Math.max(juror.active_disputes + delta, 0) } : null,
    );
  }
}

export /** Takes `JurorSlash` of a juror's stake out of their record; returns the amount (still reserved on the account). */
function slashStake(ctx: BlockContext, disputeId: bigint, who: AccountId): bigint {
  const juror = ctx.state.get('Dispute', 'Jurors', who);
  if (!juror) return 0n;
  const amount = permillFloor(disputeConstant(ctx, 'JurorSlash'), juror.stake);
  if (amount === 0n) return 0n;
  ctx.state.set('Dispute', 'Jurors', [who], { ...juror, stake: juror.stake - amount });
  ctx.deposit({ __kind: 'Dispute', value: { __kind: 'JurorSlashed', dispute_id: disputeId, juror: who, amount } });
  return amount;
}

/**
 * Pays reserved `sources` (forfeited fees, slashes) to `recipients` in equal shares (the remainder to the
 * first), or to the treasury when there is none; one repatriation per source/recipient boundary, so the
 * transfers are at most sources + recipients.
 */
export function payOut(
  ctx: BlockContext,
  disputeId: bigint,
  sources: readonly { from: AccountId; amount: bigint }[],
  recipients: readonly AccountId[],
): void {
  const total = sources.reduce((sum, source) => sum + source.amount, 0n);
  if (total === 0n) return;
  const targets =
    recipients.length === 0
      ? [{ to: treasuryAccount(ctx), amount: total, juror: false }]
      : recipients.map((to, index) => {
          const share = total / BigInt(recipients.length);
          return { to, amount: index === 0 ? total - share * BigInt(recipients.length - 1) : share, juror: true };
        });
  let target = 0;
  let owed = targets[0].amount;
  for (const source of sources) {
    let left = source.amount;
    while (left > 0n && target < targets.length) {
      const moved = left < owed ? left : owed;
      repatriateReserved(ctx, source.from, targets[target].to, moved);
      left -= moved;
      owed -= moved;
      if (owed === 0n) {
        target++;
        owed = target < targets.length ? targets[target].amount : 0n;
      }
    }
  }
  for (const { to, amount, juror } of targets) {
    if (juror && amount > 0n) {
      ctx.deposit({ __kind: 'Dispute', value: { __kind: 'JurorRewarded', dispute_id: disputeId, juror: to, amount } });
    }
  }
}

// ------------------------------------------------------------------------------------------------
// The draw

/**
 * Draws `count` jurors, weighted by stake, without replacement, from the pool's jurors whose stake is at least
 * `MinJurorStake` and who are not in `excluded` (the parties and everyone who already sat on the dispute).
 * Returns null when fewer than `count` are eligible. Bounded: one pass over the pool (at most `MaxJurors`),
 * then `count` picks each walking the candidates.
 *
 * Randomness: on the devnet, blake2_256(parent hash ++ dispute id (u64 LE) ++ round (u32 LE)) seeds the draw,
 * and the i-th pick reduces blake2_256(seed ++ i (u32 LE)) modulo the remaining stake. The parent hash is known
 * to the block author, who could grind it; a production chain uses its VRF randomness instead (BABE's
 * `RandomnessFromOneEpochAgo`, or a randomness beacon), with the same derivation per pick.
 */
export function drawJurors(
  ctx: BlockContext,
  disputeId: bigint,
  round: number,
  count: number,
  excluded: readonly AccountId[],
): AccountId[] | null {
  const minStake = disputeBalanceConstant(ctx, 'MinJurorStake');
  const candidates: { who: AccountId; stake: bigint }[] = [];
  for (const who of ctx.state.get('Dispute', 'JurorPool')) {
    if (excluded.some((other) => equalAccounts(other, who))) continue;
    const juror = ctx.state.get('Dispute', 'Jurors', who);
    if (juror && juror.stake >= minStake) candidates.push({ who, stake: juror.stake });
  }
  if (candidates.length < count) return null;
  const seed = blake2AsU8a(new Uint8Array([...ctx.block.parentHash, ...u64Le(disputeId), ...u32Le(round)]), 256);
  let total = candidates.reduce((sum, candidate) => sum + candidate.stake, 0n);
  const drawn: AccountId[] = [];
  for (let pick = 0; pick < count; pick++) {
    const random = blake2AsU8a(new Uint8Array([...seed, ...u32Le(pick)]), 256);
    let point = leBigInt(random.subarray(0, 16)) % total;
    let index = 0;
    while (point >= candidates[index].stake) {
      point -= candidates[index].stake;
      index++;
    }
    const [chosen] = candidates.splice(index, 1);
    total -= chosen.stake;
    drawn.push(chosen.who);
  }
  return drawn;
}

function u32Le(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
}

function u64Le(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value, true);
  return out;
}

function leBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let index = bytes.length - 1; index >= 0; index--) value = (value << 8n) | BigInt(bytes[index]);
  return value;
}
