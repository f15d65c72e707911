import FloorCore

/// An upstream that serves events over TCP (`tcp://[USER@]HOST:PORT[=FORMAT]`): an event relay,
/// a Kinesis consumer's output, or Asterisk's manager interface (`=asterisk-ami`, which logs in as
/// USER with the secret from `login.secret`).
public struct SubscriptionSpec: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var format: SourceFormat
    /// For `asterisk-ami`: who logs in, and where the secret is kept.
    public var login: AMILogin?
    /// The platform instance it describes, when several of one platform run.
    public var instance: String?
    /// The zone its local wall-clock times are in (Asterisk's ISO queue_log); nil: the site's.
    public var timeZone: String?

    public static func parse(_ text: String) throws(ConfigurationError) -> SubscriptionSpec {
        guard text.hasPrefix("tcp://") else {
            throw ConfigurationError("\(text): subscriptions are tcp://[USER@]HOST:PORT[=FORMAT]")
        }
        var rest = Substring(text.dropFirst("tcp://".count))
        var username: String?
        if let at = rest.firstIndex(of: "@") {
            username = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
        }
        var format: SourceFormat?
        let ami = SourceFormat.asteriskAMI.rawValue
        if rest.hasSuffix("=" + ami) {
            format = .asteriskAMI
            rest = rest.dropLast(ami.count + 1)
        }
        let listener = try ListenerSpec.parse(String(rest), transport: .tcp)
        var spec = SubscriptionSpec(host: listener.host, port: listener.port, format: format ?? listener.format)
        if spec.format == .asteriskAMI {
            spec.login = AMILogin(username: username ?? "floorwatch", secret: .credential(AMILogin.defaultCredential))
        } else if username != nil {
            throw ConfigurationError("\(text): a user name is only for asterisk-ami subscriptions")
        }
        return spec
    }

    public var description: String { "subscribe://\(host.contains(":") ? "[\(host)]" : host):\(port)=\(format)" }
}
