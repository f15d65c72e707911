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

    /// Random IPv4 senders, as datagrams give them (a socket address) and as IPv4-mapped IPv6,
    /// against a reference that masks the address as a 32-bit integer.
    @Test func socketAddressesMatchAnIntegerMaskReference() throws {
        let networks: [(base: UInt32, prefix: Int)] = [(0x0A00_0000, 8), (0xAC10_0000, 12), (0xC0A8_0100, 24)]
        let peers = try PeerNetworks(networks.map { "\(Self.dotted($0.base))/\($0.prefix)" })
        var random = SystemRandomNumberGenerator()
        for step in 0..<2_000 {
            // Half near the networks, so both answers come up often.
            var address = UInt32.random(in: .min ... .max, using: &random)
            if step % 2 == 0 {
                address = networks[step % 3].base ^ (address >> UInt32.random(in: 4...28, using: &random))
            }
            let expected = networks.contains { network in
                let mask: UInt32 = network.prefix == 0 ? 0 : ~0 << (32 - UInt32(network.prefix))
                return address & mask == network.base & mask
            }
            let text = Self.dotted(address)
            #expect(peers.allows(try SocketAddress(ipAddress: text, port: 9)) == expected, "\(text)")
            #expect(peers.allows(try SocketAddress(ipAddress: "::ffff:\(text)", port: 9)) == expected, "\(text)")
            #expect(peers.allows(ipAddress: text) == expected, "\(text)")
        }
        #expect(!peers.allows(try SocketAddress(unixDomainSocketPath: "/tmp/peer.sock")))
        #expect(PeerNetworks().allows(try SocketAddress(unixDomainSocketPath: "/tmp/peer.sock")))
    }

    static func dotted(_ address: UInt32) -> String {
        (0..<4).map { String((address >> (24 - 8 * UInt32($0))) & 0xFF) }.joined(separator: ".")
    }

    // "" and "/8" crashed the parser (and a SIGHUP reload with them killed the daemon).
    @Test(arguments: ["10.0.0.0/33", "not-an-ip/8", "::1/129", "", "/8", "10.0.0.0/", "/"])
    func rejectsBadNetworks(spec: String) {
        #expect(throws: ConfigurationError.self) { try PeerNetworks([spec]) }
    }
}
