import NIOCore

extension PeerNetworks {
    /// Whether the peer at `address` may send (no address, a Unix socket's peer: refused
    /// when the list is not empty).
    public func allows(_ address: SocketAddress?) -> Bool { allows(ipAddress: address?.ipAddress) }
}
