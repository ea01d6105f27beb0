import type {Relation} from "typeorm"
import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, IntColumn as IntColumn_, BigIntColumn as BigIntColumn_, BooleanColumn as BooleanColumn_, StringColumn as StringColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Dispute} from "./dispute.model.js"
import {Account} from "./account.model.js"
import {DisputeJuror} from "./disputeJuror.model.js"

@Entity_()
export class DisputeRound {
    constructor(props?: Partial<DisputeRound>) {
        Object.assign(this, props)
    }

    /**
     * `<dispute id>-<round>`.
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Dispute, {nullable: true})
    dispute!: Relation<Dispute>

    @IntColumn_({nullable: false})
    round!: number

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    appellant!: Relation<Account> | undefined | null

    @BigIntColumn_({nullable: false})
    appealFee!: bigint

    /**
     * Whether the jury was redrawn because no juror revealed.
     */
    @BooleanColumn_({nullable: false})
    redrawn!: boolean

    /**
     * The accounts (SS58) seated in the round, as the chain's `Rounds` stores them: after a redraw, the new jury.
     */
    @StringColumn_({array: true, nullable: false})
    jurorIds!: (string)[]

    @IntColumn_({nullable: false})
    evidenceEnd!: number

    @IntColumn_({nullable: false})
    commitEnd!: number

    @IntColumn_({nullable: false})
    revealEnd!: number

    @IntColumn_({nullable: false})
    appealEnd!: number

    @OneToMany_(() => DisputeJuror, e => e.round)
    jurors!: DisputeJuror[]

    @IntColumn_({nullable: false})
    startedAtBlock!: number
}
