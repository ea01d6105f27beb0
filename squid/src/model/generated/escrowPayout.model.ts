import type {Relation} from "typeorm"
import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, ManyToOne as ManyToOne_, Index as Index_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_, StringColumn as StringColumn_} from "@subsquid/typeorm-store"
import {Escrow} from "./escrow.model.js"
import {EscrowPayoutKind} from "./_escrowPayoutKind.js"
import {Account} from "./account.model.js"

@Entity_()
export class EscrowPayout {
    constructor(props?: Partial<EscrowPayout>) {
        Object.assign(this, props)
    }

    /**
     * `<event id>-<position>`.
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @ManyToOne_(() => Escrow, {nullable: true})
    escrow!: Relation<Escrow>

    @Column_("varchar", {length: 11, nullable: false})
    kind!: EscrowPayoutKind

    @Index_()
    @ManyToOne_(() => Account, {nullable: true})
    to!: Relation<Account>

    @BigIntColumn_({nullable: false})
    amount!: bigint

    @BigIntColumn_({nullable: false})
    platformFee!: bigint

    @IntColumn_({nullable: false})
    blockNumber!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @StringColumn_({nullable: true})
    extrinsicHash!: string | undefined | null
}
