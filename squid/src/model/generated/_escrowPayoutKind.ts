export enum EscrowPayoutKind {
    Release = "Release",
    AutoRelease = "AutoRelease",
    Refund = "Refund",
    Split = "Split",
}
