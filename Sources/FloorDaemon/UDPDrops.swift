import Glibc

/// Kernel drops of floorwatch's UDP sockets, from the `drops` column of /proc/net/udp{,6} for the
/// bound local ports (no CAP_NET_ADMIN needed).
enum UDPDrops {
    static func total(ports: Set<Int>) -> Int64? {
        guard !ports.isEmpty else { return nil }
        var total: Int64 = 0
        var found = false
        for path in ["/proc/net/udp", "/proc/net/udp6"] {
            guard let text = readFile(path) else { continue }
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

    private static func readFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
