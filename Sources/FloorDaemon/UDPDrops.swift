import Glibc
import NIOCore

/// Kernel drops of floorwatch's own UDP sockets, asked of each socket (`SO_MEMINFO`, whose last
/// value is the socket's drop count). Reading /proc/net/udp instead sees nothing under the unit's
/// `PrivateNetwork=` and `ProcSubset=pid`, and counts any other socket bound to the same port.
enum UDPDrops {
    /// `SO_MEMINFO`'s answer: `SK_MEMINFO_VARS` (9) counters, drops last (`SK_MEMINFO_DROPS`).
    private typealias MemoryInfo = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

    /// The drops of every UDP socket among `channels` (others are skipped); nil without any.
    static func total(_ channels: [any Channel]) async -> Int64? {
        var total: Int64 = 0
        var found = false
        for channel in channels {
            guard let provider = channel as? any SocketOptionProvider,
                let type: CInt = try? await provider.unsafeGetSocketOption(
                    level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_TYPE)
                ).get(),
                type == CInt(SOCK_DGRAM.rawValue),
                let info: MemoryInfo = try? await provider.unsafeGetSocketOption(
                    level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_MEMINFO)
                ).get()
            else { continue }
            total += Int64(info.8)
            found = true
        }
        return found ? total : nil
    }
}
