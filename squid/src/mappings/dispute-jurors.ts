import { Account, type Dispute, DisputeJuror, type DisputeRound, DisputeVote, Juror } from '../model/index.ts';
import type { Event } from '../processor.ts';
import { constants, events } from '../types/index.ts';
import type { Vote } from '../types/v100.ts';
import { account } from './accounts.ts';
import type { BatchStore } from './batch.ts';
import { address, type EventContext, type EventHandlers, on } from './handler.ts';

/**
 * The juror pool of Dispute and the seats of jurors in rounds, shared with ./dispute.ts: `Juror.activeDisputes`
 * follows the chain's `active_disputes`: +1 for each juror drawn (opening, redraw, appeal), -1 for the jury a
 * redraw replaces, -1 for every seated juror when the ruling is executed; only for registered jurors, never
 * below 0. A juror sits at most once per dispute outside replaced seats, so rewards and slashes (which name no
 * round) go to the juror's latest seat that was not replaced: at a redraw the slashes of the replaced jury come
 * before the new `JurorsSelected`.
 */

export function roundId(disputeId: bigint | string, round: number): string {
  return `${disputeId}-${round}`;
}

export function seatId(disputeId: bigint | string, round: number, juror: string): string {
  return `${disputeId}-${round}-${juror}`;
}

const maxRoundsByRuntime = new WeakMap<object, number>();

/** The `MaxRounds` constant of the event's runtime. */
export function maxRounds(event: Event): number {
  let rounds = maxRoundsByRuntime.get(event.block._runtime);
  if (rounds === undefined) {
    rounds = constants.dispute.maxRounds.v100.get(event.block);
    maxRoundsByRuntime.set(event.block._runtime, rounds);
  }
  return rounds;
}

export function wantSeatsOf(batch: BatchStore, event: Event, disputeId: bigint, juror: string): void {
  batch.want(Juror, juror);
  for (let round = 0; round < maxRounds(event); round++) batch.want(DisputeJuror, seatId(disputeId, round, juror));
}

/** The juror's seat in the dispute that was not replaced by a redraw: the one rewards and slashes are for. */
export function currentSeat(batch: BatchStore, event: Event, disputeId: bigint, juror: string): DisputeJuror {
  for (let round = maxRounds(event) - 1; round >= 0; round--) {
    const seat = batch.get(DisputeJuror, seatId(disputeId, round, juror));
    if (seat && !seat.replaced) return seat;
  }
  throw new Error(`juror ${juror} has no seat in dispute ${disputeId}: the chain and the index disagree`);
}

export function changeActive(batch: BatchStore, jurors: readonly string[], delta: 1 | -1): void {
  for (const id of jurors) {
    const juror = batch.get(Juror, id);
    // The chain changes `active_disputes` of registered jurors only (`mutate` of an existing record).
    if (!juror?.active) continue;
    juror.activeDisputes = Math.max(juror.activeDisputes + delta, 0);
    batch.save(juror);
  }
}

export function voteOf(vote: Vote): { vote: DisputeVote; percent: number | null } {
  return { vote: DisputeVote[vote.__kind], percent: vote.__kind === 'PartialRefund' ? vote.value : null };
}

/** Seats the drawn jurors of a round (their Juror rows must have been declared with `want`). */
export function seatJurors(
  context: EventContext,
  dispute: Dispute,
  round: DisputeRound,
  jurors: readonly string[],
): void {
  const { batch } = context;
  for (const id of jurors) {
    batch.save(
      new DisputeJuror({
        id: seatId(dispute.id, round.round, id),
        round,
        dispute,
        juror: batch.getOrFail(Juror, id),
        replaced: false,
        commitment: null,
        committedAtBlock: null,
        vote: null,
        votePercent: null,
        revealedAtBlock: null,
        rewarded: 0n,
        slashed: 0n,
      }),
    );
  }
  changeActive(batch, jurors, 1);
}

const dispute = events.dispute;

/** JurorRegistered, JurorStakeAdded, JurorUnregistered, JurorRewarded, JurorSlashed. */
export const disputeJurorHandlers: EventHandlers = {
  [dispute.jurorRegistered.name]: on({
    decode: (event) => dispute.jurorRegistered.v100.decode(event),
    want: (args, batch) => {
      batch.want(Juror, address(args.juror));
      batch.want(Account, address(args.juror));
    },
    apply: (args, { batch, block }) => {
      const id = address(args.juror);
      const juror =
        batch.get(Juror, id) ??
        new Juror({ id, account: account(batch, id, block.height), totalRewarded: 0n, totalSlashed: 0n });
      juror.stake = args.stake;
      juror.active = true;
      juror.activeDisputes = 0;
      juror.registeredAtBlock = block.height;
      juror.unregisteredAtBlock = null;
      batch.save(juror);
    },
  }),

  [dispute.jurorStakeAdded.name]: on({
    decode: (event) => dispute.jurorStakeAdded.v100.decode(event),
    want: (args, batch) => batch.want(Juror, address(args.juror)),
    apply: (args, { batch }) => {
      const juror = batch.getOrFail(Juror, address(args.juror));
      juror.stake = args.stake;
      batch.save(juror);
    },
  }),

  [dispute.jurorUnregistered.name]: on({
    decode: (event) => dispute.jurorUnregistered.v100.decode(event),
    want: (args, batch) => batch.want(Juror, address(args.juror)),
    apply: (args, { batch, block }) => {
      const juror = batch.getOrFail(Juror, address(args.juror));
      juror.stake = 0n;
      juror.active = false;
      juror.activeDisputes = 0;
      juror.unregisteredAtBlock = block.height;
      batch.save(juror);
    },
  }),

  [dispute.jurorRewarded.name]: on({
    decode: (event) => dispute.jurorRewarded.v100.decode(event),
    want: (args, batch, event) => wantSeatsOf(batch, event, args.disputeId, address(args.juror)),
    apply: (args, { batch, event }) => {
      const id = address(args.juror);
      const juror = batch.getOrFail(Juror, id);
      juror.totalRewarded += args.amount;
      batch.save(juror);
      const seat = currentSeat(batch, event, args.disputeId, id);
      seat.rewarded += args.amount;
      batch.save(seat);
    },
  }),

  [dispute.jurorSlashed.name]: on({
    decode: (event) => dispute.jurorSlashed.v100.decode(event),
    want: (args, batch, event) => wantSeatsOf(batch, event, args.disputeId, address(args.juror)),
    apply: (args, { batch, event }) => {
      const id = address(args.juror);
      const juror = batch.getOrFail(Juror, id);
      juror.stake -= args.amount;
      juror.totalSlashed += args.amount;
      batch.save(juror);
      const seat = currentSeat(batch, event, args.disputeId, id);
      seat.slashed += args.amount;
      batch.save(seat);
    },
  }),
};
