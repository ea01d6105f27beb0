import type {Relation} from "typeorm"
import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, OneToOne as OneToOne_, Index as Index_, JoinColumn as JoinColumn_, ManyToOne as ManyToOne_, IntColumn as IntColumn_, StringColumn as StringColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {Order} from "./order.model.js"
import {Store} from "./store.model.js"
import {Account} from "./account.model.js"
import {ReviewContent} from "./reviewContent.model.js"

@Entity_()
export class Review {
    constructor(props?: Partial<Review>) {
        Object.assign(this, props)
    }

    /**
     * The order id.
     */
    @PrimaryColumn_()
    id!: string

    @Index_({unique: true})
    @OneToOne_(() => Order, {nullable: true})
    @JoinColumn_()
    order!: Relation<Order>

    @Index_()
    @ManyToOne_(() => Store, {nullable: true})
    store!: Relation<Store>

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    buyer!: Relation<Account>

    @IntColumn_({nullable: false})
    stars!: number

    @StringColumn_({nullable: true})
    reviewCid!: string | undefined | null

    @Index_()
    @ManyToOne_(() => ReviewContent, {nullable: true})
    content!: Relation<ReviewContent> | undefined | null

    @Index_()
    @IntColumn_({nullable: false})
    blockNumber!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @StringColumn_({nullable: false})
    extrinsicHash!: string
}
