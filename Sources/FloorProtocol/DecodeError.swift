/// Why an input was rejected. Every rejection is counted per source by `reason`.
public struct DecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable, CaseIterable {
        case malformedJSON = "malformed_json"
        /// A line-oriented vendor record (queue_log, AMI) without its required fields.
        case malformedRecord = "malformed_record"
        case unknownEventType = "unknown_event_type"
        case missingField = "missing_field"
        case badField = "bad_field"
        case tooLong = "too_long"
        case unsupportedVersion = "unsupported_version"
        /// A vendor record that is well formed but carries nothing floorwatch applies (an event
        /// type it does not use, a custom queue_log word). Counted as ignored, not rejected.
        case ignoredRecord = "ignored_record"
        /// A platform's own bookkeeping (Asterisk's QUEUESTART, CONFIGRELOAD, PENALTY; AMI
        /// responses): normal traffic, counted as ignored.
        case systemRecord = "system_record"
        /// A Connect contact record of a contact that has not reached a queue (INITIATED, an
        /// IVR-only contact): nothing to count yet; counted as ignored.
        case notQueued = "not_queued"
        /// A Connect leg that is no customer contact (MONITOR: a supervisor listening in;
        /// DISCONNECT: the disconnect flow): counted as ignored.
        case notCustomerContact = "not_customer_contact"
        /// The sender is not in the listener's allow-list (counted like a rejected input).
        case peerNotAllowed = "peer_not_allowed"

        /// Well-formed input with nothing to apply: normal traffic, shown per source as
        /// `ignored`, never counted or logged as a rejected input and never alerted on.
        public var isIgnored: Bool {
            self == .ignoredRecord || self == .systemRecord || self == .notQueued || self == .notCustomerContact
        }
    }

    public var reason: Reason
    /// Byte offset in the input where the problem was found.
    public var offset: Int
    public var detail: String

    public init(_ reason: Reason, at offset: Int, _ detail: String) {
        self.reason = reason
        self.offset = offset
        self.detail = detail
    }

    public var description: String { "\(reason.rawValue) at byte \(offset): \(detail)" }
}
