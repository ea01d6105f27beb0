import type {Relation} from "typeorm"
import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, StringColumn as StringColumn_} from "@subsquid/typeorm-store"
import {Account} from "./account.model.js"
import {CashbackReason} from "./_cashbackReason.js"
import {Order} from "./order.model.js"

@Entity_()
export class Cashback {
    constructor(props?: Partial<Cashback>) {
        Object.assign(this, props)
    }

    /**
     * The id of the `CashbackMinted` event.
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    account!: Relation<Account>

    @BigIntColumn_({nullable: false})
    amount!: bigint

    @Column_("varchar", {length: 14, nullable: false})
    reason!: CashbackReason

    @Index_()
    @ManyToOne_(() => Order, {nullable: true})
    order!: Relation<Order> | undefined | null

    @IntColumn_({nullable: false})
    blockNumber!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @StringColumn_({nullable: true})
    extrinsicHash!: string | undefined | null
}
