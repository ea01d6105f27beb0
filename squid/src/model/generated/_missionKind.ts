export enum MissionKind {
    Manual = "Manual",
    FirstPurchase = "FirstPurchase",
    FirstSale = "FirstSale",
    CompletedOrders = "CompletedOrders",
    ReviewsWritten = "ReviewsWritten",
}
