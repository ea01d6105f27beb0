import {
  Account,
  Dispute,
  DisputeEvidence,
  DisputeJuror,
  DisputeRound,
  DisputeStatus,
  Escrow,
  Juror,
  Order,
} from '../model/index.ts';
import type { Event } from '../processor.ts';
import { events } from '../types/index.ts';
import { account } from './accounts.ts';
import {
  changeActive,
  disputeJurorHandlers,
  maxRounds,
  roundId,
  seatId,
  seatJurors,
  voteOf,
} from './dispute-jurors.ts';
import { address, type EventContext, type EventHandlers, on, text } from './handler.ts';

/**
 * Dispute: disputes with their current round's deadlines and ruling, each round (DisputeRound, with the
 * accounts the chain's `Rounds` seats in it) and each seat of a juror in a round (DisputeJuror: commitment,
 * revealed vote, reward, slash), and the evidence CIDs. The juror pool and seats: ./dispute-jurors.ts.
 */

interface Deadlines {
  readonly evidenceEnd: number;
  readonly commitEnd: number;
  readonly revealEnd: number;
  readonly appealEnd: number;
}

function setDeadlines(target: Deadlines & object, deadlines: Deadlines): void {
  Object.assign(target, {
    evidenceEnd: deadlines.evidenceEnd,
    commitEnd: deadlines.commitEnd,
    revealEnd: deadlines.revealEnd,
    appealEnd: deadlines.appealEnd,
  });
}

/** The escrow frozen for the dispute: `Escrow.Frozen`, emitted by the same extrinsic just before `DisputeOpened`. */
function frozenEscrowId(event: Event, disputeId: bigint): string {
  for (const other of event.extrinsic?.events ?? []) {
    if (other.name !== events.escrow.frozen.name) continue;
    const frozen = events.escrow.frozen.v100.decode(other);
    if (frozen.disputeId === disputeId) return String(frozen.escrowId);
  }
  throw new Error(`no Escrow.Frozen for dispute ${disputeId} in extrinsic ${event.extrinsic?.hash}`);
}

/** A DisputeEvidence row for the evidence CID the event carries (the opening one, or a later submission). */
function recordEvidence(context: EventContext, disputeEntity: Dispute, by: Account, cid: string): void {
  const { batch, block, event, timestamp, extrinsicHash } = context;
  batch.save(
    new DisputeEvidence({
      id: event.id,
      dispute: disputeEntity,
      submittedBy: by,
      cid: text(cid),
      blockNumber: block.height,
      timestamp,
      extrinsicHash: extrinsicHash ?? null,
    }),
  );
}

const dispute = events.dispute;

export const disputeHandlers: EventHandlers = {
  ...disputeJurorHandlers,

  [dispute.disputeOpened.name]: on({
    decode: (event) => dispute.disputeOpened.v100.decode(event),
    want: (args, batch, event) => {
      batch.want(Order, String(args.orderId));
      batch.want(Escrow, frozenEscrowId(event, args.disputeId));
      batch.want(Account, address(args.plaintiff));
      batch.want(Account, address(args.defendant));
    },
    apply: (args, context) => {
      const { batch, block, event, timestamp } = context;
      const plaintiff = account(batch, address(args.plaintiff), block.height);
      const opened = batch.save(
        new Dispute({
          id: String(args.disputeId),
          order: batch.getOrFail(Order, String(args.orderId)),
          escrow: batch.getOrFail(Escrow, frozenEscrowId(event, args.disputeId)),
          plaintiff,
          defendant: account(batch, address(args.defendant), block.height),
          fee: args.fee,
          round: 0,
          // The deadlines come with the `JurorsSelected` that follows in the same extrinsic.
          evidenceEnd: 0,
          commitEnd: 0,
          revealEnd: 0,
          appealEnd: 0,
          status: DisputeStatus.Open,
          ruling: null,
          rulingPercent: null,
          toBuyer: null,
          toSeller: null,
          createdAtBlock: block.height,
          createdAt: timestamp,
          resolvedAtBlock: null,
        }),
      );
      recordEvidence(context, opened, plaintiff, args.evidenceCid);
    },
  }),

  [dispute.jurorsSelected.name]: on({
    decode: (event) => dispute.jurorsSelected.v100.decode(event),
    want: (args, batch) => {
      batch.want(Dispute, String(args.disputeId));
      batch.want(DisputeRound, roundId(args.disputeId, args.round));
      for (const juror of args.jurors) batch.want(Juror, address(juror));
    },
    // A redraw of a round indexed in an earlier batch: its replaced jury.
    wantRelated: (args, batch) => {
      for (const juror of batch.get(DisputeRound, roundId(args.disputeId, args.round))?.jurorIds ?? []) {
        batch.want(Juror, juror);
        batch.want(DisputeJuror, seatId(args.disputeId, args.round, juror));
      }
    },
    apply: (args, context) => {
      const { batch, block } = context;
      const disputed = batch.getOrFail(Dispute, String(args.disputeId));
      disputed.round = args.round;
      setDeadlines(disputed, args);
      batch.save(disputed);
      const jurors = args.jurors.map(address);
      let round = batch.get(DisputeRound, roundId(args.disputeId, args.round));
      if (round) {
        // A redraw: no juror revealed, the new jury replaces the first one.
        for (const juror of round.jurorIds) {
          const seat = batch.getOrFail(DisputeJuror, seatId(args.disputeId, args.round, juror));
          seat.replaced = true;
          batch.save(seat);
        }
        changeActive(batch, round.jurorIds, -1);
        round.redrawn = true;
      } else {
        round = new DisputeRound({
          id: roundId(args.disputeId, args.round),
          dispute: disputed,
          round: args.round,
          appellant: null,
          appealFee: 0n,
          redrawn: false,
          startedAtBlock: block.height,
        });
      }
      round.jurorIds = jurors;
      setDeadlines(round, args);
      batch.save(round);
      seatJurors(context, disputed, round, jurors);
    },
  }),

  [dispute.appealed.name]: on({
    decode: (event) => dispute.appealed.v100.decode(event),
    want: (args, batch) => {
      batch.want(Dispute, String(args.disputeId));
      batch.want(Account, address(args.appellant));
      for (const juror of args.jurors) batch.want(Juror, address(juror));
    },
    apply: (args, context) => {
      const { batch, block } = context;
      const disputed = batch.getOrFail(Dispute, String(args.disputeId));
      disputed.round = args.round;
      setDeadlines(disputed, args);
      batch.save(disputed);
      const jurors = args.jurors.map(address);
      const round = batch.save(
        new DisputeRound({
          id: roundId(args.disputeId, args.round),
          dispute: disputed,
          round: args.round,
          appellant: account(batch, address(args.appellant), block.height),
          appealFee: args.fee,
          redrawn: false,
          jurorIds: jurors,
          evidenceEnd: args.evidenceEnd,
          commitEnd: args.commitEnd,
          revealEnd: args.revealEnd,
          appealEnd: args.appealEnd,
          startedAtBlock: block.height,
        }),
      );
      seatJurors(context, disputed, round, jurors);
    },
  }),

  [dispute.evidenceSubmitted.name]: on({
    decode: (event) => dispute.evidenceSubmitted.v100.decode(event),
    want: (args, batch) => {
      batch.want(Dispute, String(args.disputeId));
      batch.want(Account, address(args.by));
    },
    apply: (args, context) => {
      const { batch, block } = context;
      recordEvidence(
        context,
        batch.getOrFail(Dispute, String(args.disputeId)),
        account(batch, address(args.by), block.height),
        args.cid,
      );
    },
  }),

  [dispute.voteCommitted.name]: on({
    decode: (event) => dispute.voteCommitted.v100.decode(event),
    want: (args, batch) => batch.want(DisputeJuror, seatId(args.disputeId, args.round, address(args.juror))),
    apply: (args, { batch, block }) => {
      const seat = batch.getOrFail(DisputeJuror, seatId(args.disputeId, args.round, address(args.juror)));
      seat.commitment = args.commitment;
      seat.committedAtBlock = block.height;
      batch.save(seat);
    },
  }),

  [dispute.voteRevealed.name]: on({
    decode: (event) => dispute.voteRevealed.v100.decode(event),
    want: (args, batch) => batch.want(DisputeJuror, seatId(args.disputeId, args.round, address(args.juror))),
    apply: (args, { batch, block }) => {
      const seat = batch.getOrFail(DisputeJuror, seatId(args.disputeId, args.round, address(args.juror)));
      const { vote, percent } = voteOf(args.vote);
      seat.vote = vote;
      seat.votePercent = percent;
      seat.revealedAtBlock = block.height;
      batch.save(seat);
    },
  }),

  [dispute.rulingExecuted.name]: on({
    decode: (event) => dispute.rulingExecuted.v100.decode(event),
    want: (args, batch, event) => {
      batch.want(Dispute, String(args.disputeId));
      for (let round = 0; round < maxRounds(event); round++) batch.want(DisputeRound, roundId(args.disputeId, round));
    },
    // Rounds of earlier batches: their jurors, every one of whom leaves the dispute.
    wantRelated: (args, batch) => {
      for (let round = 0; ; round++) {
        const info = batch.get(DisputeRound, roundId(args.disputeId, round));
        if (!info) break;
        for (const juror of info.jurorIds) batch.want(Juror, juror);
      }
    },
    apply: (args, { batch, block }) => {
      const resolved = batch.getOrFail(Dispute, String(args.disputeId));
      const { vote, percent } = voteOf(args.ruling);
      resolved.status = DisputeStatus.Resolved;
      resolved.ruling = vote;
      resolved.rulingPercent = percent;
      resolved.toBuyer = args.toBuyer;
      resolved.toSeller = args.toSeller;
      resolved.resolvedAtBlock = block.height;
      batch.save(resolved);
      for (let round = 0; round <= resolved.round; round++) {
        changeActive(batch, batch.getOrFail(DisputeRound, roundId(args.disputeId, round)).jurorIds, -1);
      }
    },
  }),

  // The fee goes back to its payer's free balance: nothing the read model keeps beyond the raw log.
  [dispute.feeReturned.name]: on({
    decode: (event) => dispute.feeReturned.v100.decode(event),
    apply: () => {},
  }),
};
