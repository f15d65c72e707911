import FloorCore
import FloorProtocol

/// `GET /v1/health`: `ok`, or `degraded` with the reasons (a source silent, datagrams dropped, …).
///
/// Value type; thread-safe.
public struct HealthDocument: QueryDocument {
    public enum Key: String, DocumentKey {
        case status, degraded
        case generatedAt = "generated_at"
        case snapshotSequence = "snapshot_sequence"
    }

    public var degraded: [String] = []
    public var generatedAt = EventTime(milliseconds: 0)
    public var snapshotSequence: UInt64 = 0

    public init(degraded: [String], generatedAt: EventTime, snapshotSequence: UInt64) {
        self.degraded = degraded
        self.generatedAt = generatedAt
        self.snapshotSequence = snapshotSequence
    }

    /// The health of the daemon that published `snapshot`, degraded for `degraded`.
    public init(_ snapshot: FloorSnapshot, degraded: [String]) {
        self.init(degraded: degraded, generatedAt: snapshot.generatedAt, snapshotSequence: snapshot.sequence)
    }

    public var isHealthy: Bool { degraded.isEmpty }

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "health")
        degraded = try reader.strings(.degraded)
        generatedAt = try reader.time(.generatedAt) ?? generatedAt
        snapshotSequence = UInt64(max(0, try reader.integer(.snapshotSequence)))
    }

    public func write(into json: inout JSONObjectWriter) {
        json.string(Key.status, isHealthy ? "ok" : "degraded")
        json.strings(Key.degraded, degraded)
        json.time(Key.generatedAt, generatedAt)
        json.integer(Key.snapshotSequence, Int64(snapshotSequence))
    }
}

/// The body of every refused request: `{"error": "…"}` in words for the caller.
public struct ErrorDocument: QueryDocument {
    public enum Key: String, DocumentKey { case error }

    public var message: String

    public init(_ message: String) { self.message = message }

    public init(reading value: JSONValue) throws(DocumentError) {
        message = try DocumentReader<Key>(value, "error").string(.error)
    }

    public func write(into json: inout JSONObjectWriter) { json.string(Key.error, message) }
}

/// The answer to `DELETE /v1/silences/{id}`: `{"removed": id}`.
public struct RemovedDocument: QueryDocument {
    public enum Key: String, DocumentKey { case removed }

    public var id: Int64

    public init(id: Int64) { self.id = id }

    public init(reading value: JSONValue) throws(DocumentError) {
        id = try DocumentReader<Key>(value, "removed").integer(.removed)
    }

    public func write(into json: inout JSONObjectWriter) { json.integer(Key.removed, id) }
}
