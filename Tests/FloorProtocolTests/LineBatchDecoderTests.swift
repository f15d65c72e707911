import FloorCore
import FloorProtocol
import FloorTestSupport
import Foundation
import Testing

@Suite("Line batches: framing, errors counted by reason")
struct LineBatchDecoderTests {
    let valid =
        #"{"v":1,"type":"contact.queued","contact":"c1","queue":"billing","channel":"voice","time_ms":1795597200000}"#

    func makeDecoder(limit: Int = 16 * 1024, source: SourceID = SourceID(7)) -> LineBatchDecoder {
        let native = NativeDecoder(maximumLength: limit)
        return LineBatchDecoder(source: source, maximumLineLength: limit) { (bytes) throws(DecodeError) -> Event in
            try native.decode(bytes)
        }
    }

    @Test func linesSplitAcrossReadsAreJoined() {
        var decoder = makeDecoder()
        var batch: [Event] = []
        let text = Array((valid + "\r\n\n" + valid.replacingOccurrences(of: "c1", with: "c2") + "\n").utf8)
        // Feed in awkward pieces, as TCP delivers them.
        for chunk in stride(from: 0, to: text.count, by: 37) {
            text[chunk..<min(text.count, chunk + 37)].withUnsafeBytes { decoder.consume($0, into: &batch) }
        }
        #expect(batch.count == 2)
        #expect(batch.allSatisfy { $0.source == SourceID(7) })
        #expect(decoder.takeErrors().isEmpty)
    }

    /// A read applied in slices: every event once, in order, slices of the size asked for, the
    /// rest left for the usual hand-over.
    @Test func readsAreAppliedInSlicesInOrder() throws {
        var decoder = makeDecoder()
        var batch: [Event] = []
        var applied: [[String]] = []
        let lines = (0..<10).map { valid.replacingOccurrences(of: "\"c1\"", with: "\"c\($0)\"") }
        Array((lines.joined(separator: "\n") + "\n").utf8).withUnsafeBytes { bytes in
            decoder.consume(bytes, into: &batch, applyEvery: 4) { slice in
                applied.append(slice.map { if case .contact(let id, _) = $0.body { id } else { "?" } })
                slice.removeAll()
            }
        }
        #expect(applied == [["c0", "c1", "c2", "c3"], ["c4", "c5", "c6", "c7"]])
        #expect(batch.map { if case .contact(let id, _) = $0.body { id } else { "?" } } == ["c8", "c9"])
    }

    @Test func badLinesAreCountedByReasonAndDoNotStopTheOthers() {
        var decoder = makeDecoder()
        var batch: [Event] = []
        let lines = [
            valid, "{broken", #"{"v":1,"type":"nope","time_ms":1795597200000}"#,
            valid.replacingOccurrences(of: "c1", with: "c9"), "{}",
        ]
        Array((lines.joined(separator: "\n") + "\n").utf8).withUnsafeBytes { decoder.consume($0, into: &batch) }
        #expect(batch.count == 2)
        #expect(decoder.takeErrors() == [.malformedJSON: 1, .unknownEventType: 1, .missingField: 1])
        #expect(decoder.takeErrors().isEmpty)
    }

    @Test func overlongLineIsDiscardedWithoutGrowingTheBuffer() {
        var decoder = makeDecoder(limit: 256)
        var batch: [Event] = []
        let huge = Array(repeating: UInt8(ascii: "x"), count: 10_000)
        for _ in 0..<10 { huge.withUnsafeBytes { decoder.consume($0, into: &batch) } }
        Array(("\n" + valid + "\n").utf8).withUnsafeBytes { decoder.consume($0, into: &batch) }
        #expect(batch.count == 1)
        #expect(decoder.takeErrors() == [.tooLong: 1])
    }

    @Test func lastLineWithoutNewlineIsDecodedAtTheEnd() {
        var decoder = makeDecoder()
        var batch: [Event] = []
        Array(valid.utf8).withUnsafeBytes { decoder.consume($0, into: &batch) }
        #expect(batch.isEmpty)
        decoder.finish(into: &batch)
        #expect(batch.count == 1)
    }

    @Test func errorsReachTheSourceFiguresOfTheSnapshot() {
        let engine = FloorEngine.eventClock()
        let registered = engine.registerSource(name: "tcp 127.0.0.1:7000", format: .native)
        var decoder = makeDecoder(source: registered)
        var batch: [Event] = []
        Array((valid + "\n{oops\n{oops\n").utf8).withUnsafeBytes { decoder.consume($0, into: &batch) }
        engine.apply(batch, wallNow: Script.origin)
        for (reason, count) in decoder.takeErrors() {
            engine.recordDecodeError(source: registered, reason: reason.rawValue, count: count)
        }
        let source = engine.makeSnapshot(wallNow: Script.origin).sources.first { $0.id == registered }
        #expect(source?.name == "tcp 127.0.0.1:7000")
        #expect(source?.events == 1)
        #expect(source?.decodeErrors == ["malformed_json": 2])
    }
}
