export enum ContentStatus {
    Pending = "Pending",
    Ok = "Ok",
    Invalid = "Invalid",
    Unavailable = "Unavailable",
}
