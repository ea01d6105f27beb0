export enum ListingStatus {
    Active = "Active",
    Removed = "Removed",
}
