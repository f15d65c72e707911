import FloorCore
import FloorProtocol

/// The bodies of the query API's write routes, parsed without Foundation. Members the route does
/// not use are ignored (a tolerant reader: a newer client may send more); the ones it uses must
/// have their documented type (null is not a string).
///
/// Value types; thread-safe.
public enum ControlRequest {
    /// The members of the write routes' bodies.
    public enum Key: String, DocumentKey {
        case reason, note, rule, channel, queue, comment
        case durationSeconds = "duration_seconds"
        case endsAt = "ends_at"
    }

    /// The body `floorwatch alerts ack` sends.
    public static func acknowledgementBody(reason: String) -> String {
        var json = JSONObjectWriter()
        json.string(Key.reason, reason)
        return json.finish()
    }

    /// The body `floorwatch recommendations accept|dismiss` sends.
    public static func decisionBody(note: String?) -> String {
        guard let note else { return "" }
        var json = JSONObjectWriter()
        json.string(Key.note, note)
        return json.finish()
    }

    /// The body `floorwatch alerts silence` sends.
    public static func silenceBody(
        rule: String?, channel: String?, queue: String?, durationSeconds: Double, comment: String
    ) -> String {
        var json = JSONObjectWriter()
        if let rule { json.string(Key.rule, rule) }
        if let channel { json.string(Key.channel, channel) }
        if let queue { json.string(Key.queue, queue) }
        json.number(Key.durationSeconds, durationSeconds)
        json.string(Key.comment, comment)
        return json.finish()
    }

    /// `POST /v1/alerts/{id}/ack`: `{"reason": "…"}`, a reason of 1 to 1000 bytes.
    public static func acknowledgement(_ body: [UInt8]) -> Result<String, ControlRequestError> {
        guard let members = object(body), case .string(let reason)? = members[Key.reason.rawValue],
            !reason.allSatisfy({ $0 == " " || $0 == "\t" }), reason.utf8.count <= 1000
        else {
            return .failure(
                ControlRequestError("the body must be {\"reason\": \"…\"} with a reason of 1 to 1000 bytes"))
        }
        return .success(reason)
    }

    /// `POST /v1/recommendations/{id}/accept|dismiss`: empty, or `{"note": "…"}` (kept to 1000
    /// bytes' worth of characters).
    public static func decision(_ body: [UInt8]) -> Result<String?, ControlRequestError> {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .success(nil) }
        guard let members = object(body) else {
            return .failure(ControlRequestError("the body must be empty or {\"note\": \"…\"}"))
        }
        switch members[Key.note.rawValue] {
        case nil: return .success(nil)
        case .string(let note)?: return .success(String(note.prefix(1000)))
        default: return .failure(ControlRequestError("note must be a string"))
        }
    }

    /// `POST /v1/silences`.
    public struct Silence: Sendable, Equatable {
        public var rule: String?
        public var channel: Channel?
        public var queue: String?
        public var end: End
        public var comment: String

        public enum End: Sendable, Equatable {
            case at(EventTime)
            case after(Milliseconds)
        }
    }

    /// The longest silence: 90 days.
    public static let maximumSilence: Milliseconds = .hours(24 * 90)

    public static func silence(_ body: [UInt8]) -> Result<Silence, ControlRequestError> {
        guard let members = object(body) else { return .failure(ControlRequestError("the body must be a JSON object")) }
        func text(_ key: Key) -> Result<String?, ControlRequestError> {
            switch members[key.rawValue] {
            case nil: .success(nil)
            case .string(let value)?: .success(value)
            default: .failure(ControlRequestError("\(key.rawValue) must be a string"))
            }
        }
        do {
            let rule = try text(.rule).get()
            let queue = try text(.queue).get()
            let comment = try text(.comment).get() ?? ""
            var channel: Channel?
            if let name = try text(.channel).get() {
                guard let known = Channel(name: name) else {
                    return .failure(ControlRequestError("unknown channel \(name)"))
                }
                channel = known
            }
            // A duration, when given, must be one even if ends_at wins.
            var duration: Milliseconds?
            switch members[Key.durationSeconds.rawValue] {
            case nil:
                break
            case .number(let seconds)? where seconds > 0 && seconds * 1000 <= Double(maximumSilence):
                duration = Milliseconds(seconds * 1000)
            default:
                return .failure(
                    ControlRequestError("duration_seconds must be a number of seconds, more than 0, up to 90 days"))
            }
            let end: Silence.End
            if let endsAt = try text(.endsAt).get() {
                guard let time = RFC3339.parse(endsAt) else {
                    return .failure(ControlRequestError("ends_at must be an RFC 3339 time"))
                }
                end = .at(time)
            } else if let duration {
                end = .after(duration)
            } else {
                return .failure(ControlRequestError("give ends_at (RFC 3339) or duration_seconds (up to 90 days)"))
            }
            guard rule != nil || channel != nil || queue != nil else {
                return .failure(ControlRequestError("a silence needs at least one of rule, channel and queue"))
            }
            return .success(Silence(rule: rule, channel: channel, queue: queue, end: end, comment: comment))
        } catch {
            return .failure(error)
        }
    }

    private static func object(_ body: [UInt8]) -> [String: JSONValue]? {
        let value = body.withUnsafeBytes { raw in try? JSONValue.parse(raw) }
        guard case .object(let members)? = value else { return nil }
        return members
    }
}

/// Why a write request's body was refused (400), in words for the caller.
public struct ControlRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
