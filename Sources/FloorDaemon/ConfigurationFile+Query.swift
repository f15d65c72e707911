import FloorCore
import Foundation
import TOMLKit

extension ConfigurationFile {
    /// `[query]`: the query socket, its TCP port, token and limits.
    static func readQuery(
        _ table: TOMLTable, into configuration: inout DaemonConfiguration, _ reader: ConfigurationReader
    ) throws(ConfigurationError) {
        if let query = try reader.table(table, "query") {
            try reader.allow(
                query,
                keys: [
                    "socket", "socket_group", "tcp", "tcp_allow_remote", "bearer_token_file", "max_connections",
                    "idle_timeout_seconds", "write_group", "write_token_file", "max_connections_per_peer",
                ],
                in: "query")
            if let value = query["tcp_allow_remote"] {
                guard let flag = value.bool else {
                    throw ConfigurationError("query.tcp_allow_remote must be true or false")
                }
                configuration.queryTCPAllowRemote = flag
            }
            configuration.queryTokenFile = try reader.string(query, "bearer_token_file", in: "query")
            configuration.queryWriteTokenFile = try reader.string(query, "write_token_file", in: "query")
            if let group = try reader.string(query, "write_group", in: "query") {
                guard !group.isEmpty else { throw ConfigurationError("query.write_group must name a group") }
                configuration.queryWriteGroup = group
            }
            if let value = try reader.string(query, "socket", in: "query") { configuration.querySocketPath = value }
            configuration.querySocketGroup = try reader.string(query, "socket_group", in: "query")
            if let value = try reader.string(query, "tcp", in: "query") {
                let spec = try ListenerSpec.parse(value, transport: .tcp)
                configuration.queryTCPHost = spec.host
                configuration.queryTCPPort = spec.port
            }
            if let value = try reader.int(query, "max_connections", in: "query", range: 1...10_000) {
                configuration.maximumQueryConnections = value
            }
            if let value = try reader.int(query, "max_connections_per_peer", in: "query", range: 1...10_000) {
                configuration.maximumQueryConnectionsPerPeer = value
            }
            if let value = try reader.int(query, "idle_timeout_seconds", in: "query", range: 1...3600) {
                configuration.queryIdleTimeout = .seconds(value)
            }
        }
    }
}
