export enum EscrowStatus {
    Locked = "Locked",
    Released = "Released",
    Refunded = "Refunded",
    Split = "Split",
    Frozen = "Frozen",
}
