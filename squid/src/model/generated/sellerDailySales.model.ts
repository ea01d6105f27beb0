import type {Relation} from "typeorm"
import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, ManyToOne as ManyToOne_, DateTimeColumn as DateTimeColumn_, IntColumn as IntColumn_, BigIntColumn as BigIntColumn_} from "@subsquid/typeorm-store"
import {Account} from "./account.model.js"

/**
 * Sales of one seller on one UTC day (by completion time), for accounting tools.
 */
@Index_(["seller", "day"], {unique: true})
@Entity_()
export class SellerDailySales {
    constructor(props?: Partial<SellerDailySales>) {
        Object.assign(this, props)
    }

    /**
     * `<seller>-<YYYY-MM-DD>`.
     */
    @PrimaryColumn_()
    id!: string

    @ManyToOne_(() => Account, {nullable: true})
    seller!: Relation<Account>

    @DateTimeColumn_({nullable: false})
    day!: Date

    @IntColumn_({nullable: false})
    orders!: number

    /**
     * Sum of completed order totals.
     */
    @BigIntColumn_({nullable: false})
    gross!: bigint

    @BigIntColumn_({nullable: false})
    platformFees!: bigint

    /**
     * What the seller received.
     */
    @BigIntColumn_({nullable: false})
    net!: bigint
}
