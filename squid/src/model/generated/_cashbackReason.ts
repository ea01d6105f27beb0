export enum CashbackReason {
    OrderCompleted = "OrderCompleted",
    Manual = "Manual",
}
