import Glibc

/// A listening TCP socket on 127.0.0.1 with a port the kernel chose, for the fake upstreams the
/// subscription tests serve from.
enum LoopbackListener {
    static func open() throws -> (descriptor: Int32, port: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound, listen(descriptor, 4) == 0 else {
            close(descriptor)
            throw DaemonError("cannot listen on loopback")
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }
}
