import type {Relation} from "typeorm"
import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, BigIntColumn as BigIntColumn_} from "@subsquid/typeorm-store"
import {Order} from "./order.model.js"
import {Listing} from "./listing.model.js"

@Entity_()
export class OrderItem {
    constructor(props?: Partial<OrderItem>) {
        Object.assign(this, props)
    }

    /**
     * `<order id>-<position>`.
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Order, {nullable: true})
    order!: Relation<Order>

    @Index_()
    @ManyToOne_(() => Listing, {nullable: true})
    listing!: Relation<Listing>

    @BigIntColumn_({nullable: false})
    quantity!: bigint

    @BigIntColumn_({nullable: false})
    unitPrice!: bigint

    @BigIntColumn_({nullable: false})
    subtotal!: bigint
}
