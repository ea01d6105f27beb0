import type {Relation} from "typeorm"
import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, StringColumn as StringColumn_} from "@subsquid/typeorm-store"
import {Mission} from "./mission.model.js"
import {Account} from "./account.model.js"

@Entity_()
export class MissionCompletion {
    constructor(props?: Partial<MissionCompletion>) {
        Object.assign(this, props)
    }

    /**
     * The id of the `MissionCompleted` event.
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Mission, {nullable: true})
    mission!: Relation<Mission>

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    account!: Relation<Account>

    @BigIntColumn_({nullable: false})
    reward!: bigint

    @IntColumn_({nullable: false})
    blockNumber!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @StringColumn_({nullable: true})
    extrinsicHash!: string | undefined | null
}
