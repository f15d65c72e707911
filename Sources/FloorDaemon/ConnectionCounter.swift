import NIOCore
import Synchronization

/// Caps concurrent connections of one server. Thread-safe (an atomic count).
final class ConnectionCounter: Sendable {
    private let current = Atomic<Int>(0)
    let maximum: Int
    /// At most this many from one peer address (TCP); nil: no per-peer cap (the Unix socket).
    let maximumPerPeer: Int?
    /// Connections per peer address. Taken when a connection opens or closes, never on the
    /// ingest apply path or the metric read path.
    private let perPeer = Mutex<[String: Int]>([:])

    init(maximum: Int, perPeer: Int? = nil) {
        self.maximum = maximum
        maximumPerPeer = perPeer
    }

    var count: Int { current.load(ordering: .relaxed) }

    /// Takes a slot for a connection from `peer` (its address without the port); false when the
    /// total or the peer's cap is reached, so one host cannot hold every slot.
    func open(peer: String? = nil) -> Bool {
        if let peer, let maximumPerPeer {
            let admitted = perPeer.withLock { counts in
                guard counts[peer, default: 0] < maximumPerPeer else { return false }
                counts[peer, default: 0] += 1
                return true
            }
            guard admitted else { return false }
        }
        if current.add(1, ordering: .relaxed).newValue <= maximum { return true }
        current.subtract(1, ordering: .relaxed)
        if let peer, maximumPerPeer != nil { release(peer) }
        return false
    }

    func closed(peer: String? = nil) {
        current.subtract(1, ordering: .relaxed)
        if let peer, maximumPerPeer != nil { release(peer) }
    }

    private func release(_ peer: String) {
        perPeer.withLock { counts in
            let left = counts[peer, default: 1] - 1
            counts[peer] = left > 0 ? left : nil
        }
    }
}

struct ConnectionSlot {
    private let counter: ConnectionCounter
    private var held = false
    private var peer: String?

    init(_ counter: ConnectionCounter) { self.counter = counter }

    /// Takes a slot; false when a cap is reached (the caller then closes the connection).
    mutating func admit(_ channel: any NIOCore.Channel) -> Bool {
        // The peer's address without its port: one host, however many source ports.
        let peer = channel.remoteAddress.flatMap { $0.protocol == .unix ? nil : $0.ipAddress }
        guard counter.open(peer: peer) else { return false }
        held = true
        self.peer = peer
        return true
    }

    mutating func release() {
        if held { counter.closed(peer: peer) }
        held = false
    }
}
