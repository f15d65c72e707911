import ArgumentParser
import FloorCore
import FloorProtocol
import FloorQueryAPI
import Foundation
import Glibc

/// `floorwatch load`: sends native events at a rate and reports sent against received, read back
/// from the daemon's per-source counters.
struct Load: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Send a load of native events to floorwatchd and compare sent with received.")

    @Option(help: "Where to send: udp://HOST:PORT or tcp://HOST:PORT (numeric host).")
    var to: String

    @Option(help: "Events per second (0 = as fast as possible).")
    var rate: Int = 100_000

    @Option(help: "How many events to send.")
    var count: Int = 1_000_000

    @Option(help: "The query socket, to read back what the daemon received.")
    var socket = "/tmp/floorwatchd.query.sock"

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        guard to.hasPrefix("udp://") || to.hasPrefix("tcp://") else {
            throw ValidationError("--to must be udp:// or tcp://")
        }
        let isUDP = to.hasPrefix("udp://")
        let address = String(to.dropFirst(6))
        guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]) else {
            throw ValidationError("--to needs HOST:PORT")
        }
        let host = String(address[..<colon])
        let client = QueryClient(socketPath: socket, url: nil, token: nil)
        let before = try receivedCount(client, port: Int(port), transport: isUDP ? "udp" : "tcp")

        let descriptor = Glibc.socket(AF_INET, Int32(isUDP ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &target.sin_addr) == 1 else {
            throw ValidationError("host must be numeric IPv4")
        }
        if isUDP {
            var buffer: Int32 = 4 << 20
            setsockopt(descriptor, SOL_SOCKET, SO_SNDBUF, &buffer, socklen_t(MemoryLayout<Int32>.size))
        }
        let connected = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            throw ValidationError("cannot connect to \(to): \(String(cString: strerror(errno)))")
        }

        let start = ContinuousClock.now
        let base = Int64(Date().timeIntervalSince1970 * 1000)
        var sent = 0
        var pending: [UInt8] = []
        while sent < count {
            // Pace in 1 ms steps: send what the rate allows by now.
            let elapsed = ContinuousClock.now - start
            let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let due = rate > 0 ? min(count, Int(elapsedSeconds * Double(rate)) + 1) : count
            if due <= sent {
                usleep(200)
                continue
            }
            while sent < due {
                let line = Array(Self.event(sent, base: base).utf8)
                if isUDP {
                    _ = line.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
                } else {
                    pending += line
                    pending.append(0x0A)
                    if pending.count > 64 * 1024 { try flush(&pending, descriptor) }
                }
                sent += 1
            }
        }
        if !isUDP { try flush(&pending, descriptor) }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18

        // Read back until the daemon's count stops moving.
        var received = 0
        var stable = 0
        while stable < 5 {
            usleep(200_000)
            let now = try receivedCount(client, port: Int(port), transport: isUDP ? "udp" : "tcp") - before
            stable = now == received ? stable + 1 : 0
            received = now
        }
        let lost = sent - received
        if json {
            print(
                #"{"sent":\#(sent),"received":\#(received),"lost":\#(lost),"seconds":\#(seconds),"sent_per_second":\#(Int(Double(sent) / seconds))}"#
            )
        } else {
            print(
                "sent \(sent) events in \(String(format: "%.2f", seconds)) s (\(Int(Double(sent) / seconds))/s) to \(to)"
            )
            print(
                "received \(received), lost \(lost) (\(String(format: "%.3f", Double(lost) * 100 / Double(max(sent, 1))))%)"
            )
        }
    }

    /// Contacts entering and leaving queues, each with its own id.
    static func event(_ index: Int, base: Int64) -> String {
        let contact = index / 2
        let time = base + Int64(index)
        if index % 2 == 0 {
            return
                #"{"v":1,"type":"contact.queued","time_ms":\#(time),"contact":"load-\#(contact)","queue":"load","channel":"voice"}"#
        }
        return #"{"v":1,"type":"contact.ended","time_ms":\#(time),"contact":"load-\#(contact)","reason":"abandoned"}"#
    }

    private func flush(_ pending: inout [UInt8], _ descriptor: Int32) throws {
        var offset = 0
        while offset < pending.count {
            let written = pending[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
            guard written > 0 else { throw ValidationError("send failed: \(String(cString: strerror(errno)))") }
            offset += written
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Events applied plus inputs rejected by the daemon's source for that port.
    private func receivedCount(_ client: QueryClient, port: Int, transport: String) throws -> Int {
        let response = try client.get(QueryRoute.sources.path)
        guard response.status == 200, let sources = try? SourceDocument.array(json: response.body) else {
            throw ValidationError("cannot read /v1/sources from \(socket)")
        }
        let match = sources.first { $0.name.hasPrefix(transport) && $0.name.contains(":\(port)=") }
        guard let match else { throw ValidationError("the daemon has no \(transport) source on port \(port)") }
        return Int(match.events + match.decodeErrorTotal)
    }
}
