import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, BooleanColumn as BooleanColumn_, Index as Index_, OneToMany as OneToMany_} from "@subsquid/typeorm-store"
import {MissionKind} from "./_missionKind.js"
import {MissionCompletion} from "./missionCompletion.model.js"

@Entity_()
export class Mission {
    constructor(props?: Partial<Mission>) {
        Object.assign(this, props)
    }

    /**
     * The on-chain mission id.
     */
    @PrimaryColumn_()
    id!: string

    @StringColumn_({nullable: false})
    name!: string

    @StringColumn_({nullable: true})
    descriptionCid!: string | undefined | null

    @BigIntColumn_({nullable: false})
    reward!: bigint

    @BigIntColumn_({nullable: false})
    maxCompletions!: bigint

    @BigIntColumn_({nullable: false})
    completions!: bigint

    @IntColumn_({nullable: true})
    expiresAt!: number | undefined | null

    @Column_("varchar", {length: 15, nullable: false})
    kind!: MissionKind

    /**
     * The count for `CompletedOrders` and `ReviewsWritten` missions.
     */
    @BigIntColumn_({nullable: true})
    threshold!: bigint | undefined | null

    @Index_()
    @BooleanColumn_({nullable: false})
    active!: boolean

    @OneToMany_(() => MissionCompletion, e => e.mission)
    completedBy!: MissionCompletion[]

    @IntColumn_({nullable: false})
    createdAtBlock!: number

    @IntColumn_({nullable: true})
    closedAtBlock!: number | undefined | null
}
