import type {Relation} from "typeorm"
import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, ManyToOne as ManyToOne_, BigIntColumn as BigIntColumn_, StringColumn as StringColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {Store} from "./store.model.js"
import {Account} from "./account.model.js"
import {ListingContent} from "./listingContent.model.js"
import {ListingStatus} from "./_listingStatus.js"

@Index_(["store", "status"], {unique: false})
@Index_(["status", "price"], {unique: false})
@Entity_()
export class Listing {
    constructor(props?: Partial<Listing>) {
        Object.assign(this, props)
    }

    /**
     * The on-chain listing id.
     */
    @PrimaryColumn_()
    id!: string

    @ManyToOne_(() => Store, {nullable: true})
    store!: Relation<Store>

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    seller!: Relation<Account>

    @Index_()
    @BigIntColumn_({nullable: false})
    price!: bigint

    @BigIntColumn_({nullable: false})
    stock!: bigint

    @StringColumn_({nullable: false})
    metadataCid!: string

    /**
     * Title, description, category and images read from IPFS, when available.
     */
    @Index_()
    @ManyToOne_(() => ListingContent, {nullable: true})
    content!: Relation<ListingContent>

    @Column_("varchar", {length: 7, nullable: false})
    status!: ListingStatus

    /**
     * Units sold by orders that were not cancelled.
     */
    @BigIntColumn_({nullable: false})
    unitsSold!: bigint

    @Index_()
    @IntColumn_({nullable: false})
    createdAtBlock!: number

    @DateTimeColumn_({nullable: false})
    createdAt!: Date

    @IntColumn_({nullable: false})
    updatedAtBlock!: number

    @IntColumn_({nullable: true})
    removedAtBlock!: number | undefined | null
}
