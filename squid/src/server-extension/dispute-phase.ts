/**
 * The current phase of a dispute, derived as the Dispute pallet does (devnet/src/runtime/pallets/dispute.ts,
 * `phaseOf`): each phase of the current round ends at its deadline block, exclusive. The phase reported is
 * the one a call sent now would meet, i.e. that of the next block after the indexed height.
 */

export type DisputePhaseName = 'Evidence' | 'Commit' | 'Reveal' | 'Appeal' | 'AwaitingExecution' | 'Resolved';

export interface DisputeDeadlines {
  readonly status: string;
  readonly evidenceEnd: number;
  readonly commitEnd: number;
  readonly revealEnd: number;
  readonly appealEnd: number;
}

export interface DerivedPhase {
  readonly phase: DisputePhaseName;
  /** The block at which the phase ends (exclusive); null once awaiting execution or resolved. */
  readonly endsAt: number | null;
  /** Blocks in which a call can still be included in this phase (0 when awaiting execution or resolved). */
  readonly blocksLeft: number;
}

/** The phase at the block after `height` (the indexed chain height). */
export function derivePhase(dispute: DisputeDeadlines, height: number): DerivedPhase {
  if (dispute.status === 'Resolved') return { phase: 'Resolved', endsAt: null, blocksLeft: 0 };
  const next = height + 1;
  const phases: [DisputePhaseName, number][] = [
    ['Evidence', dispute.evidenceEnd],
    ['Commit', dispute.commitEnd],
    ['Reveal', dispute.revealEnd],
    ['Appeal', dispute.appealEnd],
  ];
  for (const [phase, end] of phases) {
    if (next < end) return { phase, endsAt: end, blocksLeft: end - next };
  }
  return { phase: 'AwaitingExecution', endsAt: null, blocksLeft: 0 };
}

/** Whether the processor created its status tables yet. */
export const HAS_STATUS_SQL = `SELECT to_regclass('squid_processor.status') IS NOT NULL AS "exists"`;

/** The indexed height, as `squidStatus.height` computes it: the last hot block, else the last finalized one. */
export const INDEXED_HEIGHT_SQL = `
  SELECT COALESCE(
    (SELECT max(height) FROM squid_processor.hot_block),
    (SELECT height FROM squid_processor.status WHERE id = 0)
  ) AS "height"`;
