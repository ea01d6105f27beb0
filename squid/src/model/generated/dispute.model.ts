import type {Relation} from "typeorm"
import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, OneToOne as OneToOne_, Index as Index_, JoinColumn as JoinColumn_, ManyToOne as ManyToOne_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, OneToMany as OneToMany_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {Order} from "./order.model.js"
import {Escrow} from "./escrow.model.js"
import {Account} from "./account.model.js"
import {DisputeStatus} from "./_disputeStatus.js"
import {DisputeVote} from "./_disputeVote.js"
import {DisputeRound} from "./disputeRound.model.js"
import {DisputeEvidence} from "./disputeEvidence.model.js"

@Entity_()
export class Dispute {
    constructor(props?: Partial<Dispute>) {
        Object.assign(this, props)
    }

    /**
     * The on-chain dispute id.
     */
    @PrimaryColumn_()
    id!: string

    @Index_({unique: true})
    @OneToOne_(() => Order, {nullable: true})
    @JoinColumn_()
    order!: Relation<Order>

    @Index_({unique: true})
    @OneToOne_(() => Escrow, {nullable: true})
    @JoinColumn_()
    escrow!: Relation<Escrow>

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    plaintiff!: Relation<Account>

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    defendant!: Relation<Account>

    @BigIntColumn_({nullable: false})
    fee!: bigint

    /**
     * The current round, from 0.
     */
    @IntColumn_({nullable: false})
    round!: number

    /**
     * Deadlines (block numbers) of the current round's phases: evidence, commit, reveal, appeal. The current phase is derived from them and the chain height (query `disputePhase`).
     */
    @IntColumn_({nullable: false})
    evidenceEnd!: number

    @IntColumn_({nullable: false})
    commitEnd!: number

    @IntColumn_({nullable: false})
    revealEnd!: number

    @IntColumn_({nullable: false})
    appealEnd!: number

    @Index_()
    @Column_("varchar", {length: 8, nullable: false})
    status!: DisputeStatus

    @Column_("varchar", {length: 13, nullable: true})
    ruling!: DisputeVote | undefined | null

    /**
     * The percent to the buyer of a `PartialRefund` ruling.
     */
    @IntColumn_({nullable: true})
    rulingPercent!: number | undefined | null

    @BigIntColumn_({nullable: true})
    toBuyer!: bigint | undefined | null

    @BigIntColumn_({nullable: true})
    toSeller!: bigint | undefined | null

    @OneToMany_(() => DisputeRound, e => e.dispute)
    rounds!: DisputeRound[]

    @OneToMany_(() => DisputeEvidence, e => e.dispute)
    evidence!: DisputeEvidence[]

    @Index_()
    @IntColumn_({nullable: false})
    createdAtBlock!: number

    @DateTimeColumn_({nullable: false})
    createdAt!: Date

    @IntColumn_({nullable: true})
    resolvedAtBlock!: number | undefined | null
}
