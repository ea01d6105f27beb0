import type {Relation} from "typeorm"
import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, BooleanColumn as BooleanColumn_, StringColumn as StringColumn_, IntColumn as IntColumn_, BigIntColumn as BigIntColumn_} from "@subsquid/typeorm-store"
import {DisputeRound} from "./disputeRound.model.js"
import {Dispute} from "./dispute.model.js"
import {Juror} from "./juror.model.js"
import {DisputeVote} from "./_disputeVote.js"

/**
 * A juror's seat in one round of a dispute: selection, commitment, revealed vote and outcome.
 */
@Entity_()
export class DisputeJuror {
    constructor(props?: Partial<DisputeJuror>) {
        Object.assign(this, props)
    }

    /**
     * `<dispute id>-<round>-<juror>`.
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => DisputeRound, {nullable: true})
    round!: Relation<DisputeRound>

    @Index_()
    @ManyToOne_(() => Dispute, {nullable: true})
    dispute!: Relation<Dispute>

    @Index_()
    @ManyToOne_(() => Juror, {nullable: true})
    juror!: Relation<Juror>

    /**
     * Replaced by a redraw of the round (no reveals).
     */
    @BooleanColumn_({nullable: false})
    replaced!: boolean

    @StringColumn_({nullable: true})
    commitment!: string | undefined | null

    @IntColumn_({nullable: true})
    committedAtBlock!: number | undefined | null

    @Column_("varchar", {length: 13, nullable: true})
    vote!: DisputeVote | undefined | null

    @IntColumn_({nullable: true})
    votePercent!: number | undefined | null

    @IntColumn_({nullable: true})
    revealedAtBlock!: number | undefined | null

    @BigIntColumn_({nullable: false})
    rewarded!: bigint

    @BigIntColumn_({nullable: false})
    slashed!: bigint
}
