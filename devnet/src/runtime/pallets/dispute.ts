import type { DisputeInfo, DisputeRound, DisputeVote } from '@bazari/chain-types/generated';
import { type BlockContext, ensureSigned } from '../context.ts';
import type { PalletRuntime } from '../dispatcher.ts';
import { WEIGHTS } from '../weights.ts';
import { equalAccounts, reducibleBalance, reserve, unreserve } from './balances.ts';
import { ensureValidCid } from './cid.ts';
import { getOrder, markDisputed, resolveOrder } from './commerce.ts';
import {
  buyerPercent,
  changeActive,
  coherent,
  disputeBalanceConstant,
  disputeConstant,
  disputeError,
  drawJurors,
  favours,
  HALF,
  JURORS_PER_DISPUTE,
  MAX_JURORS,
  MAX_JURORS_PER_DISPUTE,
  MAX_JURORS_PER_ROUND,
  payOut,
  slashStake,
  tally,
  voteCommitment,
} from './dispute.jury.ts';
import { type AccountId, arithmeticOverflow } from './escrow.rules.ts';

export {
  encodeVote,
  JURORS_PER_DISPUTE,
  MAX_JURORS,
  MAX_JURORS_PER_ROUND,
  MAX_ROUNDS,
  tally,
  voteCommitment,
} from './dispute.jury.ts';

/**
 * `pallet_dispute`: a court of staked jurors for disputed orders, after Kleros and the Zeitgeist court.
 *
 * A buyer or seller opens a dispute over a Paid or Shipped order (reserving `DisputeFee`); Commerce marks the
 * order Disputed and freezes its escrow; jurors are drawn by stake (see `drawJurors` for the randomness).
 * Each round runs evidence → commit → reveal → appeal window, each phase ending at its block (exclusive).
 * The party the round's outcome does not favour may appeal (reserving `AppealFee` × 2^round) into a round of
 * 2n + 1 fresh jurors, for at most `MaxRounds` rounds. From `appeal_end`, anyone executes the ruling: the
 * plurality of the last round's revealed votes (a round with no reveals is redrawn once, then rules
 * PartialRefund(50)); the escrow is split through Commerce's `resolveOrder`.
 *
 * Settlement: each fee returns to its payer when the ruling favours them, else it goes to the coherent jurors;
 * jurors of every round who did not reveal or revealed another option lose `JurorSlash` of their stake to the
 * coherent jurors (shared equally, the remainder to the first). With no coherent juror, forfeited fees and
 * slashes go to the treasury, as do the slashes of a jury replaced by a redraw (settled at the redraw, since
 * the replaced jurors are no longer stored). Every call checks everything before its first effect.
 */

type Phase = 'Evidence' | 'Commit' | 'Reveal' | 'Appeal' | 'Execute';

function phaseOf(dispute: DisputeInfo, now: number): Phase {
  if (now < dispute.evidence_end) return 'Evidence';
  if (now < dispute.commit_end) return 'Commit';
  if (now < dispute.reveal_end) return 'Reveal';
  if (now < dispute.appeal_end) return 'Appeal';
  return 'Execute';
}

function openDisputeOf(ctx: BlockContext, disputeId: bigint): DisputeInfo {
  const dispute = ctx.state.get('Dispute', 'Disputes', disputeId);
  if (!dispute) throw disputeError(ctx, 'DisputeNotFound');
  if (dispute.status.__kind === 'Resolved') throw disputeError(ctx, 'AlreadyResolved');
  return dispute;
}

function ensurePhase(ctx: BlockContext, dispute: DisputeInfo, phase: Phase): void {
  if (phaseOf(dispute, ctx.block.number) !== phase) throw disputeError(ctx, 'WrongPhase');
}

function currentRound(ctx: BlockContext, disputeId: bigint, round: number): DisputeRound {
  const info = ctx.state.get('Dispute', 'Rounds', disputeId, round);
  if (!info) throw new Error(`dispute ${disputeId} has no round ${round}`);
  return info;
}

function deadlines(ctx: BlockContext) {
  const evidence_end = ctx.block.number + disputeConstant(ctx, 'EvidencePeriod');
  const commit_end = evidence_end + disputeConstant(ctx, 'CommitPeriod');
  const reveal_end = commit_end + disputeConstant(ctx, 'RevealPeriod');
  const appeal_end = reveal_end + disputeConstant(ctx, 'AppealWindow');
  if (appeal_end > 0xffff_ffff) throw arithmeticOverflow();
  return { evidence_end, commit_end, reveal_end, appeal_end };
}

/** Everyone who sat on the dispute in rounds 0..=`lastRound`. */
function seatedJurors(ctx: BlockContext, disputeId: bigint, lastRound: number): AccountId[] {
  const seated: AccountId[] = [];
  for (let round = 0; round <= lastRound; round++) seated.push(...currentRound(ctx, disputeId, round).jurors);
  return seated;
}

function ensureCanReserve(ctx: BlockContext, who: AccountId, amount: bigint): void {
  if (reducibleBalance(ctx, who, 'Preserve') < amount) throw ctx.moduleError('Balances', 'InsufficientBalance');
}

/** The revealed votes of a round's jurors. */
function revealedVotes(ctx: BlockContext, disputeId: bigint, jurors: readonly AccountId[]): DisputeVote[] {
  const votes: DisputeVote[] = [];
  for (const who of jurors) {
    const vote = ctx.state.get('Dispute', 'Commitments', disputeId, who)?.vote;
    if (vote) votes.push(vote);
  }
  return votes;
}

/**
 * A round with no revealed vote, not redrawn yet: its jurors are replaced by fresh ones with new deadlines
 * (`JurorsSelected` again); the replaced jurors are slashed at once, to the treasury. Returns false, changing
 * nothing, when too few jurors are eligible (the ruling is then PartialRefund(50)).
 */
function redraw(ctx: BlockContext, disputeId: bigint, dispute: DisputeInfo, round: DisputeRound): boolean {
  const seated = seatedJurors(ctx, disputeId, dispute.round);
  const excluded = [dispute.plaintiff, dispute.defendant, ...seated];
  const jurors = drawJurors(ctx, disputeId, dispute.round, round.jurors.length, excluded);
  if (!jurors) return false;
  const slashes = round.jurors.map((from) => ({ from, amount: slashStake(ctx, disputeId, from) }));
  payOut(ctx, disputeId, slashes, []);
  changeActive(ctx, round.jurors, -1);
  changeActive(ctx, jurors, 1);
  for (const who of round.jurors) ctx.state.remove('Dispute', 'Commitments', disputeId, who);
  const next = deadlines(ctx);
  ctx.state.set('Dispute', 'Rounds', [disputeId, dispute.round], { ...round, jurors, redrawn: true });
  ctx.state.set('Dispute', 'Disputes', [disputeId], { ...dispute, ...next });
  ctx.deposit({
    __kind: 'Dispute',
    value: { __kind: 'JurorsSelected', dispute_id: disputeId, round: dispute.round, jurors, ...next },
  });
  return true;
}

function rule(ctx: BlockContext, disputeId: bigint, dispute: DisputeInfo, ruling: DisputeVote): void {
  const order = getOrder(ctx, dispute.order_id);
  if (!order) throw disputeError(ctx, 'OrderNotFound');
  const toBuyer = (order.total * BigInt(buyerPercent(ruling))) / 100n;
  const paid = resolveOrder(ctx, dispute.order_id, toBuyer);
  ctx.state.set('Dispute', 'Disputes', [disputeId], { ...dispute, status: { __kind: 'Resolved', value: ruling } });
  ctx.deposit({
    __kind: 'Dispute',
    value: {
      __kind: 'RulingExecuted',
      dispute_id: disputeId,
      order_id: dispute.order_id,
      ruling,
      to_buyer: paid.toBuyer,
      to_seller: paid.toSeller,
    },
  });

  // Fees: back to their payer when the ruling favours them, else forfeited.
  const fees: { from: AccountId; amount: bigint }[] = [{ from: dispute.plaintiff, amount: dispute.fee }];
  for (let round = 1; round <= dispute.round; round++) {
    const { appellant, appeal_fee } = currentRound(ctx, disputeId, round);
    if (appellant) fees.push({ from: appellant, amount: appeal_fee });
  }
  const forfeited: { from: AccountId; amount: bigint }[] = [];
  for (const fee of fees) {
    if (favours(ruling, equalAccounts(fee.from, order.buyer))) {
      const amount = unreserve(ctx, fee.from, fee.amount);
      ctx.deposit({ __kind: 'Dispute', value: { __kind: 'FeeReturned', dispute_id: disputeId, to: fee.from, amount } });
    } else {
      forfeited.push(fee);
    }
  }

  // Jurors of every round: coherent ones share the forfeited fees and the slashes of the others.
  const seated = seatedJurors(ctx, disputeId, dispute.round);
  const rewarded: AccountId[] = [];
  for (const who of seated) {
    const vote = ctx.state.get('Dispute', 'Commitments', disputeId, who)?.vote;
    if (vote && coherent(vote, ruling)) rewarded.push(who);
    else forfeited.push({ from: who, amount: slashStake(ctx, disputeId, who) });
  }
  payOut(ctx, disputeId, forfeited, rewarded);
  changeActive(ctx, seated, -1);
}

const drawWeight = (jurors: number) =>
  WEIGHTS.disputePerPoolJuror * BigInt(MAX_JURORS) + WEIGHTS.disputePerDrawnJuror * BigInt(jurors);

export const disputeRuntime: PalletRuntime<'Dispute'> = {
  name: 'Dispute',
  calls: {
    register_juror: {
      weight: () => WEIGHTS.disputeRegisterJuror,
      dispatch: (ctx, origin, { stake }) => {
        const juror = ensureSigned(origin);
        if (ctx.state.exists('Dispute', 'Jurors', juror)) throw disputeError(ctx, 'AlreadyJuror');
        if (stake < disputeBalanceConstant(ctx, 'MinJurorStake')) throw disputeError(ctx, 'StakeTooLow');
        const pool = ctx.state.get('Dispute', 'JurorPool');
        if (pool.length >= disputeConstant(ctx, 'MaxJurors')) throw disputeError(ctx, 'JurorPoolFull');
        ensureCanReserve(ctx, juror, stake);
        reserve(ctx, juror, stake);
        ctx.state.set('Dispute', 'Jurors', [juror], { stake, active_disputes: 0 });
        ctx.state.set('Dispute', 'JurorPool', [], [...pool, juror]);
        ctx.deposit({ __kind: 'Dispute', value: { __kind: 'JurorRegistered', juror, stake } });
      },
    },
    add_stake: {
      weight: () => WEIGHTS.disputeAddStake,
      dispatch: (ctx, origin, { amount }) => {
        const who = ensureSigned(origin);
        const juror = ctx.state.get('Dispute', 'Jurors', who);
        if (!juror) throw disputeError(ctx, 'NotJuror');
        if (amount === 0n) throw disputeError(ctx, 'ZeroAmount');
        ensureCanReserve(ctx, who, amount);
        reserve(ctx, who, amount);
        const stake = juror.stake + amount;
        ctx.state.set('Dispute', 'Jurors', [who], { ...juror, stake });
        ctx.deposit({ __kind: 'Dispute', value: { __kind: 'JurorStakeAdded', juror: who, amount, stake } });
      },
    },
    unregister_juror: {
      weight: () => WEIGHTS.disputeUnregisterJuror + WEIGHTS.disputePerPoolJuror * BigInt(MAX_JURORS),
      dispatch: (ctx, origin) => {
        const who = ensureSigned(origin);
        const juror = ctx.state.get('Dispute', 'Jurors', who);
        if (!juror) throw disputeError(ctx, 'NotJuror');
        if (juror.active_disputes > 0) throw disputeError(ctx, 'JurorBusy');
        const pool = ctx.state.get('Dispute', 'JurorPool');
        const stake = unreserve(ctx, who, juror.stake);
        ctx.state.remove('Dispute', 'Jurors', who);
        ctx.state.set(
          'Dispute',
          'JurorPool',
          [],
          pool.filter((other) => !equalAccounts(other, who)),
        );
        ctx.deposit({ __kind: 'Dispute', value: { __kind: 'JurorUnregistered', juror: who, stake } });
        return WEIGHTS.disputeUnregisterJuror + WEIGHTS.disputePerPoolJuror * BigInt(pool.length);
      },
    },
    open_dispute: {
      weight: ({ evidence_cid }) =>
        WEIGHTS.disputeOpen + drawWeight(JURORS_PER_DISPUTE) + WEIGHTS.cidPerByte * BigInt(evidence_cid.length),
      dispatch: (ctx, origin, { order_id, evidence_cid }) => {
        const plaintiff = ensureSigned(origin);
        const order = getOrder(ctx, order_id);
        if (!order) throw disputeError(ctx, 'OrderNotFound');
        const isBuyer = equalAccounts(plaintiff, order.buyer);
        if (!isBuyer && !equalAccounts(plaintiff, order.seller)) throw disputeError(ctx, 'NotParty');
        if (order.status.__kind !== 'Paid' && order.status.__kind !== 'Shipped') {
          throw disputeError(ctx, 'OrderNotDisputable');
        }
        ensureValidCid(ctx, 'Dispute', evidence_cid);
        const fee = disputeBalanceConstant(ctx, 'DisputeFee');
        ensureCanReserve(ctx, plaintiff, fee);
        const disputeId = ctx.state.get('Dispute', 'NextDisputeId');
        if (disputeId >= (1n << 64n) - 1n) throw arithmeticOverflow();
        const defendant = isBuyer ? order.seller : order.buyer;
        const jurors = drawJurors(ctx, disputeId, 0, JURORS_PER_DISPUTE, [plaintiff, defendant]);
        if (!jurors) throw disputeError(ctx, 'NotEnoughJurors');

        reserve(ctx, plaintiff, fee);
        markDisputed(ctx, order_id, disputeId);
        const next = deadlines(ctx);
        ctx.state.set('Dispute', 'NextDisputeId', [], disputeId + 1n);
        ctx.state.set('Dispute', 'Disputes', [disputeId], {
          order_id,
          escrow_id: order.escrow_id,
          plaintiff,
          defendant,
          fee,
          round: 0,
          ...next,
          status: { __kind: 'Open' },
          created_at: ctx.block.number,
        });
        ctx.state.set('Dispute', 'DisputeByOrder', [order_id], disputeId);
        ctx.state.set('Dispute', 'Rounds', [disputeId, 0], { jurors, appellant: null, appeal_fee: 0n, redrawn: false });
        ctx.state.set('Dispute', 'Evidence', [disputeId, plaintiff], [evidence_cid]);
        changeActive(ctx, jurors, 1);
        ctx.deposit({
          __kind: 'Dispute',
          value: { __kind: 'DisputeOpened', dispute_id: disputeId, order_id, plaintiff, defendant, evidence_cid, fee },
        });
        ctx.deposit({
          __kind: 'Dispute',
          value: { __kind: 'JurorsSelected', dispute_id: disputeId, round: 0, jurors, ...next },
        });
      },
    },
    submit_evidence: {
      weight: ({ cid }) => WEIGHTS.disputeSubmitEvidence + WEIGHTS.cidPerByte * BigInt(cid.length),
      dispatch: (ctx, origin, { dispute_id, cid }) => {
        const by = ensureSigned(origin);
        const dispute = openDisputeOf(ctx, dispute_id);
        if (!equalAccounts(by, dispute.plaintiff) && !equalAccounts(by, dispute.defendant)) {
          throw disputeError(ctx, 'NotParty');
        }
        ensurePhase(ctx, dispute, 'Evidence');
        const evidence = ctx.state.get('Dispute', 'Evidence', dispute_id, by);
        if (evidence.length >= disputeConstant(ctx, 'MaxEvidencePerParty')) throw disputeError(ctx, 'TooMuchEvidence');
        ensureValidCid(ctx, 'Dispute', cid);
        ctx.state.set('Dispute', 'Evidence', [dispute_id, by], [...evidence, cid]);
        ctx.deposit({ __kind: 'Dispute', value: { __kind: 'EvidenceSubmitted', dispute_id, by, cid } });
      },
    },
    commit_vote: {
      weight: () => WEIGHTS.disputeCommitVote,
      dispatch: (ctx, origin, { dispute_id, commitment }) => {
        const juror = ensureSigned(origin);
        const dispute = openDisputeOf(ctx, dispute_id);
        ensurePhase(ctx, dispute, 'Commit');
        const round = currentRound(ctx, dispute_id, dispute.round);
        if (!round.jurors.some((who) => equalAccounts(who, juror))) throw disputeError(ctx, 'NotSelectedJuror');
        if (ctx.state.exists('Dispute', 'Commitments', dispute_id, juror)) throw disputeError(ctx, 'AlreadyCommitted');
        ctx.state.set('Dispute', 'Commitments', [dispute_id, juror], { round: dispute.round, commitment, vote: null });
        ctx.deposit({
          __kind: 'Dispute',
          value: { __kind: 'VoteCommitted', dispute_id, round: dispute.round, juror, commitment },
        });
      },
    },
    reveal_vote: {
      weight: () => WEIGHTS.disputeRevealVote,
      dispatch: (ctx, origin, { dispute_id, vote, salt }) => {
        const juror = ensureSigned(origin);
        const dispute = openDisputeOf(ctx, dispute_id);
        ensurePhase(ctx, dispute, 'Reveal');
        const round = currentRound(ctx, dispute_id, dispute.round);
        if (!round.jurors.some((who) => equalAccounts(who, juror))) throw disputeError(ctx, 'NotSelectedJuror');
        const committed = ctx.state.get('Dispute', 'Commitments', dispute_id, juror);
        if (!committed || committed.round !== dispute.round) throw disputeError(ctx, 'NotCommitted');
        if (committed.vote) throw disputeError(ctx, 'AlreadyRevealed');
        // A PartialRefund above 100% can never be revealed: it matches no valid commitment.
        const valid = vote.__kind !== 'PartialRefund' || vote.value <= 100;
        if (!valid || !equalAccounts(voteCommitment(vote, salt), committed.commitment)) {
          throw disputeError(ctx, 'CommitmentMismatch');
        }
        ctx.state.set('Dispute', 'Commitments', [dispute_id, juror], { ...committed, vote });
        ctx.deposit({
          __kind: 'Dispute',
          value: { __kind: 'VoteRevealed', dispute_id, round: dispute.round, juror, vote },
        });
      },
    },
    appeal: {
      weight: () =>
        WEIGHTS.disputeAppeal + drawWeight(MAX_JURORS_PER_ROUND) + WEIGHTS.dbRead * BigInt(MAX_JURORS_PER_DISPUTE),
      dispatch: (ctx, origin, { dispute_id }) => {
        const appellant = ensureSigned(origin);
        const dispute = openDisputeOf(ctx, dispute_id);
        const isPlaintiff = equalAccounts(appellant, dispute.plaintiff);
        if (!isPlaintiff && !equalAccounts(appellant, dispute.defendant)) throw disputeError(ctx, 'NotParty');
        ensurePhase(ctx, dispute, 'Appeal');
        const order = getOrder(ctx, dispute.order_id);
        if (!order) throw disputeError(ctx, 'OrderNotFound');
        const round = currentRound(ctx, dispute_id, dispute.round);
        const outcome = tally(revealedVotes(ctx, dispute_id, round.jurors)) ?? HALF;
        if (favours(outcome, equalAccounts(appellant, order.buyer))) throw disputeError(ctx, 'NotLosingSide');
        const nextRound = dispute.round + 1;
        if (nextRound >= disputeConstant(ctx, 'MaxRounds')) throw disputeError(ctx, 'MaxRoundsReached');
        const fee = disputeBalanceConstant(ctx, 'AppealFee') * 2n ** BigInt(dispute.round);
        ensureCanReserve(ctx, appellant, fee);
        const seated = seatedJurors(ctx, dispute_id, dispute.round);
        const count = 2 * round.jurors.length + 1;
        const jurors = drawJurors(ctx, dispute_id, nextRound, count, [dispute.plaintiff, dispute.defendant, ...seated]);
        if (!jurors) throw disputeError(ctx, 'NotEnoughJurors');

        reserve(ctx, appellant, fee);
        const next = deadlines(ctx);
        ctx.state.set('Dispute', 'Rounds', [dispute_id, nextRound], {
          jurors,
          appellant,
          appeal_fee: fee,
          redrawn: false,
        });
        ctx.state.set('Dispute', 'Disputes', [dispute_id], { ...dispute, round: nextRound, ...next });
        changeActive(ctx, jurors, 1);
        ctx.deposit({
          __kind: 'Dispute',
          value: { __kind: 'Appealed', dispute_id, round: nextRound, appellant, fee, jurors, ...next },
        });
      },
    },
    execute_ruling: {
      weight: () =>
        WEIGHTS.disputeExecuteRuling +
        drawWeight(MAX_JURORS_PER_ROUND) +
        WEIGHTS.disputePerRulingJuror * BigInt(MAX_JURORS_PER_DISPUTE + MAX_JURORS_PER_ROUND),
      dispatch: (ctx, origin, { dispute_id }) => {
        ensureSigned(origin);
        const dispute = openDisputeOf(ctx, dispute_id);
        ensurePhase(ctx, dispute, 'Execute');
        const round = currentRound(ctx, dispute_id, dispute.round);
        const ruling = tally(revealedVotes(ctx, dispute_id, round.jurors));
        if (!ruling && !round.redrawn && redraw(ctx, dispute_id, dispute, round)) {
          return (
            WEIGHTS.disputeExecuteRuling +
            drawWeight(round.jurors.length) +
            WEIGHTS.disputePerRulingJuror * BigInt(round.jurors.length)
          );
        }
        rule(ctx, dispute_id, dispute, ruling ?? HALF);
        const seated = seatedJurors(ctx, dispute_id, dispute.round).length;
        return WEIGHTS.disputeExecuteRuling + WEIGHTS.disputePerRulingJuror * BigInt(seated);
      },
    },
  },
};
