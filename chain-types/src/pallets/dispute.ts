import { enumeration, pallet, struct } from '../dsl.ts';
import { BZR } from './balances.ts';
import { INVALID_CID_DOCS, MAX_CID_LEN, PERCENT_IN_PERMILL } from './commerce.types.ts';

const JURORS_PER_DISPUTE = 5;
const MAX_ROUNDS = 3;
/** Round r draws (JurorsPerDispute + 1) × 2^r − 1 jurors (5, 11, 23…): each appeal draws 2n + 1. */
const MAX_JURORS_PER_ROUND = (JURORS_PER_DISPUTE + 1) * 2 ** (MAX_ROUNDS - 1) - 1;
const MAX_JURORS = 1024;
const MAX_EVIDENCE_PER_PARTY = 16;

const deadlines = { evidence_end: 'u32', commit_end: 'u32', reveal_end: 'u32', appeal_end: 'u32' };
const jurorAmount = { dispute_id: 'u64', juror: 'AccountId32', amount: 'u128' };

/** `pallet_dispute`: a court of staked jurors for disputed orders, after Kleros and the Zeitgeist court. */
export const disputePallet = pallet({
  name: 'Dispute',
  index: 13,
  crate: 'pallet_dispute',
  docs: [
    'Disputes over orders, judged by jurors drawn from a staked pool: evidence, committed then revealed votes,',
    'appeals to larger juries, and a ruling that splits the escrow, returns or pays the fees and slashes the',
    'jurors who did not reveal or voted against it.',
  ],
  types: {
    Juror: struct(
      'pallet_dispute::types::Juror',
      { stake: 'u128', active_disputes: 'u32' },
      {
        docs: [
          'A juror of the pool: `stake` is reserved and weighs the draws; `active_disputes` counts the open',
          'disputes they sit on, which must be zero to unregister.',
        ],
      },
    ),
    DisputeInfo: struct(
      'pallet_dispute::types::Dispute',
      {
        order_id: 'u64',
        escrow_id: 'u64',
        plaintiff: 'AccountId32',
        defendant: 'AccountId32',
        fee: 'u128',
        round: 'u32',
        ...deadlines,
        status: 'DisputeStatus',
        created_at: 'u32',
      },
      {
        docs: [
          'A dispute over an order, opened by `plaintiff` (its buyer or seller) who reserved `fee`. The deadlines',
          'are those of the current round `round` (0 for the first), each phase ending at its block (exclusive):',
          'evidence until `evidence_end`, then commit until `commit_end`, reveal until `reveal_end`, appeal until',
          '`appeal_end`; from `appeal_end` on, anyone may execute the ruling.',
        ],
      },
    ),
    DisputeStatus: enumeration(
      'pallet_dispute::types::DisputeStatus',
      {
        Open: { docs: ['The jurors are deciding; the escrow is frozen.'] },
        Resolved: {
          fields: ['DisputeVote'],
          typeNames: { 0: 'Ruling' },
          docs: ['The ruling was executed.'],
        },
      },
      { docs: ['Whether a dispute has been ruled, and how.'] },
    ),
    DisputeRound: struct(
      'pallet_dispute::types::DisputeRound',
      { jurors: 'Vec<AccountId32>', appellant: 'Option<AccountId32>', appeal_fee: 'u128', redrawn: 'bool' },
      {
        typeNames: { jurors: 'BoundedVec<T::AccountId, MaxJurorsPerRound>' },
        docs: [
          'A round of a dispute: its jurors, who appealed into it and the fee they reserved (none for round 0),',
          'and whether its jurors were redrawn because none of the first ones revealed.',
        ],
      },
    ),
    DisputeVote: enumeration(
      'pallet_dispute::types::Vote',
      {
        RefundBuyer: { docs: ['The whole escrow goes back to the buyer.'] },
        ReleaseSeller: { docs: ['The whole escrow goes to the seller.'] },
        PartialRefund: { fields: ['Percent'], docs: ['This percentage goes to the buyer, the rest to the seller.'] },
      },
      { docs: ["A juror's vote, and the ruling, which is one of these votes."] },
    ),
    VoteCommitment: struct(
      'pallet_dispute::types::VoteCommitment',
      { round: 'u32', commitment: 'H256', vote: 'Option<DisputeVote>' },
      {
        docs: [
          "A juror's committed vote in a round: `commitment` = blake2_256(SCALE(vote) ++ salt);",
          '`vote` is set once revealed.',
        ],
      },
    ),
  },
  calls: {
    register_juror: {
      index: 0,
      args: { stake: 'Compact<u128>' },
      docs: [
        'Join the juror pool, reserving `stake` BZR: any signed account not yet a juror.',
        'Checks a stake of at least `MinJurorStake` and room in the pool. Emits `JurorRegistered`.',
      ],
    },
    add_stake: {
      index: 1,
      args: { amount: 'Compact<u128>' },
      docs: ['Reserve `amount` more BZR as stake: a juror. Emits `JurorStakeAdded`.'],
    },
    unregister_juror: {
      index: 2,
      args: {},
      docs: [
        'Leave the juror pool and get the stake unreserved: a juror not sitting on any open dispute.',
        'Emits `JurorUnregistered`.',
      ],
    },
    open_dispute: {
      index: 3,
      args: { order_id: 'u64', evidence_cid: 'Vec<u8>' },
      typeNames: { evidence_cid: 'Cid' },
      docs: [
        'Dispute a `Paid` or `Shipped` order: its buyer or seller, reserving `DisputeFee`. The order becomes',
        '`Disputed` and its escrow is frozen. Draws `JurorsPerDispute` jurors, weighted by stake, without',
        'replacement, excluding both parties, from on-chain randomness: on the devnet blake2_256 of the parent',
        'hash, the dispute id and the round; a production chain uses its VRF randomness (BABE).',
        'Too few eligible jurors fails with `NotEnoughJurors` and changes nothing.',
        'Emits `Escrow.Frozen`, `DisputeOpened` and `JurorsSelected`.',
      ],
    },
    submit_evidence: {
      index: 4,
      args: { dispute_id: 'u64', cid: 'Vec<u8>' },
      typeNames: { cid: 'Cid' },
      docs: [
        `Add evidence: the plaintiff or the defendant, during the evidence phase, at most ${MAX_EVIDENCE_PER_PARTY}`,
        'pieces each. Emits `EvidenceSubmitted`.',
      ],
    },
    commit_vote: {
      index: 5,
      args: { dispute_id: 'u64', commitment: 'H256' },
      docs: [
        'Commit a hidden vote: a juror of the current round, once, during the commit phase.',
        '`commitment` = blake2_256(SCALE(vote) ++ salt) with a secret 32-byte salt. Emits `VoteCommitted`.',
      ],
    },
    reveal_vote: {
      index: 6,
      args: { dispute_id: 'u64', vote: 'DisputeVote', salt: '[u8; 32]' },
      docs: [
        'Reveal a committed vote: the juror, once, during the reveal phase. blake2_256(SCALE(vote) ++ salt)',
        'must equal the commitment, or it fails with `CommitmentMismatch`. Emits `VoteRevealed`.',
      ],
    },
    appeal: {
      index: 7,
      args: { dispute_id: 'u64' },
      docs: [
        "Appeal the current round's outcome: the party it does not favour, during the appeal window, reserving",
        '`AppealFee` × 2^round (round = the round appealed, 0 for the first). Draws 2n + 1 jurors who have not',
        `sat on this dispute (n = the current jury), for at most \`MaxRounds\` (${MAX_ROUNDS}) rounds in all.`,
        'Emits `Appealed`.',
      ],
    },
    execute_ruling: {
      index: 8,
      args: { dispute_id: 'u64' },
      docs: [
        'Execute the ruling: anyone, from `appeal_end` on. The ruling is the plurality of the revealed votes of',
        'the current round (PartialRefund votes are one option, at their median percent; a tie gives',
        'PartialRefund(50)). With no revealed vote the round is redrawn once (`JurorsSelected` again), then the',
        'ruling is PartialRefund(50). The escrow is split accordingly and the order becomes `Resolved`.',
        'A ruling favours the buyer if it gives them at least half, the seller likewise. Each fee (dispute and',
        'appeals) goes back to its payer if the ruling favours them (`FeeReturned`), otherwise to the coherent',
        'jurors; jurors of every round who did not reveal or voted otherwise lose `JurorSlash` of their stake',
        'to the coherent jurors. Emits `Escrow.SplitReleased`, `RulingExecuted`, `FeeReturned`, `JurorRewarded`',
        'and `JurorSlashed`.',
      ],
    },
  },
  events: {
    JurorRegistered: {
      index: 0,
      fields: { juror: 'AccountId32', stake: 'u128' },
      docs: ['An account joined the juror pool with this stake reserved.'],
    },
    JurorStakeAdded: {
      index: 1,
      fields: { juror: 'AccountId32', amount: 'u128', stake: 'u128' },
      docs: ['A juror reserved `amount` more; `stake` is their new total.'],
    },
    JurorUnregistered: {
      index: 2,
      fields: { juror: 'AccountId32', stake: 'u128' },
      docs: ['A juror left the pool and `stake` was unreserved.'],
    },
    DisputeOpened: {
      index: 3,
      fields: {
        dispute_id: 'u64',
        order_id: 'u64',
        plaintiff: 'AccountId32',
        defendant: 'AccountId32',
        evidence_cid: 'Vec<u8>',
        fee: 'u128',
      },
      typeNames: { evidence_cid: 'Cid' },
      docs: ['A dispute was opened over an order, which is now `Disputed`; the plaintiff reserved `fee`.'],
    },
    JurorsSelected: {
      index: 4,
      fields: { dispute_id: 'u64', round: 'u32', jurors: 'Vec<AccountId32>', ...deadlines },
      typeNames: { jurors: 'BoundedVec<T::AccountId, MaxJurorsPerRound>' },
      docs: [
        'The jurors of a round were drawn, with its phase deadlines. Emitted again for the same round when',
        'it is redrawn because no juror revealed: the new jurors replace the first ones.',
      ],
    },
    EvidenceSubmitted: {
      index: 5,
      fields: { dispute_id: 'u64', by: 'AccountId32', cid: 'Vec<u8>' },
      typeNames: { cid: 'Cid' },
      docs: ['A party added evidence.'],
    },
    VoteCommitted: {
      index: 6,
      fields: { dispute_id: 'u64', round: 'u32', juror: 'AccountId32', commitment: 'H256' },
      docs: ['A juror committed a hidden vote.'],
    },
    VoteRevealed: {
      index: 7,
      fields: { dispute_id: 'u64', round: 'u32', juror: 'AccountId32', vote: 'DisputeVote' },
      docs: ['A juror revealed their vote.'],
    },
    Appealed: {
      index: 8,
      fields: {
        dispute_id: 'u64',
        round: 'u32',
        appellant: 'AccountId32',
        fee: 'u128',
        jurors: 'Vec<AccountId32>',
        ...deadlines,
      },
      typeNames: { jurors: 'BoundedVec<T::AccountId, MaxJurorsPerRound>' },
      docs: ['A party appealed, reserving `fee`: round `round` starts with these jurors and deadlines.'],
    },
    RulingExecuted: {
      index: 9,
      fields: {
        dispute_id: 'u64',
        order_id: 'u64',
        ruling: 'DisputeVote',
        to_buyer: 'u128',
        to_seller: 'u128',
      },
      typeNames: { ruling: 'Ruling' },
      docs: ['The ruling was executed: the escrow paid `to_buyer` and `to_seller`; the order is `Resolved`.'],
    },
    FeeReturned: {
      index: 10,
      fields: { dispute_id: 'u64', to: 'AccountId32', amount: 'u128' },
      docs: ['A dispute or appeal fee was unreserved back to its payer, whom the ruling favours.'],
    },
    JurorRewarded: {
      index: 11,
      fields: jurorAmount,
      docs: ['A coherent juror received `amount` (forfeited fees and slashed stakes) in their free balance.'],
    },
    JurorSlashed: {
      index: 12,
      fields: jurorAmount,
      docs: ['A juror who did not reveal or voted against the ruling lost `amount` of their stake.'],
    },
  },
  errors: {
    InvalidCid: INVALID_CID_DOCS,
    StakeTooLow: ['The stake is below the minimum juror stake.'],
    ZeroAmount: ['The amount must be greater than zero.'],
    AlreadyJuror: ['You are already in the juror pool.'],
    NotJuror: ['You are not in the juror pool.'],
    JurorBusy: ['You sit on an open dispute: you can leave the pool once it is ruled.'],
    JurorPoolFull: [`The juror pool is full (${MAX_JURORS} jurors).`],
    OrderNotFound: ['There is no order with this id.'],
    OrderNotDisputable: ['Only a paid or shipped order can be disputed.'],
    NotParty: ['Only the buyer or the seller of the order can do this.'],
    NotEnoughJurors: ['There are not enough eligible jurors to draw a jury right now.'],
    DisputeNotFound: ['There is no dispute with this id.'],
    AlreadyResolved: ['This dispute has already been ruled.'],
    WrongPhase: ['The dispute is not in the phase that allows this.'],
    TooMuchEvidence: [`You have already submitted the maximum of ${MAX_EVIDENCE_PER_PARTY} pieces of evidence.`],
    NotSelectedJuror: ['You are not a juror of the current round of this dispute.'],
    AlreadyCommitted: ['You have already committed a vote in this dispute.'],
    NotCommitted: ['You have no committed vote to reveal.'],
    AlreadyRevealed: ['You have already revealed your vote.'],
    CommitmentMismatch: ['This vote and salt do not match your commitment.'],
    NotLosingSide: ['Only the party the current round does not favour can appeal.'],
    MaxRoundsReached: ['This dispute has had every round allowed: it can no longer be appealed.'],
  },
  storage: {
    NextDisputeId: { value: 'u64', modifier: 'Default', docs: ['The id the next dispute will get.'] },
    Disputes: {
      value: 'DisputeInfo',
      keys: [{ hasher: 'Twox64Concat', type: 'u64' }],
      modifier: 'Optional',
      docs: ['Every dispute by id, kept when ruled.'],
    },
    DisputeByOrder: {
      value: 'u64',
      keys: [{ hasher: 'Twox64Concat', type: 'u64' }],
      modifier: 'Optional',
      docs: ['The dispute of an order, if it has one (an order is disputed at most once).'],
    },
    Rounds: {
      value: 'DisputeRound',
      keys: [
        { hasher: 'Twox64Concat', type: 'u64' },
        { hasher: 'Twox64Concat', type: 'u32' },
      ],
      modifier: 'Optional',
      docs: ['The rounds of each dispute, by dispute id and round number.'],
    },
    Commitments: {
      value: 'VoteCommitment',
      keys: [
        { hasher: 'Twox64Concat', type: 'u64' },
        { hasher: 'Blake2_128Concat', type: 'AccountId32' },
      ],
      modifier: 'Optional',
      docs: ["Each juror's committed (and once revealed, its) vote; a juror sits at most once per dispute."],
    },
    Evidence: {
      value: 'Vec<Vec<u8>>',
      keys: [
        { hasher: 'Twox64Concat', type: 'u64' },
        { hasher: 'Blake2_128Concat', type: 'AccountId32' },
      ],
      modifier: 'Default',
      docs: [`The evidence CIDs of each party of a dispute, at most ${MAX_EVIDENCE_PER_PARTY}, the opening one first.`],
    },
    Jurors: {
      value: 'Juror',
      keys: [{ hasher: 'Blake2_128Concat', type: 'AccountId32' }],
      modifier: 'Optional',
      docs: ['The jurors of the pool with their stake.'],
    },
    JurorPool: {
      value: 'Vec<AccountId32>',
      modifier: 'Default',
      docs: [`Every registered juror, at most ${MAX_JURORS}, in registration order: the draws walk it.`],
    },
  },
  constants: {
    MinJurorStake: {
      type: 'u128',
      value: 100n * BZR,
      docs: ['The least stake to join the pool; jurors slashed below it are not drawn until they add stake.'],
    },
    JurorsPerDispute: {
      type: 'u32',
      value: JURORS_PER_DISPUTE,
      docs: ['How many jurors the first round of a dispute draws.'],
    },
    DisputeFee: {
      type: 'u128',
      value: 5n * BZR,
      docs: ['The fee a plaintiff reserves to open a dispute.'],
    },
    AppealFee: {
      type: 'u128',
      value: 10n * BZR,
      docs: ['The base appeal fee: appealing round r costs AppealFee × 2^r.'],
    },
    MaxRounds: {
      type: 'u32',
      value: MAX_ROUNDS,
      docs: ['How many rounds a dispute may have, the first one included.'],
    },
    EvidencePeriod: {
      type: 'u32',
      value: 10,
      docs: ['Blocks of the evidence phase of a round.'],
    },
    CommitPeriod: { type: 'u32', value: 10, docs: ['Blocks of the commit phase of a round.'] },
    RevealPeriod: { type: 'u32', value: 10, docs: ['Blocks of the reveal phase of a round.'] },
    AppealWindow: {
      type: 'u32',
      value: 10,
      docs: ['Blocks after the reveal phase during which the losing side may appeal.'],
    },
    JurorSlash: {
      type: 'Permill',
      value: 10 * PERCENT_IN_PERMILL,
      docs: ['The share of their stake a juror loses for not revealing or voting against the ruling.'],
    },
    MaxJurors: { type: 'u32', value: MAX_JURORS, docs: ['How many jurors the pool may hold.'] },
    MaxJurorsPerRound: {
      type: 'u32',
      value: MAX_JURORS_PER_ROUND,
      docs: ['The largest jury: that of the last round, (JurorsPerDispute + 1) × 2^(MaxRounds − 1) − 1.'],
    },
    MaxEvidencePerParty: {
      type: 'u32',
      value: MAX_EVIDENCE_PER_PARTY,
      docs: ['How many evidence CIDs each party may submit in a dispute.'],
    },
    MaxCidLen: { type: 'u32', value: MAX_CID_LEN, docs: ['The longest CID, in ASCII bytes.'] },
  },
});
