import Foundation

/// Where the Alertmanager sink posts (`alerts.alertmanager_url`), parsed from its URL; kept apart
/// from the sink so the configuration reader needs no networking.
///
/// Value type; thread-safe.
public struct AlertmanagerEndpoint: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var pathPrefix: String
    /// `user:password` from the URL, sent as HTTP basic authentication (a proxy in front of
    /// Alertmanager); never logged or printed.
    var credentials: String?

    /// `http://[USER:PASSWORD@]HOST:PORT[/prefix]` (numeric host or a name; HTTP only:
    /// Alertmanager runs on loopback or behind the site's own proxy).
    public init?(url: String) {
        guard url.hasPrefix("http://") else { return nil }
        var rest = url.dropFirst("http://".count)
        let authority = rest.prefix { $0 != "/" }
        if let at = authority.lastIndex(of: "@") {
            credentials = String(authority[..<at])
            rest = rest[rest.index(after: at)...]
        }
        let hostPort = rest.prefix { $0 != "/" }
        var prefix = String(rest.dropFirst(hostPort.count))
        while prefix.hasSuffix("/") { prefix.removeLast() }
        guard let colon = hostPort.lastIndex(of: ":"), let port = Int(hostPort[hostPort.index(after: colon)...]),
            (1...65535).contains(port), colon != hostPort.startIndex
        else { return nil }
        host = String(hostPort[..<colon]).trimmingCharacters(in: ["[", "]"])
        guard !host.isEmpty else { return nil }
        self.port = port
        pathPrefix = prefix
    }

    /// Where alerts go, without the credentials: safe to log.
    public var description: String {
        "http://\(host.contains(":") ? "[\(host)]" : host):\(port)\(pathPrefix)"
            + (credentials == nil ? "" : " (with basic authentication)")
    }

    /// The Authorization header value, when the URL carried credentials.
    var authorization: String? { credentials.map { "Basic " + Data($0.utf8).base64EncodedString() } }
}
