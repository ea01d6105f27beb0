import type {Relation} from "typeorm"
import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, ManyToOne as ManyToOne_, OneToMany as OneToMany_, BigIntColumn as BigIntColumn_, OneToOne as OneToOne_, StringColumn as StringColumn_, IntColumn as IntColumn_, BooleanColumn as BooleanColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {Account} from "./account.model.js"
import {Store} from "./store.model.js"
import {OrderItem} from "./orderItem.model.js"
import {Escrow} from "./escrow.model.js"
import {OrderStatus} from "./_orderStatus.js"
import {Receipt} from "./receipt.model.js"
import {Review} from "./review.model.js"
import {Dispute} from "./dispute.model.js"
import {OrderStatusChange} from "./orderStatusChange.model.js"

@Index_(["buyer", "createdAtBlock"], {unique: false})
@Index_(["seller", "createdAtBlock"], {unique: false})
@Index_(["seller", "status", "createdAtBlock"], {unique: false})
@Index_(["buyer", "status", "createdAtBlock"], {unique: false})
@Entity_()
export class Order {
    constructor(props?: Partial<Order>) {
        Object.assign(this, props)
    }

    /**
     * The on-chain order id.
     */
    @PrimaryColumn_()
    id!: string

    @ManyToOne_(() => Account, {nullable: true})
    buyer!: Relation<Account>

    @ManyToOne_(() => Account, {nullable: true})
    seller!: Relation<Account>

    @Index_()
    @ManyToOne_(() => Store, {nullable: true})
    store!: Relation<Store>

    @OneToMany_(() => OrderItem, e => e.order)
    items!: OrderItem[]

    @BigIntColumn_({nullable: false})
    total!: bigint

    @OneToOne_(() => Escrow, e => e.order)
    escrow!: Relation<Escrow> | undefined | null

    @Index_()
    @Column_("varchar", {length: 9, nullable: false})
    status!: OrderStatus

    @StringColumn_({nullable: true})
    shippingCid!: string | undefined | null

    @StringColumn_({nullable: true})
    trackingCid!: string | undefined | null

    /**
     * Block at which the escrow auto-releases to the seller, once shipped.
     */
    @IntColumn_({nullable: true})
    autoReleaseAt!: number | undefined | null

    /**
     * Filled when the order completes.
     */
    @BigIntColumn_({nullable: true})
    sellerAmount!: bigint | undefined | null

    @BigIntColumn_({nullable: true})
    platformFee!: bigint | undefined | null

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    cancelledBy!: Relation<Account> | undefined | null

    /**
     * Whether a cancellation put the items back in stock.
     */
    @BooleanColumn_({nullable: true})
    stockRestored!: boolean | undefined | null

    @IntColumn_({nullable: true})
    rating!: number | undefined | null

    @OneToOne_(() => Receipt, e => e.order)
    receipt!: Relation<Receipt> | undefined | null

    @OneToOne_(() => Review, e => e.order)
    review!: Relation<Review> | undefined | null

    @OneToOne_(() => Dispute, e => e.order)
    dispute!: Relation<Dispute> | undefined | null

    /**
     * Every status the order went through, in order.
     */
    @OneToMany_(() => OrderStatusChange, e => e.order)
    timeline!: OrderStatusChange[]

    @Index_()
    @IntColumn_({nullable: false})
    createdAtBlock!: number

    @Index_()
    @DateTimeColumn_({nullable: false})
    createdAt!: Date

    @IntColumn_({nullable: true})
    shippedAtBlock!: number | undefined | null

    @IntColumn_({nullable: true})
    completedAtBlock!: number | undefined | null

    @IntColumn_({nullable: false})
    updatedAtBlock!: number
}
