import FloorCore
import FloorProtocol
import FloorQueryRequests

/// libFuzzer entry: a query request of any shape (method, path with its query string, body) is
/// routed and its body parsed, or refused, never crashes; a route's own target resolves back to
/// it; the stream interval is read from any query. The input is `METHOD PATH\nBODY`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let newline = bytes.firstIndex(of: 0x0A) ?? bytes.count
    let line = String(decoding: bytes[..<newline], as: UTF8.self)
    let body = Array(bytes[min(bytes.count, newline + 1)...])
    let parts = line.split(separator: " ", maxSplits: 1)
    let method = parts.first.map(String.init) ?? ""
    let uri = parts.count > 1 ? String(parts[1]) : ""
    let pieces = uri.split(separator: "?", maxSplits: 1)
    let items = QueryRoute.queryItems(pieces.count > 1 ? String(pieces[1]) : "")
    _ = StreamInterval.milliseconds(items[.interval])
    if case .route(let route) = QueryRoute.resolve(method: method, path: pieces.first.map(String.init) ?? uri) {
        // What a client requests for the route resolves back to it (a queue's name re-encoded).
        precondition(QueryRoute.resolve(method: route.method, path: route.path) == .route(route), "\(route)")
        switch route {
        case .acknowledgeAlert: _ = ControlRequest.acknowledgement(body)
        case .decideRecommendation: _ = ControlRequest.decision(body)
        case .addSilence: _ = ControlRequest.silence(body)
        default: break
        }
    }
    return 0
}
