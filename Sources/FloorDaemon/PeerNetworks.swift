import Glibc

/// An allow-list of sender networks (`10.0.0.0/8`, `::1/128`). Empty allows everyone. Under
/// systemd prefer `IPAddressAllow=` on the socket unit; this covers sockets the daemon binds itself.
///
/// Value type; thread-safe.
public struct PeerNetworks: Sendable, Equatable {
    struct Network: Sendable, Equatable {
        var bytes: [UInt8]
        var prefix: Int
    }

    var networks: [Network] = []

    public init() {}

    public init(_ specs: [String]) throws(ConfigurationError) {
        networks = try specs.map { spec throws(ConfigurationError) in try Self.parse(spec) }
    }

    public var isEmpty: Bool { networks.isEmpty }

    static func parse(_ spec: String) throws(ConfigurationError) -> Network {
        // Empty parts kept, so "" and "/8" are refused as networks instead of indexing nothing.
        let parts = spec.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let address = parts.first, !address.isEmpty, let bytes = Self.bytes(of: address) else {
            throw ConfigurationError("\"\(spec)\": not an IP network (e.g. 10.0.0.0/8 or ::1/128)")
        }
        let prefix = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
        guard let prefix, (0...(bytes.count * 8)).contains(prefix) else {
            throw ConfigurationError("\(spec): prefix length must be 0…\(bytes.count * 8)")
        }
        return Network(bytes: bytes, prefix: prefix)
    }

    static func bytes(of text: String) -> [UInt8]? {
        var v4 = [UInt8](repeating: 0, count: 4)
        if inet_pton(AF_INET, text, &v4) == 1 { return v4 }
        var v6 = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET6, text, &v6) == 1 { return v6 }
        return nil
    }

    /// Whether a sender at `ipAddress` (text) may send. IPv4-mapped IPv6 addresses are matched as
    /// IPv4.
    public func allows(ipAddress: String?) -> Bool {
        guard !networks.isEmpty else { return true }
        guard let bytes = ipAddress.flatMap(Self.bytes(of:)) else { return false }
        return bytes.withUnsafeBytes { allows(addressBytes: $0) }
    }

    /// Whether a sender whose address is these 4 (IPv4) or 16 (IPv6) bytes in network order may
    /// send. Asked for every datagram: no text, no allocation.
    func allows(addressBytes: UnsafeRawBufferPointer) -> Bool {
        guard !networks.isEmpty else { return true }
        var address = addressBytes
        if address.count == 16, address[0..<10].allSatisfy({ $0 == 0 }), address[10] == 0xFF, address[11] == 0xFF {
            address = UnsafeRawBufferPointer(rebasing: address[12..<16])
        }
        return networks.contains { network in
            guard network.bytes.count == address.count else { return false }
            var remaining = network.prefix
            for index in 0..<address.count where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if address[index] & mask != network.bytes[index] & mask { return false }
                remaining -= bits
            }
            return true
        }
    }
}
