export enum StoreStatus {
    Open = "Open",
    Closed = "Closed",
}
