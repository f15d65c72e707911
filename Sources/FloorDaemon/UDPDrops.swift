import Glibc
import NIOCore

/// Kernel drops of floorwatch's own UDP sockets, asked of each socket (`SO_MEMINFO`, whose last
/// value is the socket's drop count). Reading /proc/net/udp instead sees nothing under the unit's
/// `PrivateNetwork=` and `ProcSubset=pid`, and counts any other socket bound to the same port.
enum UDPDrops {
    /// `SO_MEMINFO`'s answer: `SK_MEMINFO_VARS` (9) counters, drops last (`SK_MEMINFO_DROPS`).
    private typealias MemoryInfo = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

    /// Reads the drops of every UDP socket among `channels` (others are skipped) on their loop, and
    /// hands the total to `report` there (nothing when there is no UDP socket). Never waits: the
    /// caller (the watchdog's reporting loop) must not hang on a busy engine loop.
    static func sample(_ channels: [any Channel], report: @escaping @Sendable (Int64) -> Void) {
        let readings = channels.compactMap { channel -> EventLoopFuture<Int64?>? in
            guard let provider = channel as? any SocketOptionProvider else { return nil }
            let type: EventLoopFuture<CInt> = provider.unsafeGetSocketOption(
                level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_TYPE))
            return type.flatMap { type -> EventLoopFuture<Int64?> in
                guard type == CInt(SOCK_DGRAM.rawValue) else { return channel.eventLoop.makeSucceededFuture(nil) }
                let info: EventLoopFuture<MemoryInfo> = provider.unsafeGetSocketOption(
                    level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_MEMINFO))
                return info.map { Int64($0.8) }
            }.recover { _ in nil }
        }
        guard let first = readings.first else { return }
        EventLoopFuture.whenAllSucceed(readings, on: first.eventLoop).whenSuccess { values in
            let found = values.compactMap { $0 }
            if !found.isEmpty { report(found.reduce(0, +)) }
        }
    }
}
