import type {Relation} from "typeorm"
import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, StringColumn as StringColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {Dispute} from "./dispute.model.js"
import {Account} from "./account.model.js"

@Entity_()
export class DisputeEvidence {
    constructor(props?: Partial<DisputeEvidence>) {
        Object.assign(this, props)
    }

    /**
     * The id of the event that submitted it.
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Dispute, {nullable: true})
    dispute!: Relation<Dispute>

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    submittedBy!: Relation<Account>

    @StringColumn_({nullable: false})
    cid!: string

    @IntColumn_({nullable: false})
    blockNumber!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @StringColumn_({nullable: true})
    extrinsicHash!: string | undefined | null
}
