import FloorAlerting
import FloorCore
import FloorProtocol
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// Sends alerts to Prometheus Alertmanager's API (`POST /api/v2/alerts`), so teams that already
/// route pages through Alertmanager get floorwatch alerts there.
///
/// Alertmanager expects clients to resend firing alerts (it resolves an alert whose `endsAt`
/// passes), so the whole firing set goes out on every transition and every `resendInterval`;
/// a label set that was sent and is no longer firing (resolved, or escalated to another
/// severity) goes out once with `endsAt` = now. Failed posts are retried with exponential
/// back-off up to a minute; the newest state always replaces an unsent older one.
///
/// Thread-safe: all state lives on `loop` (the engine's loop, where `deliver` is called).
public final class AlertmanagerSink: AlertSink, Sendable {
    private struct State {
        /// Label sets sent as firing, by their key, with their JSON.
        var firing: [String: String] = [:]
        var lastSent: EventTime?
        var queued: String?
        var inFlight = false
        var failures = 0
    }

    let endpoint: AlertmanagerEndpoint
    let resendInterval: Milliseconds
    let loop: any EventLoop
    private let state: NIOLoopBoundBox<State>
    private let logger: Logger

    public init(endpoint: AlertmanagerEndpoint, resendInterval: Milliseconds, loop: any EventLoop, logger: Logger) {
        self.endpoint = endpoint
        self.resendInterval = resendInterval
        self.loop = loop
        self.logger = logger
        state = NIOLoopBoundBox.makeBoxSendingValue(State(), eventLoop: loop)
    }

    /// The label sets Alertmanager was last told are firing (by key, with their JSON), for a
    /// checkpoint: after a restart, an alert that resolved meanwhile is still ended there. On the loop.
    var firingState: [String: String] {
        get { state.value.firing }
        set { state.value.firing = newValue }
    }

    public func deliver(_ notifications: [AlertNotification], board: AlertBoard) {
        loop.preconditionInEventLoop()
        let now = WallClock.now()
        let due = state.value.lastSent.map { now - $0 >= resendInterval } ?? !board.firing.isEmpty
        guard !notifications.isEmpty || due else { return }
        var firing: [String: String] = [:]
        for alert in board.firing {
            let labels = Self.labels(alert)
            firing[Self.key(labels)] = Self.alertJSON(
                labels: labels, alert: alert, startsAt: min(alert.firingSince ?? alert.since, now),
                endsAt: now + 3 * resendInterval)
        }
        var ended: [String] = []
        for (key, json) in state.value.firing where firing[key] == nil {
            // Resend the last firing body with endsAt = now: Alertmanager marks it resolved.
            ended.append(Self.replacingEndsAt(json, with: now))
        }
        state.value.firing = firing
        state.value.lastSent = now
        let body = "[" + (firing.keys.sorted().map { firing[$0]! } + ended).joined(separator: ",") + "]"
        guard body != "[]" else { return }
        state.value.queued = body
        sendQueued()
    }

    static func labels(_ alert: ActiveAlert) -> [(String, String)] {
        var labels = [("alertname", alert.rule), ("severity", alert.severity.rawValue), ("kind", alert.kind)]
        if let channel = alert.scope.channel { labels.append(("channel", channel.name)) }
        if let queue = alert.scope.queue { labels.append(("queue", queue)) }
        if let source = alert.scope.source { labels.append(("source", source)) }
        labels.append(("service", "floorwatchd"))
        return labels
    }

    private static func key(_ labels: [(String, String)]) -> String {
        labels.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
    }

    private static func alertJSON(
        labels: [(String, String)], alert: ActiveAlert, startsAt: EventTime, endsAt: EventTime
    ) -> String {
        var labelJSON = JSONObjectWriter()
        for (name, value) in labels { labelJSON.string(name, value) }
        var annotations = JSONObjectWriter()
        annotations.string("summary", alert.message)
        annotations.string("value", NumberText.plain(alert.value))
        annotations.string("threshold", NumberText.plain(alert.threshold))
        annotations.string("window", alert.window ?? "now")
        annotations.string("floorwatch_id", "\(alert.id)")
        var json = JSONObjectWriter()
        json.raw("labels", labelJSON.finish())
        json.raw("annotations", annotations.finish())
        json.string("startsAt", RFC3339.format(startsAt))
        json.string("endsAt", RFC3339.format(endsAt))
        return json.finish()
    }

    private static func replacingEndsAt(_ json: String, with time: EventTime) -> String {
        guard let range = json.range(of: "\"endsAt\":\"") else { return json }
        let tail = json[range.upperBound...]
        guard let close = tail.firstIndex(of: "\"") else { return json }
        return String(json[..<range.upperBound]) + RFC3339.format(time) + String(json[close...])
    }

    private func sendQueued() {
        guard !state.value.inFlight, let body = state.value.queued else { return }
        state.value.queued = nil
        state.value.inFlight = true
        post(body).hop(to: loop).whenComplete { [self] result in
            state.value.inFlight = false
            switch result {
            case .success(let status) where (200..<300).contains(status):
                state.value.failures = 0
                sendQueued()
            case .success(let status):
                retry(body, reason: "HTTP \(status)")
            case .failure(let error):
                retry(body, reason: "\(error)")
            }
        }
    }

    private func retry(_ body: String, reason: String) {
        state.value.failures += 1
        let failures = state.value.failures
        // The newest state supersedes the failed one.
        if state.value.queued == nil { state.value.queued = body }
        let delay = min(60_000, 500 << min(failures, 7))
        if failures == 1 || failures % 10 == 0 {
            logger.warning(
                "Alertmanager post failed, retrying",
                metadata: [
                    "endpoint": "\(endpoint)", "reason": "\(reason)", "attempt": "\(failures)",
                    "retry_in_ms": "\(delay)",
                ])
        }
        loop.scheduleTask(in: .milliseconds(Int64(delay))) { [self] in sendQueued() }
    }

    /// One HTTP/1.1 POST on a fresh connection; the future gives the status code.
    private func post(_ body: String) -> EventLoopFuture<Int> {
        let promise = loop.makePromise(of: Int.self)
        let endpoint = self.endpoint
        let path = endpoint.pathPrefix + "/api/v2/alerts"
        ClientBootstrap(group: loop)
            .connectTimeout(.seconds(5))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(StatusReader(promise: promise))
                }
            }
            .connect(host: endpoint.host, port: endpoint.port)
            .whenComplete { result in
                switch result {
                case .failure(let error): promise.fail(error)
                case .success(let channel):
                    var headers = HTTPHeaders()
                    headers.add(name: "Host", value: "\(endpoint.host):\(endpoint.port)")
                    headers.add(name: "Content-Type", value: "application/json")
                    headers.add(name: "Content-Length", value: "\(body.utf8.count)")
                    headers.add(name: "Connection", value: "close")
                    if let authorization = endpoint.authorization {
                        headers.add(name: "Authorization", value: authorization)
                    }
                    let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path, headers: headers)
                    channel.write(HTTPClientRequestPart.head(head), promise: nil)
                    channel.write(
                        HTTPClientRequestPart.body(.byteBuffer(channel.allocator.buffer(string: body))), promise: nil)
                    channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
                    // A server that never answers must not hold the sink forever.
                    channel.eventLoop.scheduleTask(in: .seconds(10)) { channel.close(promise: nil) }
                }
            }
        return promise.futureResult
    }
}

/// Reads the response status, then closes; fails the promise if the connection ends first.
private final class StatusReader: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let promise: EventLoopPromise<Int>
    private var status: Int?
    private var done = false

    init(promise: EventLoopPromise<Int>) { self.promise = promise }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): status = Int(head.status.code)
        case .body: break
        case .end:
            finish(.success(status ?? 0))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(ChannelError.eof))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(error))
        context.close(promise: nil)
    }

    private func finish(_ result: Result<Int, any Error>) {
        guard !done else { return }
        done = true
        promise.completeWith(result)
    }
}
