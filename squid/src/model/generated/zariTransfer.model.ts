import type {Relation} from "typeorm"
import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, ManyToOne as ManyToOne_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {Account} from "./account.model.js"

/**
 * An Assets event of ZARI (asset 1000): issued, burned, transferred, frozen...
 */
@Entity_()
export class ZariTransfer {
    constructor(props?: Partial<ZariTransfer>) {
        Object.assign(this, props)
    }

    /**
     * The event id.
     */
    @PrimaryColumn_()
    id!: string

    /**
     * The Assets event name, e.g. `Issued`, `Transferred`, `Burned`.
     */
    @Index_()
    @StringColumn_({nullable: false})
    kind!: string

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    from!: Relation<Account> | undefined | null

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    to!: Relation<Account> | undefined | null

    @BigIntColumn_({nullable: true})
    amount!: bigint | undefined | null

    @Index_()
    @IntColumn_({nullable: false})
    blockNumber!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @StringColumn_({nullable: true})
    extrinsicHash!: string | undefined | null
}
