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
