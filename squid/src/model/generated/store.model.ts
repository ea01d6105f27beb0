import type {Relation} from "typeorm"
import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, ManyToOne as ManyToOne_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, FloatColumn as FloatColumn_, OneToMany as OneToMany_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {Account} from "./account.model.js"
import {StoreProfileContent} from "./storeProfileContent.model.js"
import {StoreStatus} from "./_storeStatus.js"
import {Listing} from "./listing.model.js"
import {Order} from "./order.model.js"
import {Review} from "./review.model.js"

@Index_(["status", "createdAtBlock"], {unique: false})
@Entity_()
export class Store {
    constructor(props?: Partial<Store>) {
        Object.assign(this, props)
    }

    /**
     * The on-chain store id.
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    owner!: Relation<Account>

    @StringColumn_({nullable: false})
    name!: string

    @StringColumn_({nullable: false})
    metadataCid!: string

    /**
     * The store profile read from IPFS, when available.
     */
    @Index_()
    @ManyToOne_(() => StoreProfileContent, {nullable: true})
    profile!: Relation<StoreProfileContent>

    /**
     * X25519 public key (0x hex) buyers encrypt their shipping address to.
     */
    @StringColumn_({nullable: false})
    encryptionKey!: string

    @Column_("varchar", {length: 6, nullable: false})
    status!: StoreStatus

    @BigIntColumn_({nullable: false})
    ratingSum!: bigint

    @IntColumn_({nullable: false})
    ratingCount!: number

    @FloatColumn_({nullable: true})
    averageRating!: number | undefined | null

    @OneToMany_(() => Listing, e => e.store)
    listings!: Listing[]

    @OneToMany_(() => Order, e => e.store)
    orders!: Order[]

    @OneToMany_(() => Review, e => e.store)
    reviews!: Review[]

    @Index_()
    @IntColumn_({nullable: false})
    createdAtBlock!: number

    @DateTimeColumn_({nullable: false})
    createdAt!: Date

    @IntColumn_({nullable: false})
    updatedAtBlock!: number

    @IntColumn_({nullable: true})
    closedAtBlock!: number | undefined | null
}
