import type {Relation} from "typeorm"
import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, IntColumn as IntColumn_, Index as Index_, DateTimeColumn as DateTimeColumn_, StringColumn as StringColumn_, ManyToOne as ManyToOne_, JSONColumn as JSONColumn_} from "@subsquid/typeorm-store"
import {Account} from "./account.model.js"

/**
 * A signed call into a Bazari pallet (directly or inside a batch) that failed on chain, with the module error.
 */
@Entity_()
export class FailedCall {
    constructor(props?: Partial<FailedCall>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Index_()
    @IntColumn_({nullable: false})
    blockNumber!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @Index_()
    @StringColumn_({nullable: false})
    extrinsicHash!: string

    @IntColumn_({nullable: false})
    extrinsicIndex!: number

    /**
     * The signer of the extrinsic; null for unsigned ones.
     */
    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    signer!: Relation<Account> | undefined | null

    /**
     * The pallet and call that failed, e.g. `Commerce.create_order`.
     */
    @Index_()
    @StringColumn_({nullable: false})
    call!: string

    /**
     * The decoded error, e.g. `Commerce.InsufficientStock`, `BadOrigin`, `Token.FundsUnavailable`.
     */
    @Index_()
    @StringColumn_({nullable: false})
    error!: string

    /**
     * The error's documentation from the runtime metadata, for people.
     */
    @StringColumn_({nullable: true})
    errorDocs!: string | undefined | null

    @JSONColumn_({nullable: true})
    args!: unknown | undefined | null
}
