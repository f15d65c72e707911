import Glibc

/// Kernel drops of floorwatch's UDP sockets, from the `drops` column of /proc/net/udp{,6} for the
/// bound local ports (no CAP_NET_ADMIN needed).
enum UDPDrops {
    static func total(ports: Set<Int>) -> Int64? {
        guard !ports.isEmpty else { return nil }
        var total: Int64 = 0
        var found = false
        for path in ["/proc/net/udp", "/proc/net/udp6"] {
            guard let text = TextFile.read(path) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let columns = line.split(separator: " ", omittingEmptySubsequences: true)
                guard columns.count >= 13, let portHex = columns[1].split(separator: ":").last,
                    let port = Int(portHex, radix: 16), ports.contains(port), let drops = Int64(columns[12])
                else { continue }
                total += drops
                found = true
            }
        }
        return found ? total : nil
    }
}
