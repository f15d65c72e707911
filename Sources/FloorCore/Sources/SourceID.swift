/// Identifies where events come from: a listener with its format, or a configured name. Contacts
/// and agents belong to a source's platform instance, not to a connection, so a sender that
/// reconnects from another port keeps its state.
///
/// Value type; thread-safe. The engine's `registerSource` hands out ids; `unattributed` marks an
/// event no ingest path has claimed yet (decoders make events before the path attributes them),
/// and it is never a real source: such events are shown under their own "unattributed" entry
/// instead of counting against the first source.
public struct SourceID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var index: UInt16

    public init(_ index: UInt16) { self.index = index }

    /// Not attributed to any source (the highest index, never handed out).
    public static let unattributed = SourceID(UInt16.max)

    public var isUnattributed: Bool { self == .unattributed }

    public static func < (lhs: SourceID, rhs: SourceID) -> Bool { lhs.index < rhs.index }

    public var description: String { isUnattributed ? "unattributed" : "source#\(index)" }
}
