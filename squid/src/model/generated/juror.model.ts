import type {Relation} from "typeorm"
import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, OneToOne as OneToOne_, Index as Index_, JoinColumn as JoinColumn_, BigIntColumn as BigIntColumn_, BooleanColumn as BooleanColumn_, IntColumn as IntColumn_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {Account} from "./account.model.js"
import {DisputeJuror} from "./disputeJuror.model.js"

@Entity_()
export class Juror {
    constructor(props?: Partial<Juror>) {
        Object.assign(this, props)
    }

    /**
     * The juror's account.
     */
    @PrimaryColumn_()
    id!: string

    @Index_({unique: true})
    @OneToOne_(() => Account, {nullable: true})
    @JoinColumn_()
    account!: Relation<Account>

    @BigIntColumn_({nullable: false})
    stake!: bigint

    @Index_()
    @BooleanColumn_({nullable: false})
    active!: boolean

    /**
     * Disputes the juror is currently seated in (as the chain counts them).
     */
    @IntColumn_({nullable: false})
    activeDisputes!: number

    @BigIntColumn_({nullable: false})
    totalRewarded!: bigint

    @BigIntColumn_({nullable: false})
    totalSlashed!: bigint

    @OneToMany_(() => DisputeJuror, e => e.juror)
    seats!: DisputeJuror[]

    @IntColumn_({nullable: false})
    registeredAtBlock!: number

    @IntColumn_({nullable: true})
    unregisteredAtBlock!: number | undefined | null
}
