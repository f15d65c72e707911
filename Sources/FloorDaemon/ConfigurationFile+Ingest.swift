import FloorCore
import Foundation
import TOMLKit

extension ConfigurationFile {
    /// `[ingest]`: buffers, line limits, connections, sender networks.
    static func readIngest(
        _ table: TOMLTable, into configuration: inout DaemonConfiguration, _ reader: ConfigurationReader
    ) throws(ConfigurationError) {
        if let ingest = try reader.table(table, "ingest") {
            try reader.allow(
                ingest,
                keys: [
                    "udp_receive_buffer_bytes", "max_line_bytes", "tcp_idle_timeout_seconds", "max_connections",
                    "max_connections_per_peer",
                    "allow_networks",
                ], in: "ingest")
            if let list = ingest["allow_networks"] {
                guard let array = list.array, array.allSatisfy({ $0.string != nil }) else {
                    throw ConfigurationError("ingest.allow_networks must be a list of networks (\"10.0.0.0/8\")")
                }
                configuration.allowedPeers = try PeerNetworks(array.map { $0.string! })
            }
            if let value = try reader.int(ingest, "udp_receive_buffer_bytes", in: "ingest", range: 65_536...(1 << 30)) {
                configuration.udpReceiveBufferBytes = value
            }
            if let value = try reader.int(ingest, "max_line_bytes", in: "ingest", range: 256...(1 << 24)) {
                configuration.maximumLineBytes = value
            }
            if let value = try reader.int(ingest, "tcp_idle_timeout_seconds", in: "ingest", range: 1...86_400) {
                configuration.tcpIdleTimeout = .seconds(value)
            }
            if let value = try reader.int(ingest, "max_connections", in: "ingest", range: 1...65_536) {
                configuration.maximumIngestConnections = value
            }
            if let value = try reader.int(ingest, "max_connections_per_peer", in: "ingest", range: 1...65_536) {
                configuration.maximumIngestConnectionsPerPeer = value
            }
        }
    }
}
