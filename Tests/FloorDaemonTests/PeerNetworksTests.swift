import FloorDaemon
import NIOCore
import Testing

@Suite("Peer allow-list")
struct PeerNetworksTests {
    @Test func matchesByPrefix() throws {
        let peers = try PeerNetworks(["10.0.0.0/8", "192.168.1.0/24", "::1/128", "2001:db8::/32"])
        #expect(peers.allows(try SocketAddress(ipAddress: "10.200.3.4", port: 1)))
        #expect(peers.allows(try SocketAddress(ipAddress: "192.168.1.77", port: 1)))
        #expect(!peers.allows(try SocketAddress(ipAddress: "192.168.2.1", port: 1)))
        #expect(peers.allows(try SocketAddress(ipAddress: "::1", port: 1)))
        #expect(peers.allows(try SocketAddress(ipAddress: "2001:db8:1::5", port: 1)))
        #expect(!peers.allows(try SocketAddress(ipAddress: "2001:db9::1", port: 1)))
        // IPv4-mapped IPv6 is matched as IPv4.
        #expect(peers.allows(try SocketAddress(ipAddress: "::ffff:10.1.1.1", port: 1)))
        #expect(!peers.allows(nil))
        #expect(PeerNetworks().allows(try SocketAddress(ipAddress: "8.8.8.8", port: 1)))
    }

    // "" and "/8" crashed the parser (and a SIGHUP reload with them killed the daemon).
    @Test(arguments: ["10.0.0.0/33", "not-an-ip/8", "::1/129", "", "/8", "10.0.0.0/", "/"])
    func rejectsBadNetworks(spec: String) {
        #expect(throws: ConfigurationError.self) { try PeerNetworks([spec]) }
    }
}
