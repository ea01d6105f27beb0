import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, IntColumn as IntColumn_, Index as Index_, StringColumn as StringColumn_, DateTimeColumn as DateTimeColumn_, JSONColumn as JSONColumn_} from "@subsquid/typeorm-store"

/**
 * An event emitted by the chain, as emitted: nothing the chain said is missing from the API.
 */
@Entity_()
export class ChainEvent {
    constructor(props?: Partial<ChainEvent>) {
        Object.assign(this, props)
    }

    /**
     * `<block height, 10 digits>-<index in block, 6 digits>-<block hash prefix>`, as the processor names events.
     */
    @PrimaryColumn_()
    id!: string

    @Index_()
    @IntColumn_({nullable: false})
    blockNumber!: number

    @StringColumn_({nullable: false})
    blockHash!: string

    @Index_()
    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    /**
     * Position of the event in its block.
     */
    @IntColumn_({nullable: false})
    indexInBlock!: number

    /**
     * The extrinsic that emitted it; null for events of block initialization (auto-release) or finalization.
     */
    @Index_()
    @StringColumn_({nullable: true})
    extrinsicHash!: string | undefined | null

    @IntColumn_({nullable: true})
    extrinsicIndex!: number | undefined | null

    /**
     * Pallet name: `Commerce`, `Escrow`, `Rewards`, `Dispute`, `Assets` or `System`; `Utility` or `Sudo` for the failure of a Bazari call inside a batch, `dispatch_as` or `sudo` (see FailedCall).
     */
    @Index_()
    @StringColumn_({nullable: false})
    pallet!: string

    /**
     * Event name within its pallet, e.g. `OrderCreated`.
     */
    @Index_()
    @StringColumn_({nullable: false})
    name!: string

    /**
     * The event's fields, decoded; u64/u128 as decimal strings, bytes as 0x hex or UTF-8 text, accounts as SS58.
     */
    @JSONColumn_({nullable: false})
    args!: unknown
}
