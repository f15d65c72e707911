import FloorCore
import FloorProtocol
import NIOCore
import Synchronization

/// UDP: one event per datagram. Runs on the engine's loop: a vector read's datagrams are decoded
/// as they arrive and applied once at `channelReadComplete` (one apply per socket read).
final class UDPIngestHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let host: EngineHost
    private let source: SourceID
    private let decoder: LineBatchDecoder.Decode
    private var batch: [Event] = []
    private var errors: [DecodeError.Reason: Int64] = [:]
    private var lastError: DecodeError?
    private var bytes = 0

    private let peers: PeerNetworks
    /// A datagram this long or longer filled its read slice: it was cut short (`UDPReadShape`).
    private let maximumDatagram: Int

    init(
        host: EngineHost, source: SourceID, decoder: @escaping LineBatchDecoder.Decode, peers: PeerNetworks,
        maximumDatagram: Int
    ) {
        self.host = host
        self.source = source
        self.decoder = decoder
        self.peers = peers
        self.maximumDatagram = maximumDatagram
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        bytes += envelope.data.readableBytes
        guard peers.allows(envelope.remoteAddress) else {
            let error = DecodeError(
                .peerNotAllowed, at: 0, "sender \(envelope.remoteAddress) is not in ingest.allow_networks")
            errors[error.reason, default: 0] += 1
            lastError = error
            return
        }
        guard envelope.data.readableBytes <= maximumDatagram else {
            let error = DecodeError(
                .tooLong, at: maximumDatagram,
                "datagram longer than \(maximumDatagram) bytes (ingest.max_line_bytes); not read")
            errors[error.reason, default: 0] += 1
            lastError = error
            return
        }
        let first = batch.count
        let result = envelope.data.withUnsafeReadableBytes { raw in
            Result { () throws(DecodeError) in try decoder(raw, &batch) }
        }
        switch result {
        case .success:
            for index in first..<batch.count { batch[index].source = source }
        case .failure(let error):
            batch.removeSubrange(first...)
            errors[error.reason, default: 0] += 1
            lastError = error
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        host.ingest(&batch, errors: errors, lastError: lastError, bytes: bytes, source: source)
        errors.removeAll(keepingCapacity: true)
        lastError = nil
        bytes = 0
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A datagram socket error (e.g. ICMP unreachable) must not close the listener.
    }
}

/// TCP: NDJSON lines. Runs on the engine's loop; each read is split, decoded and applied at once,
/// so nothing is buffered beyond one partial line (bounded by the maximum line length), and a slow
/// engine slows the sender through TCP itself (back-pressure), not through memory.
final class TCPIngestHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let host: EngineHost
    private let source: SourceID
    private var lines: LineBatchDecoder
    private var batch: [Event] = []
    private var bytes = 0
    private var slot: ConnectionSlot

    private let peers: PeerNetworks

    init(
        host: EngineHost, source: SourceID, lines: LineBatchDecoder, connections: ConnectionCounter, peers: PeerNetworks
    ) {
        self.host = host
        self.source = source
        self.lines = lines
        self.peers = peers
        slot = ConnectionSlot(connections)
    }

    func channelActive(context: ChannelHandlerContext) {
        guard peers.allows(context.channel.remoteAddress) else {
            let address = context.channel.remoteAddress
            let error = DecodeError(
                .peerNotAllowed, at: 0, "sender \(String(describing: address)) is not in ingest.allow_networks")
            var none: [Event] = []
            host.ingest(&none, errors: [.peerNotAllowed: 1], lastError: error, bytes: 0, source: source)
            context.close(promise: nil)
            return
        }
        // Closed outside the slot's mutation: closing re-enters channelInactive synchronously.
        guard slot.admit(context.channel) else {
            context.close(promise: nil)
            return
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        slot.release()
        lines.finish(into: &batch)
        flush()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        bytes += buffer.readableBytes
        buffer.withUnsafeReadableBytes { host.consume($0, with: &lines, into: &batch) }
    }

    func channelReadComplete(context: ChannelHandlerContext) { flush() }

    private func flush() {
        host.ingest(&batch, errors: lines.takeErrors(), lastError: lines.lastError, bytes: bytes, source: source)
        bytes = 0
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
}

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
