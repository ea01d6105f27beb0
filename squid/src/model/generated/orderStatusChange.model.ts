import type {Relation} from "typeorm"
import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, StringColumn as StringColumn_} from "@subsquid/typeorm-store"
import {Order} from "./order.model.js"
import {OrderStatus} from "./_orderStatus.js"
import {ChainEvent} from "./chainEvent.model.js"

@Entity_()
export class OrderStatusChange {
    constructor(props?: Partial<OrderStatusChange>) {
        Object.assign(this, props)
    }

    /**
     * The id of the event that changed the status.
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Order, {nullable: true})
    order!: Relation<Order>

    @Column_("varchar", {length: 9, nullable: false})
    status!: OrderStatus

    @IntColumn_({nullable: false})
    blockNumber!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    /**
     * Null for changes made by the chain itself (auto-release).
     */
    @StringColumn_({nullable: true})
    extrinsicHash!: string | undefined | null

    @Index_()
    @ManyToOne_(() => ChainEvent, {nullable: true})
    event!: Relation<ChainEvent>
}
