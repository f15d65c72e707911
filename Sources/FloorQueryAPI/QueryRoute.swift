/// Every route of the query API, read and write side by side, parsed from a method and a path.
/// The daemon dispatches on it, docs/openapi.yaml documents each case, and a 405 names the
/// methods a path allows (RFC 9110's `Allow`).
///
/// Value type; thread-safe.
public enum QueryRoute: Sendable, Equatable {
    case health
    case snapshot
    case channels
    case queues
    case queue(name: String)
    case sources
    case agents
    case contacts
    case intervals
    case forecast
    case whatIf
    case stream
    case alerts
    case acknowledgeAlert(id: Int64)
    case recommendations
    case decideRecommendation(id: Int64, accept: Bool)
    case silences
    case addSilence
    case removeSilence(id: Int64)
    case metrics

    /// What a request resolves to.
    public enum Resolution: Sendable, Equatable {
        case route(QueryRoute)
        /// The path exists; the method does not (405, with these methods in `Allow`).
        case methodNotAllowed(allowed: [String])
        /// The path exists but its identifier is not one (400).
        case badIdentifier(String)
        case notFound
    }

    /// Resolves a request. `path` is the URI without its query; HEAD is served as GET.
    public static func resolve(method: String, path: String) -> Resolution {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        let get = method == "GET" || method == "HEAD"
        func only(_ allowed: [String], _ route: QueryRoute?) -> Resolution {
            guard let route else { return .methodNotAllowed(allowed: allowed) }
            return .route(route)
        }
        switch Array(segments) {
        case ["metrics"]: return only(["GET", "HEAD"], get ? .metrics : nil)
        case ["v1", "health"]: return only(["GET", "HEAD"], get ? .health : nil)
        case ["v1", "snapshot"]: return only(["GET", "HEAD"], get ? .snapshot : nil)
        case ["v1", "channels"]: return only(["GET", "HEAD"], get ? .channels : nil)
        case ["v1", "queues"]: return only(["GET", "HEAD"], get ? .queues : nil)
        case ["v1", "sources"]: return only(["GET", "HEAD"], get ? .sources : nil)
        case ["v1", "agents"]: return only(["GET", "HEAD"], get ? .agents : nil)
        case ["v1", "contacts"]: return only(["GET", "HEAD"], get ? .contacts : nil)
        case ["v1", "intervals"]: return only(["GET", "HEAD"], get ? .intervals : nil)
        case ["v1", "forecast"]: return only(["GET", "HEAD"], get ? .forecast : nil)
        case ["v1", "what-if"]: return only(["POST"], method == "POST" ? .whatIf : nil)
        case ["v1", "stream"]: return only(["GET"], method == "GET" ? .stream : nil)
        case ["v1", "alerts"]: return only(["GET", "HEAD"], get ? .alerts : nil)
        case ["v1", "recommendations"]: return only(["GET", "HEAD"], get ? .recommendations : nil)
        case ["v1", "silences"]:
            return only(["GET", "HEAD", "POST"], get ? .silences : method == "POST" ? .addSilence : nil)
        default:
            break
        }
        let parts = Array(segments)
        if parts.count == 3, parts[0] == "v1", parts[1] == "queues", !parts[2].isEmpty {
            return only(["GET", "HEAD"], get ? .queue(name: percentDecoded(String(parts[2]))) : nil)
        }
        if parts.count == 4, parts[0] == "v1", parts[1] == "alerts", parts[3] == "ack" {
            guard method == "POST" else { return .methodNotAllowed(allowed: ["POST"]) }
            guard let id = identifier(parts[2]) else { return .badIdentifier("bad alert id") }
            return .route(.acknowledgeAlert(id: id))
        }
        if parts.count == 4, parts[0] == "v1", parts[1] == "recommendations",
            parts[3] == "accept" || parts[3] == "dismiss"
        {
            guard method == "POST" else { return .methodNotAllowed(allowed: ["POST"]) }
            guard let id = identifier(parts[2]) else { return .badIdentifier("bad recommendation id") }
            return .route(.decideRecommendation(id: id, accept: parts[3] == "accept"))
        }
        if parts.count == 3, parts[0] == "v1", parts[1] == "silences" {
            guard method == "DELETE" else { return .methodNotAllowed(allowed: ["DELETE"]) }
            guard let id = identifier(parts[2]) else { return .badIdentifier("bad silence id") }
            return .route(.removeSilence(id: id))
        }
        return .notFound
    }

    /// Whether the route changes state (applied on the engine loop, answered asynchronously).
    public var isControl: Bool {
        switch self {
        case .acknowledgeAlert, .decideRecommendation, .addSilence, .removeSilence: true
        default: false
        }
    }

    /// Alert, recommendation and silence ids: decimal digits, 1 or more (ids start at 1).
    static func identifier(_ text: Substring) -> Int64? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        return Int64(text)
    }

    /// A percent-encoded path segment or query value, decoded (`%20` → space); invalid escapes
    /// are kept as they are.
    public static func percentDecoded(_ text: String) -> String {
        let input = Array(text.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "%"), index + 2 < input.count, let high = hexDigit(input[index + 1]),
                let low = hexDigit(input[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(input[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The query items of a URI's query string, percent-decoded.
    public static func queryItems(_ text: String) -> [String: String] {
        var items: [String: String] = [:]
        for pair in text.split(separator: "&") {
            // Empty parts kept: "=x" and "=" are an empty name, not a crash.
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            items[percentDecoded(String(parts[0]))] = parts.count > 1 ? percentDecoded(String(parts[1])) : ""
        }
        return items
    }
}
