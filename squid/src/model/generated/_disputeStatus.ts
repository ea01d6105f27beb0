export enum DisputeStatus {
    Open = "Open",
    Resolved = "Resolved",
}
