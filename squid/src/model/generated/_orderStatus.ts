export enum OrderStatus {
    Paid = "Paid",
    Shipped = "Shipped",
    Completed = "Completed",
    Cancelled = "Cancelled",
    Disputed = "Disputed",
    Resolved = "Resolved",
}
