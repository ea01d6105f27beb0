import type {Relation} from "typeorm"
import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, OneToOne as OneToOne_, Index as Index_, JoinColumn as JoinColumn_, StringColumn as StringColumn_, ManyToOne as ManyToOne_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {Order} from "./order.model.js"
import {ReceiptContent} from "./receiptContent.model.js"
import {Account} from "./account.model.js"

@Entity_()
export class Receipt {
    constructor(props?: Partial<Receipt>) {
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

    @StringColumn_({nullable: false})
    cid!: string

    @Index_()
    @ManyToOne_(() => ReceiptContent, {nullable: true})
    content!: Relation<ReceiptContent>

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    mintedBy!: Relation<Account>

    @IntColumn_({nullable: false})
    blockNumber!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @StringColumn_({nullable: false})
    extrinsicHash!: string
}
