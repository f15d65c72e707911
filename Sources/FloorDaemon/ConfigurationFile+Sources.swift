import FloorCore
import Foundation
import TOMLKit

extension ConfigurationFile {
    /// `[[subscription]]`: outgoing subscriptions (relays, Kinesis consumers, AMI).
    static func readSubscriptions(
        _ table: TOMLTable, into configuration: inout DaemonConfiguration, _ reader: ConfigurationReader
    ) throws(ConfigurationError) {
        if let subscriptions = table["subscription"] {
            guard let array = subscriptions.array else {
                throw ConfigurationError("subscription must be an array of tables ([[subscription]])")
            }
            configuration.subscriptions = []
            for (index, element) in array.enumerated() {
                let context = "subscription[\(index)]"
                guard let subscription = element.table else { throw ConfigurationError("\(context) must be a table") }
                try reader.allow(
                    subscription,
                    keys: ["url", "format", "instance", "time_zone", "username", "secret_file", "secret_credential"],
                    in: context)
                guard let url = try reader.string(subscription, "url", in: context) else {
                    throw ConfigurationError("\(context).url is required (tcp://HOST:PORT)")
                }
                let format = try reader.string(subscription, "format", in: context) ?? SourceFormat.native.rawValue
                var spec = try SubscriptionSpec.parse(url + "=" + format)
                spec.instance = try reader.string(subscription, "instance", in: context)
                spec.timeZone = try Self.timeZone(reader.string(subscription, "time_zone", in: context), in: context)
                let username = try reader.string(subscription, "username", in: context)
                let file = try reader.string(subscription, "secret_file", in: context)
                let credential = try reader.string(subscription, "secret_credential", in: context)
                if var login = spec.login {
                    guard file == nil || credential == nil else {
                        throw ConfigurationError("\(context): give secret_file or secret_credential, not both")
                    }
                    login.username = username ?? login.username
                    if let file { login.secret = .file(file) }
                    if let credential { login.secret = .credential(credential) }
                    spec.login = login
                } else if username != nil || file != nil || credential != nil {
                    throw ConfigurationError("\(context): username and secrets are for format = \"asterisk-ami\"")
                }
                configuration.subscriptions.append(spec)
            }
        }
    }

    /// `[[tail]]`: files followed like tail -F.
    static func readTails(
        _ table: TOMLTable, into configuration: inout DaemonConfiguration, _ reader: ConfigurationReader
    ) throws(ConfigurationError) {
        if let tails = table["tail"] {
            guard let array = tails.array else {
                throw ConfigurationError("tail must be an array of tables ([[tail]])")
            }
            configuration.tails = []
            for (index, element) in array.enumerated() {
                let context = "tail[\(index)]"
                guard let tail = element.table else { throw ConfigurationError("\(context) must be a table") }
                try reader.allow(tail, keys: ["path", "format", "instance", "time_zone"], in: context)
                guard let path = try reader.string(tail, "path", in: context) else {
                    throw ConfigurationError("\(context).path is required")
                }
                let format = try reader.string(tail, "format", in: context) ?? SourceFormat.asteriskQueueLog.rawValue
                var spec = try TailSpec.parse(path + "=" + format)
                spec.instance = try reader.string(tail, "instance", in: context)
                spec.timeZone = try Self.timeZone(reader.string(tail, "time_zone", in: context), in: context)
                configuration.tails.append(spec)
            }
        }
    }

    /// `[[listener]]`: ingest sockets the daemon binds.
    static func readListeners(
        _ table: TOMLTable, into configuration: inout DaemonConfiguration, _ reader: ConfigurationReader
    ) throws(ConfigurationError) {
        if let listeners = table["listener"] {
            guard let array = listeners.array else {
                throw ConfigurationError("listener must be an array of tables ([[listener]])")
            }
            configuration.listeners = []
            for (index, element) in array.enumerated() {
                let context = "listener[\(index)]"
                guard let listener = element.table else { throw ConfigurationError("\(context) must be a table") }
                try reader.allow(
                    listener, keys: ["transport", "address", "format", "instance", "time_zone"], in: context)
                guard let transportName = try reader.string(listener, "transport", in: context),
                    let transport = ListenerSpec.Transport(rawValue: transportName)
                else { throw ConfigurationError("\(context).transport must be \"udp\" or \"tcp\"") }
                guard let address = try reader.string(listener, "address", in: context) else {
                    throw ConfigurationError("\(context).address is required (HOST:PORT)")
                }
                let format = try reader.string(listener, "format", in: context) ?? SourceFormat.native.rawValue
                var spec = try ListenerSpec.parse(address + "=" + format, transport: transport)
                spec.instance = try reader.string(listener, "instance", in: context)
                spec.timeZone = try Self.timeZone(reader.string(listener, "time_zone", in: context), in: context)
                configuration.listeners.append(spec)
            }
        }
    }
}
