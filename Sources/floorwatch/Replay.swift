import ArgumentParser
import FloorCore
import FloorProtocol
import Foundation

/// `floorwatch replay`: a recorded stream sent again, paced by its own timestamps, shifted so
/// its first event is now (a replay looks live), or as recorded with `--keep-timestamps`.
struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay a recorded event stream (native NDJSON, Asterisk queue_log, Connect agent events).")

    @Argument(help: "The recording, one event per line.")
    var file: String

    @Option(help: "native, asterisk-queue-log or connect-agent.")
    var format = "native"

    @Option(help: "Recorded seconds per real second (0: as fast as possible).")
    var speed: Double = 1

    @Option(help: "udp://HOST:PORT, tcp://HOST:PORT, or - for standard output.")
    var to = "-"

    @Flag(help: "Send the recorded timestamps unchanged.")
    var keepTimestamps = false

    func run() throws {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        guard let decode = SourceFormat(rawValue: format)?.makeLineDecoder(maximumBytes: 1 << 20) else {
            throw ValidationError("--format must be one of \(SourceFormat.lineFormatNames.joined(separator: ", "))")
        }
        var events: [Event] = []
        var rejected = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let bytes = Array(line.utf8)
            let before = events.count
            do throws(DecodeError) {
                events += try Self.decodeAll(bytes, decode)
            } catch {
                if !error.reason.isIgnored { rejected += 1 }
                events.removeSubrange(before...)
            }
        }
        guard let first = events.map(\.time).min(), let last = events.map(\.time).max() else {
            throw ValidationError("no events in \(file)")
        }
        events.sort { $0.time < $1.time }
        let shift = keepTimestamps ? 0 : WallClockNow.milliseconds() - first.milliseconds
        var encoder = try EventLineEncoder(format: format)
        let sender = try LineSender(to)
        var index = 0
        try Pacer(speed: speed).run(from: first, to: last + 1) { until in
            var lines: [String] = []
            while index < events.count, events[index].time < until {
                var event = events[index]
                event.time = event.time + shift
                lines += encoder.encode(event)
                index += 1
            }
            try sender.send(lines)
        }
        if rejected > 0 { printError("skipped \(rejected) lines that do not decode as \(format)") }
    }
}

extension Replay {
    /// Runs a decoder that appends events over a line's bytes (typed throws do not pass through
    /// `withUnsafeBytes`, so the error is carried out by hand).
    static func decodeAll(
        _ bytes: [UInt8], _ decode: (UnsafeRawBufferPointer, inout [Event]) throws(DecodeError) -> Void
    ) throws(DecodeError) -> [Event] {
        var decoded: [Event] = []
        var failure: DecodeError?
        bytes.withUnsafeBytes { raw in
            do throws(DecodeError) {
                try decode(raw, &decoded)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return decoded
    }
}

enum WallClockNow {
    static func milliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
