import type {Relation} from "typeorm"
import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, OneToMany as OneToMany_, IntColumn as IntColumn_, BigIntColumn as BigIntColumn_, FloatColumn as FloatColumn_, OneToOne as OneToOne_} from "@subsquid/typeorm-store"
import {Store} from "./store.model.js"
import {Order} from "./order.model.js"
import {Cashback} from "./cashback.model.js"
import {MissionCompletion} from "./missionCompletion.model.js"
import {Juror} from "./juror.model.js"
import {FailedCall} from "./failedCall.model.js"

@Entity_()
export class Account {
    constructor(props?: Partial<Account>) {
        Object.assign(this, props)
    }

    /**
     * SS58 address (prefix 42).
     */
    @PrimaryColumn_()
    id!: string

    @OneToMany_(() => Store, e => e.owner)
    stores!: Store[]

    @OneToMany_(() => Order, e => e.buyer)
    ordersAsBuyer!: Order[]

    @OneToMany_(() => Order, e => e.seller)
    ordersAsSeller!: Order[]

    @IntColumn_({nullable: false})
    purchases!: number

    /**
     * Sum of the totals of this account's completed purchases.
     */
    @BigIntColumn_({nullable: false})
    purchasesVolume!: bigint

    @IntColumn_({nullable: false})
    sales!: number

    /**
     * Orders completed (or resolved) as seller.
     */
    @IntColumn_({nullable: false})
    salesCompleted!: number

    /**
     * What this account received as seller: order totals minus platform fees, plus dispute rulings in its favour.
     */
    @BigIntColumn_({nullable: false})
    salesVolume!: bigint

    /**
     * Ratings received by this account's stores.
     */
    @IntColumn_({nullable: false})
    ratingSum!: number

    @IntColumn_({nullable: false})
    ratingCount!: number

    @FloatColumn_({nullable: true})
    averageRating!: number | undefined | null

    @IntColumn_({nullable: false})
    reviewsWritten!: number

    /**
     * ZARI minted to this account by cashback and missions.
     */
    @BigIntColumn_({nullable: false})
    zariEarned!: bigint

    @OneToMany_(() => Cashback, e => e.account)
    cashbacks!: Cashback[]

    @OneToMany_(() => MissionCompletion, e => e.account)
    missionCompletions!: MissionCompletion[]

    @OneToOne_(() => Juror, e => e.account)
    juror!: Relation<Juror> | undefined | null

    @OneToMany_(() => FailedCall, e => e.signer)
    failedCalls!: FailedCall[]

    @IntColumn_({nullable: false})
    firstSeenBlock!: number
}
