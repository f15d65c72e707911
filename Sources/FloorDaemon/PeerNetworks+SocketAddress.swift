import NIOCore

extension PeerNetworks {
    /// Whether the peer at `address` may send (no address, a Unix socket's peer: refused
    /// when the list is not empty). Read from the socket address's bytes: asking NIO for its
    /// text formatted it with `inet_ntop` for every datagram, allowed or not (5 % of a UDP
    /// flood's CPU with no list configured).
    public func allows(_ address: SocketAddress?) -> Bool {
        guard !isEmpty else { return true }
        switch address {
        // Linux's sockaddr_in holds the address at bytes 4..<8, sockaddr_in6 at 8..<24 (after the
        // family, the port and, for IPv6, the flow label), in network order.
        case .v4(let peer)?:
            return withUnsafeBytes(of: peer.address) {
                allows(addressBytes: UnsafeRawBufferPointer(rebasing: $0[4..<8]))
            }
        case .v6(let peer)?:
            return withUnsafeBytes(of: peer.address) {
                allows(addressBytes: UnsafeRawBufferPointer(rebasing: $0[8..<24]))
            }
        case .unixDomainSocket?, nil:
            return false
        }
    }
}
