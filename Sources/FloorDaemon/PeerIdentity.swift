import Glibc
import NIOCore

/// Who is on the other end of a query connection, for the audit trail of acknowledgements and
/// silences: the Unix socket's peer credentials (SO_PEERCRED, which the kernel vouches for), or
/// the TCP peer's address, and whether it had to present the bearer token (the audit trail must
/// not claim a token where none is configured).
enum PeerIdentity {
    /// The peer's name for the audit trail, and its credentials on the Unix socket (nil over TCP
    /// or when the kernel does not say).
    static func describe(
        _ channel: any NIOCore.Channel, tokenRequired: Bool
    ) -> EventLoopFuture<(name: String, credentials: PeerCredentials?)> {
        if let remote = channel.remoteAddress, remote.protocol != .unix {
            return channel.eventLoop.makeSucceededFuture(
                ("tcp \(remote)" + (tokenRequired ? " (bearer token)" : " (no token configured)"), nil))
        }
        guard let provider = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeSucceededFuture(("unknown peer", nil))
        }
        let credentials: EventLoopFuture<PeerCredentials> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(PeerCredentials.option))
        return credentials.map { (Self.name(uid: $0.uid, pid: $0.pid), Optional($0)) }.recover { _ in
            ("unknown peer", nil)
        }
    }

    /// `struct ucred` (hidden behind _GNU_SOURCE in the Glibc module): pid, uid, gid.
    struct PeerCredentials: Sendable {
        var pid: pid_t = 0
        var uid: uid_t = 0
        var gid: gid_t = 0
        /// SO_PEERCRED on Linux.
        static let option: Int32 = 17
    }

    static func name(uid: uid_t, pid: pid_t) -> String {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        let found = getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0 && result != nil
        let user = found ? String(cString: entry.pw_name) : "uid \(uid)"
        return found ? "\(user) (uid \(uid), pid \(pid))" : "\(user) (pid \(pid))"
    }
}
