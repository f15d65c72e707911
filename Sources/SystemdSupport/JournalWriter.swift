import CSystemd
import Glibc

/// Writes structured entries to journald with sd_journal_sendv (the variadic sd_journal_send is
/// not callable from Swift). Field names journald would silently drop are rejected here.
///
/// Thread-safe.
public struct JournalWriter: Sendable {
    public enum Failure: Error, Equatable {
        case invalidFieldName(String)
        case sendFailed(Int32)
    }

    public init() {}

    /// journald keeps only names of `[A-Z0-9_]`, not starting with `_` or a digit, at most 64 long.
    public static func isValidFieldName(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= 64 else { return false }
        guard first != UInt8(ascii: "_"), !(0x30...0x39).contains(first) else { return false }
        return name.utf8.allSatisfy {
            (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "_")
        }
    }

    /// Whether a journald answers on its socket (a stopped one leaves the socket file behind).
    public static func isJournaldListening(path: String = "/run/systemd/journal/socket") -> Bool {
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0
    }

    /// Sends one entry. `fields` are (name, value) pairs; `MESSAGE` and `PRIORITY` belong in them.
    public func send(_ fields: [(String, String)]) throws(Failure) {
        for (name, _) in fields where !Self.isValidFieldName(name) { throw .invalidFieldName(name) }
        let assignments = fields.map { Array(($0.0 + "=" + $0.1).utf8) }
        var buffers = assignments.map { bytes -> UnsafeMutableRawBufferPointer in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
            buffer.copyBytes(from: bytes)
            return buffer
        }
        defer { for buffer in buffers { buffer.deallocate() } }
        var vectors = zip(buffers.indices, assignments).map { index, bytes in
            iovec(iov_base: buffers[index].baseAddress, iov_len: bytes.count)
        }
        let result = vectors.withUnsafeMutableBufferPointer { sd_journal_sendv($0.baseAddress, Int32($0.count)) }
        buffers = buffers.map { $0 }
        if result < 0 { throw .sendFailed(result) }
    }
}
