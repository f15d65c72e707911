/// The events of `GET /v1/stream` (Server-Sent Events): a `snapshot` (SnapshotDocument) every
/// interval, `alerts` (the live AlertBoardDocument) and `recommendations` (the live
/// RecommendationBoardDocument) when they change. The daemon writes them, `floorwatch dash` reads
/// them.
public enum StreamEvent: String, Sendable, CaseIterable {
    case snapshot, alerts, recommendations

    /// One event as it goes on the wire, with its id when it has one.
    public func frame(data: String, id: UInt64? = nil) -> String {
        "event: \(rawValue)\n" + (id.map { "id: \($0)\n" } ?? "") + "data: \(data)\n\n"
    }
}
