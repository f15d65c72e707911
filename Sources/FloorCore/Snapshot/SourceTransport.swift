/// What the transport knows of a source, not the engine: bytes received, and for an outgoing
/// subscription its connection state and reconnects. The daemon keeps these and hands them to
/// `FloorEngine.makeSnapshot`, which shows them beside the source's figures.
///
/// Value type; thread-safe.
public struct SourceTransport: Sendable, Equatable {
    public var bytes: Int64 = 0
    /// Connection state of an outgoing subscription ("connected", "reconnecting in 2 s: …").
    public var status: String?
    public var reconnects: Int64 = 0

    public init(bytes: Int64 = 0, status: String? = nil, reconnects: Int64 = 0) {
        self.bytes = bytes
        self.status = status
        self.reconnects = reconnects
    }
}
