import FloorCore
import FloorProtocol
import Logging
import NIOCore

/// The I/O half of an AMI subscription: frames the byte stream into blocks, hands them to the
/// `AMISession` state machine, writes what it answers (Login, QueueStatus), applies the events of
/// each read at once like any listener, and pings Asterisk every 20 s so a dead peer is noticed
/// (no bytes for 60 s closes the connection and the client reconnects).
///
/// Runs on the engine's loop. Not thread-safe.
final class AMISubscriptionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let host: EngineHost
    private let source: SourceID
    private var session: AMISession
    private let logger: Logger
    private let failed: (String) -> Void
    private var framing: AMIFraming
    private var batch: [Event] = []
    private var errors: [DecodeError.Reason: Int64] = [:]
    private var lastError: DecodeError?
    private var bytes = 0
    private var lastReadAt = NIODeadline.now()
    private var timer: RepeatedTask?

    static let pingInterval: TimeAmount = .seconds(20)
    static let silenceLimit: TimeAmount = .seconds(60)

    init(
        host: EngineHost, source: SourceID, session: AMISession, logger: Logger,
        failed: @escaping (String) -> Void
    ) {
        self.host = host
        self.source = source
        self.session = session
        self.logger = logger
        self.failed = failed
        framing = AMIFraming()
    }

    func channelActive(context: ChannelHandlerContext) {
        lastReadAt = .now()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleRepeatedTask(initialDelay: Self.pingInterval, delay: Self.pingInterval) {
            _ in
            let (handler, context) = loopBound.value
            handler.keepAlive(context: context)
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        // Leaves still unexplained are not guessed at: the next connection's QueueStatus says
        // whether those callers still wait.
        flush()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        bytes += buffer.readableBytes
        lastReadAt = .now()
        let overflows = framing.overflows
        let blocks = buffer.withUnsafeReadableBytes { framing.append($0) }
        if framing.overflows > overflows {
            count(DecodeError(.tooLong, at: 0, "AMI message longer than \(framing.maximumBlockLength) bytes"))
        }
        let now = WallClock.now()
        for block in blocks {
            let step: AMISession.Step
            do throws(DecodeError) {
                step = try session.receive(block, at: now, into: &batch)
            } catch {
                count(error)
                continue
            }
            switch step {
            case .none:
                break
            case .send(let action):
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: action)), promise: nil)
            case .fail(let reason):
                logger.error("AMI subscription failed", metadata: ["reason": "\(reason)"])
                failed(reason)
                context.close(promise: nil)
                return
            }
        }
        session.expireLeaves(at: now, into: &batch)
    }

    func channelReadComplete(context: ChannelHandlerContext) { flush() }

    private func keepAlive(context: ChannelHandlerContext) {
        if NIODeadline.now() - lastReadAt > Self.silenceLimit {
            failed("no data from Asterisk for \(Self.silenceLimit.nanoseconds / 1_000_000_000) s")
            context.close(promise: nil)
            return
        }
        session.expireLeaves(at: WallClock.now(), into: &batch)
        flush()
        if session.phase == .streaming || session.phase == .listing {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: AMISession.ping)), promise: nil)
        }
    }

    private func count(_ error: DecodeError) {
        errors[error.reason, default: 0] += 1
        lastError = error
    }

    private func flush() {
        for index in batch.indices { batch[index].source = source }
        host.ingest(&batch, errors: errors, lastError: lastError, bytes: bytes, source: source)
        errors.removeAll(keepingCapacity: true)
        lastError = nil
        bytes = 0
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
}
