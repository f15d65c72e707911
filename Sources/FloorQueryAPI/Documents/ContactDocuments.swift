import FloorCore
import FloorProtocol

/// A contact waiting in a queue (`GET /v1/contacts?state=waiting`).
///
/// Value type; thread-safe.
public struct WaitingContactDocument: QueryDocument {
    public enum Key: String, DocumentKey {
        case id, queue, channel, position
        case waitSeconds = "wait_seconds"
    }

    public var id = ""
    public var queue = ""
    public var channel = Channel.voice
    /// 1 = next to be answered in its queue.
    public var position = 0
    public var waitSeconds: Double = 0

    public init() {}

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "contact")
        id = try reader.string(.id)
        queue = try reader.string(.queue)
        channel = try reader.channel(.channel) ?? .voice
        position = try reader.count(.position)
        waitSeconds = try reader.number(.waitSeconds) ?? 0
    }

    public func write(into json: inout JSONObjectWriter) {
        json.string(Key.id, id)
        json.string(Key.queue, queue)
        json.string(Key.channel, channel.name)
        json.integer(Key.position, position)
        json.number(Key.waitSeconds, waitSeconds)
    }

    public init(_ contact: WaitingContactSnapshot) {
        id = contact.id
        queue = contact.queue
        channel = contact.channel
        position = contact.position
        waitSeconds = Double(contact.wait) / 1000
    }
}

/// A recent abandon for the callback worklist (`GET /v1/contacts?state=abandoned`); the caller id
/// is masked as configured.
///
/// Value type; thread-safe.
public struct AbandonedContactDocument: QueryDocument {
    public enum Key: String, DocumentKey {
        case id, queue, channel, caller
        case waitSeconds = "wait_seconds"
        case abandonedAt = "abandoned_at"
    }

    public var id = ""
    public var queue = ""
    public var channel = Channel.voice
    public var caller: String?
    public var waitSeconds: Double = 0
    public var abandonedAt = EventTime(milliseconds: 0)

    public init() {}

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "contact")
        id = try reader.string(.id)
        queue = try reader.string(.queue)
        channel = try reader.channel(.channel) ?? .voice
        caller = try reader.optionalString(.caller)
        waitSeconds = try reader.number(.waitSeconds) ?? 0
        abandonedAt = try reader.time(.abandonedAt) ?? abandonedAt
    }

    public func write(into json: inout JSONObjectWriter) {
        json.string(Key.id, id)
        json.string(Key.queue, queue)
        json.string(Key.channel, channel.name)
        json.string(Key.caller, caller)
        json.number(Key.waitSeconds, waitSeconds)
        json.time(Key.abandonedAt, abandonedAt)
    }

    public init(_ contact: AbandonedContactSnapshot) {
        id = contact.id
        queue = contact.queue
        channel = contact.channel
        caller = contact.caller
        waitSeconds = Double(contact.wait) / 1000
        abandonedAt = contact.abandonedAt
    }
}
