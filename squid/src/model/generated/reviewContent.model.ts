import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, StringColumn as StringColumn_} from "@subsquid/typeorm-store"
import {ContentStatus} from "./_contentStatus.js"

@Entity_()
export class ReviewContent {
    constructor(props?: Partial<ReviewContent>) {
        Object.assign(this, props)
    }

    /**
     * The CID.
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @Column_("varchar", {length: 11, nullable: false})
    status!: ContentStatus

    @IntColumn_({nullable: false})
    attempts!: number

    @DateTimeColumn_({nullable: true})
    nextAttemptAt!: Date | undefined | null

    @StringColumn_({nullable: true})
    error!: string | undefined | null

    @IntColumn_({nullable: true})
    size!: number | undefined | null

    @DateTimeColumn_({nullable: true})
    fetchedAt!: Date | undefined | null

    @StringColumn_({nullable: true})
    title!: string | undefined | null

    @StringColumn_({nullable: true})
    body!: string | undefined | null

    @StringColumn_({array: true, nullable: true})
    imageCids!: (string)[] | undefined | null
}
