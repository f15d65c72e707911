/// Identifies where events come from: a listener with its format, or a configured name. Contacts
/// and agents belong to a source, not to a connection, so a sender that reconnects from another
/// port keeps its state.
///
/// Value type; thread-safe. The daemon assigns indices when it builds its listeners.
public struct SourceID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var index: UInt16

    public init(_ index: UInt16) { self.index = index }

    public static func < (lhs: SourceID, rhs: SourceID) -> Bool { lhs.index < rhs.index }

    public var description: String { "source#\(index)" }
}
