import type {Relation} from "typeorm"
import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, OneToOne as OneToOne_, JoinColumn as JoinColumn_, OneToMany as OneToMany_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {Account} from "./account.model.js"
import {EscrowStatus} from "./_escrowStatus.js"
import {Order} from "./order.model.js"
import {Dispute} from "./dispute.model.js"
import {EscrowPayout} from "./escrowPayout.model.js"

@Entity_()
export class Escrow {
    constructor(props?: Partial<Escrow>) {
        Object.assign(this, props)
    }

    /**
     * The on-chain escrow id.
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    depositor!: Relation<Account>

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    beneficiary!: Relation<Account>

    @BigIntColumn_({nullable: false})
    amount!: bigint

    /**
     * The asset id (1000 = ZARI); null for BZR.
     */
    @IntColumn_({nullable: true})
    asset!: number | undefined | null

    @Index_()
    @Column_("varchar", {length: 8, nullable: false})
    status!: EscrowStatus

    @Index_()
    @IntColumn_({nullable: true})
    autoReleaseAt!: number | undefined | null

    /**
     * The order paid through this escrow; null for a direct escrow.
     */
    @Index_({unique: true})
    @OneToOne_(() => Order, {nullable: true})
    @JoinColumn_()
    order!: Relation<Order> | undefined | null

    /**
     * The dispute that froze it.
     */
    @OneToOne_(() => Dispute, e => e.escrow)
    dispute!: Relation<Dispute> | undefined | null

    @OneToMany_(() => EscrowPayout, e => e.escrow)
    payouts!: EscrowPayout[]

    @IntColumn_({nullable: false})
    createdAtBlock!: number

    @DateTimeColumn_({nullable: false})
    createdAt!: Date

    @IntColumn_({nullable: true})
    closedAtBlock!: number | undefined | null
}
