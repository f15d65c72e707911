extension QueryRoute {
    /// The method a client sends for this route (HEAD is also served where GET is).
    public var method: String {
        switch self {
        case .whatIf, .acknowledgeAlert, .decideRecommendation, .addSilence: "POST"
        case .removeSilence: "DELETE"
        case .health, .snapshot, .channels, .queues, .queue, .sources, .agents, .contacts, .intervals, .forecast,
            .stream, .alerts, .recommendations, .silences, .metrics:
            "GET"
        }
    }

    /// The path a client requests for this route; `resolve(method:path:)` reads it back as this
    /// route (a queue's name percent-encoded).
    public var path: String {
        switch self {
        case .health: "/v1/health"
        case .snapshot: "/v1/snapshot"
        case .channels: "/v1/channels"
        case .queues: "/v1/queues"
        case .queue(let name): "/v1/queues/" + Self.percentEncoded(name)
        case .sources: "/v1/sources"
        case .agents: "/v1/agents"
        case .contacts: "/v1/contacts"
        case .intervals: "/v1/intervals"
        case .forecast: "/v1/forecast"
        case .whatIf: "/v1/what-if"
        case .stream: "/v1/stream"
        case .alerts: "/v1/alerts"
        case .acknowledgeAlert(let id): "/v1/alerts/\(id)/ack"
        case .recommendations: "/v1/recommendations"
        case .decideRecommendation(let id, let accept): "/v1/recommendations/\(id)/\(accept ? "accept" : "dismiss")"
        case .silences, .addSilence: "/v1/silences"
        case .removeSilence(let id): "/v1/silences/\(id)"
        case .metrics: "/metrics"
        }
    }

    /// The request target: the path, then the query items given a value, in the order given.
    public func target(_ items: KeyValuePairs<QueryParameter, String?> = [:]) -> String {
        let query = items.compactMap { item in
            item.value.map { item.key.rawValue + "=" + Self.percentEncoded($0) }
        }
        return query.isEmpty ? path : path + "?" + query.joined(separator: "&")
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters (the inverse of
    /// `percentDecoded`).
    public static func percentEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                encoded += String(
                    decoding: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return encoded
    }
}
