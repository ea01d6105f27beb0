import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {PinStatus} from "./_pinStatus.js"

/**
 * A CID the content worker asked the IPFS node to pin: every CID the chain references, and listing images.
 */
@Entity_()
export class ContentPin {
    constructor(props?: Partial<ContentPin>) {
        Object.assign(this, props)
    }

    /**
     * The CID.
     */
    @PrimaryColumn_()
    id!: string

    /**
     * What references it: `store`, `listing`, `listing-image`, `order-shipping`, `order-tracking`, `receipt`, `review`, `evidence`, `mission`.
     */
    @StringColumn_({nullable: false})
    source!: string

    @Index_()
    @Column_("varchar", {length: 7, nullable: false})
    status!: PinStatus

    @StringColumn_({nullable: true})
    requestId!: string | undefined | null

    @IntColumn_({nullable: false})
    attempts!: number

    @DateTimeColumn_({nullable: true})
    nextAttemptAt!: Date | undefined | null

    @StringColumn_({nullable: true})
    error!: string | undefined | null

    @DateTimeColumn_({nullable: false})
    updatedAt!: Date
}
