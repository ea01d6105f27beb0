export enum PinStatus {
    Queued = "Queued",
    Pinning = "Pinning",
    Pinned = "Pinned",
    Failed = "Failed",
}
