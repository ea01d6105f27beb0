export enum DisputeVote {
    RefundBuyer = "RefundBuyer",
    ReleaseSeller = "ReleaseSeller",
    PartialRefund = "PartialRefund",
}
