import FloorCore
import FloorProtocol
import Foundation
import Glibc
import Logging
import NIOCore
import NIOPosix
import SystemdSupport

/// Binds the ingest listeners and the query server, or adopts the sockets systemd passed.
/// Socket-activated fds are told apart by type, not name (chained `systemd-socket-activate`
/// instances give every fd the last `--fdname`): datagram = UDP ingest, stream on an IP address =
/// TCP ingest, stream on a Unix path = the query socket. A name ending in `-FORMAT` selects the
/// decoder (`ingest-udp-native`).
struct ListenerBinder {
    let configuration: DaemonConfiguration
    let host: EngineHost
    let logger: Logger

    /// Binds one configured listener (also used by reload for listeners added to the file).
    func bind(_ spec: ListenerSpec) async throws -> any NIOCore.Channel {
        let source = try await host.loop.submit {
            host.source(named: spec.description, format: spec.format, instance: spec.instance)
        }.get()
        // Numeric addresses only: getaddrinfo would open an AF_NETLINK socket the hardened unit refuses.
        let address = try SocketAddress(ipAddress: spec.host, port: spec.port)
        return spec.transport == .udp
            ? try await udpBootstrap(source: source, format: spec.format, zone: spec.timeZone).bind(to: address).get()
            : try await tcpBootstrap(source: source, format: spec.format, zone: spec.timeZone).bind(to: address).get()
    }

    /// Binds the configured listeners, or adopts socket-activated ones (then `configured` is empty:
    /// systemd owns those sockets and reload leaves them alone).
    func bindIngest(
        activated: [ActivatedSocket], configured: inout [ListenerSpec: any NIOCore.Channel]
    ) async throws -> [any NIOCore.Channel] {
        var channels: [any NIOCore.Channel] = []
        let passed = activated.filter { $0.kind == .datagram || $0.kind == .stream }
        if !passed.isEmpty {
            for socket in passed {
                let format = Self.format(fromName: socket.name)
                let transport: ListenerSpec.Transport = socket.kind == .datagram ? .udp : .tcp
                let name = "\(transport.rawValue)-fd:\(socket.name)=\(format)"
                let source = try await host.loop.submit { host.source(named: name, format: format) }.get()
                let channel =
                    transport == .udp
                    ? try await udpBootstrap(source: source, format: format, zone: nil, activated: true)
                        .withBoundSocket(socket.descriptor).get()
                    : try await tcpBootstrap(source: source, format: format, zone: nil)
                        .withBoundSocket(socket.descriptor).get()
                channels.append(channel)
            }
            return channels
        }
        for spec in configuration.listeners {
            let channel = try await bind(spec)
            configured[spec] = channel
        }
        return channels
    }

    func bindQuery(
        activated: [ActivatedSocket], group: any EventLoopGroup, responder: QueryResponder,
        publisher: SnapshotPublisher, health: @escaping @Sendable () -> QueryResponder.Health,
        connections: ConnectionCounter
    ) async throws -> [any NIOCore.Channel] {
        let writeAccess = WriteAccess(groupName: configuration.queryWriteGroup, token: configuration.queryWriteToken)
        if let name = configuration.queryWriteGroup, writeAccess.groupID == nil {
            logger.notice(
                "query write group does not exist: only root may acknowledge, silence and decide on the query socket",
                metadata: ["group": "\(name)"])
        }
        let bootstrap = QueryServer.bootstrap(
            group: group, responder: responder, publisher: publisher, alerts: self.host.stages.alertBoard,
            control: EngineWrites(host: self.host), health: health, connections: connections,
            bearerToken: nil, writeAccess: writeAccess,
            idleTimeout: .nanoseconds(Int64(configuration.queryIdleTimeout / .nanoseconds(1))), logger: logger)
        var channels: [any NIOCore.Channel] = []
        if let socket = activated.first(where: { $0.kind == .unixStream }) {
            channels.append(try await bootstrap.withBoundSocket(socket.descriptor).get())
        } else {
            try removeStaleSocket(configuration.querySocketPath)
            channels.append(try await bootstrap.bind(unixDomainSocketPath: configuration.querySocketPath).get())
            chmod(configuration.querySocketPath, 0o660)
            if let groupName = configuration.querySocketGroup {
                guard let group = getgrnam(groupName) else {
                    throw ConfigurationError("query socket group \(groupName) does not exist")
                }
                guard chown(configuration.querySocketPath, uid_t.max, group.pointee.gr_gid) == 0 else {
                    throw ConfigurationError(
                        "cannot give \(configuration.querySocketPath) to group \(groupName): \(String(cString: strerror(errno)))"
                    )
                }
            }
        }
        if let host = configuration.queryTCPHost {
            let address = try SocketAddress(ipAddress: host, port: configuration.queryTCPPort)
            // Slots of its own, and a cap per client address: a flood on the TCP port never locks
            // the query socket (acknowledgements, the Prometheus scrape, health) out.
            let tcpConnections = ConnectionCounter(
                maximum: configuration.maximumQueryConnections, perPeer: configuration.maximumQueryConnectionsPerPeer)
            let tcp = QueryServer.bootstrap(
                group: group, responder: responder, publisher: publisher, alerts: self.host.stages.alertBoard,
                control: EngineWrites(host: self.host), health: health, connections: tcpConnections,
                bearerToken: configuration.queryToken, writeAccess: writeAccess,
                idleTimeout: .nanoseconds(Int64(configuration.queryIdleTimeout / .nanoseconds(1))), logger: logger)
            channels.append(try await tcp.bind(to: address).get())
        }
        return channels
    }

    /// `activated`: the socket came from systemd, whose `ReceiveBuffer=` already sized it; setting
    /// SO_RCVBUF here would replace that (32 MiB in the shipped unit) with at most 2×rmem_max.
    private func udpBootstrap(
        source: SourceID, format: SourceFormat, zone: String?, activated: Bool = false
    ) -> DatagramBootstrap {
        let localTime = TimeZone.sourceZone(zone, site: configuration.timeZone).localTimeConversion
        let host = self.host
        let peers = configuration.allowedPeers
        let maximum = configuration.maximumLineBytes
        let read = UDPReadShape(maximumDatagram: maximum)
        var bootstrap = DatagramBootstrap(group: host.loop)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
        if !activated {
            bootstrap = bootstrap.channelOption(
                .socketOption(.so_rcvbuf), value: SocketOptionValue(configuration.udpReceiveBufferBytes))
        }
        return
            bootstrap
            // recvmmsg: several datagrams per system call, decoded and applied as one batch; each
            // gets a slice one byte longer than the longest allowed, so a longer one is seen.
            .channelOption(.datagramVectorReadMessageCount, value: read.datagramsPerRead)
            .channelOption(
                .recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: read.datagramsPerRead * read.slice)
            )
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        UDPIngestHandler(
                            host: host, source: source,
                            decoder: format.makeLineDecoder(maximumBytes: maximum, localTime: localTime)!, peers: peers,
                            maximumDatagram: read.slice - 1)
                    )
                }
            }
    }

    private func tcpBootstrap(source: SourceID, format: SourceFormat, zone: String?) -> ServerBootstrap {
        let localTime = TimeZone.sourceZone(zone, site: configuration.timeZone).localTimeConversion
        let host = self.host
        let peers = configuration.allowedPeers
        let maximum = configuration.maximumLineBytes
        let idle = configuration.tcpIdleTimeout
        let connections = ConnectionCounter(
            maximum: configuration.maximumIngestConnections, perPeer: configuration.maximumIngestConnectionsPerPeer)
        return ServerBootstrap(group: host.loop)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let seconds = idle.components.seconds
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: .seconds(seconds)))
                    try channel.pipeline.syncOperations.addHandler(
                        TCPIngestHandler(
                            host: host, source: source,
                            lines: format.makeLineBatchDecoder(
                                source: source, maximumLineBytes: maximum, localTime: localTime)!,
                            connections: connections, peers: peers))
                }
            }
    }

    /// The format a socket unit's FileDescriptorName= ends with (`ingest-connect-agent`); native
    /// when it names none. Only formats that can be listened for.
    static func format(fromName name: String) -> SourceFormat {
        // Longest name first: "asterisk-queue-log" before a shorter format it might end with.
        let formats = SourceFormat.allCases.filter(\.canListen).sorted { $0.rawValue.count > $1.rawValue.count }
        return formats.first { name.hasSuffix("-" + $0.rawValue) } ?? .native
    }

    /// A socket file left by a killed daemon is removed, but only after checking nobody answers.
    private func removeStaleSocket(_ path: String) throws {
        var status = stat()
        guard stat(path, &status) == 0 else { return }
        guard (status.st_mode & S_IFMT) == S_IFSOCK else {
            throw ConfigurationError("\(path) exists and is not a socket; refusing to replace it")
        }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw ConfigurationError("query socket path \(path) is too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let answered = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
        if answered { throw ConfigurationError("another process is serving \(path); not replacing it") }
        logger.info("removing stale query socket", metadata: ["path": "\(path)"])
        unlink(path)
    }
}
