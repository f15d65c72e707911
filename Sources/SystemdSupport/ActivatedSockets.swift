import CSystemd
import Glibc

/// Sockets passed by systemd socket activation (`$LISTEN_FDS`, `$LISTEN_FDNAMES`), classified so
/// the daemon can adopt each one: datagram (UDP), stream on an IP address (TCP), or stream on a
/// Unix path (the query socket).
public struct ActivatedSocket: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case datagram
        case stream
        case unixStream = "unix-stream"
        case other
    }

    public var descriptor: Int32
    /// The `FileDescriptorName=` of the socket unit (or `--fdname=`), "unknown" when unnamed.
    public var name: String
    public var kind: Kind
}

public enum SocketActivation {
    /// Takes the passed sockets once (and unsets the environment variables so children do not
    /// inherit them). Empty when the daemon was not socket-activated.
    public static func takeSockets() -> [ActivatedSocket] {
        var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        let count = sd_listen_fds_with_names(1, &names)
        guard count > 0 else { return [] }
        defer {
            if let names {
                for index in 0..<Int(count) { free(names[index]) }
                free(names)
            }
        }
        var sockets: [ActivatedSocket] = []
        for index in 0..<Int(count) {
            let descriptor = SD_LISTEN_FDS_START + Int32(index)
            let name = names.flatMap { $0[index] }.map { String(cString: $0) } ?? "unknown"
            sockets.append(ActivatedSocket(descriptor: descriptor, name: name, kind: kind(of: descriptor)))
        }
        return sockets
    }

    private static func kind(of descriptor: Int32) -> ActivatedSocket.Kind {
        if sd_is_socket(descriptor, AF_UNSPEC, Int32(SOCK_DGRAM.rawValue), -1) > 0 { return .datagram }
        if sd_is_socket_unix(descriptor, Int32(SOCK_STREAM.rawValue), 1, nil, 0) > 0 { return .unixStream }
        if sd_is_socket(descriptor, AF_UNSPEC, Int32(SOCK_STREAM.rawValue), 1) > 0 { return .stream }
        return .other
    }
}
