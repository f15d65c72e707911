import FloorCore
import FloorQueryAPI
import Foundation
import Glibc
import Logging
import ServiceLifecycle
import Testing

@testable import FloorDaemon

/// The daemon's services run in process as floorwatchd runs them, with a recording service
/// manager in place of systemd: what it is told, and in which order the services stop.
@Suite("daemon services", .serialized)
struct DaemonServicesTests {
    static func configuration(directory: String, udpPort: Int) -> DaemonConfiguration {
        var configuration = DaemonConfiguration()
        configuration.listeners = [ListenerSpec(transport: .udp, host: "127.0.0.1", port: udpPort)]
        configuration.querySocketPath = directory + "/query.sock"
        configuration.stateDirectory = directory + "/state"
        configuration.alertJournal = .off
        configuration.engine = EngineSettings(clock: .event)
        configuration.checkpointInterval = .seconds(60)
        return configuration
    }

    static func sendUDP(_ payload: String, port: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let bytes = Array(payload.utf8)
        withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                _ = sendto(descriptor, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
    }

    /// Polls without blocking a thread: the services under test run on the same task pool.
    static func waitFor(_ seconds: Double, _ condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }

    @Test func readyOnlyOnceListeningAndAtStopEverythingAcceptedIsInTheLastCheckpoint() async throws {
        let directory = try DaemonProcess.scratch("services")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let port = DaemonProcess.freePort(type: Int32(SOCK_DGRAM.rawValue))
        let notifier = RecordingNotifier()
        let logger = Logger(label: "test")
        let services = try await DaemonAssembly.services(
            configuration: Self.configuration(directory: directory, udpPort: port), logger: logger,
            notifier: notifier, reloadConfiguration: nil)
        #expect(notifier.states.isEmpty, "nothing is ready before the services run")
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: services, logger: logger))
        let executor = DedicatedThreadExecutor(name: "services under test")
        defer { executor.stop() }
        let running = Task(executorPreference: executor) { try await group.run() }
        #expect(await Self.waitFor(10) { notifier.states.first?.hasPrefix("READY=1") == true }, "\(notifier.states)")
        #expect(notifier.states.first == "READY=1\nSTATUS=listening on 2 sockets")
        let time = RFC3339.format(EventTime(milliseconds: 1_780_000_000_000))
        Self.sendUDP(
            #"{"v":1,"type":"contact.queued","time":"\#(time)","contact":"c1","queue":"billing","channel":"voice"}"#,
            port: port)
        // The datagram is read on the engine's loop; wait until it is applied.
        #expect(
            await Self.waitFor(10) {
                let sources = try? HTTPOverUnixSocket.get(directory + "/query.sock", "/v1/sources")
                return sources.flatMap { try? SourceDocument.array(json: $0.body) }?.first?.events == 1
            })
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(notifier.states.last == "STOPPING=1")
        #expect(notifier.states.filter { $0 == "STOPPING=1" }.count == 1)
        // The engine stopped last: its checkpoint holds the contact that came in.
        let store = CheckpointStore(directory: directory + "/state", logger: logger)
        let saved = try #require(store.load(maximumAge: .hours(24 * 365 * 50), now: WallClock.now()))
        #expect(saved.engine.openContacts == 1)
        // The query service closed its socket.
        #expect(connect(unixSocket: directory + "/query.sock") != 0)
    }

    @Test func aListenerThatCannotOpenStopsTheOthersAndNothingSaysReady() async throws {
        let directory = try DaemonProcess.scratch("services-fail")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The port is taken: binding the ingest listener fails.
        let taken = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(taken) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                _ = bind(taken, $0, length)
                _ = getsockname(taken, $0, &length)
            }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let notifier = RecordingNotifier()
        let logger = Logger(label: "test")
        let services = try await DaemonAssembly.services(
            configuration: Self.configuration(directory: directory, udpPort: port), logger: logger,
            notifier: notifier, reloadConfiguration: nil)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: services, logger: logger))
        let executor = DedicatedThreadExecutor(name: "services under test")
        defer { executor.stop() }
        await #expect(throws: (any Error).self) {
            try await Task(executorPreference: executor) { try await group.run() }.value
        }
        #expect(!notifier.states.contains { $0.hasPrefix("READY=1") })
        #expect(notifier.states == ["STOPPING=1"])
    }

    private func connect(unixSocket path: String) -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[index] = byte }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
    }
}
