import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"

/**
 * Pallet parameters set by governance (root): one row, id `bazari`.
 */
@Entity_()
export class ChainParameters {
    constructor(props?: Partial<ChainParameters>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    /**
     * Platform fee in parts per million.
     */
    @IntColumn_({nullable: false})
    platformFee!: number

    /**
     * Cashback rate in parts per million.
     */
    @IntColumn_({nullable: false})
    cashbackRate!: number

    @IntColumn_({nullable: false})
    updatedAtBlock!: number
}
