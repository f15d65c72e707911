import FloorCore
import FloorProtocol

/// libFuzzer entry: an Asterisk Manager Interface byte stream of any shape (greeting, login
/// response, queue status listing, events), split into blocks by the framing and driven through
/// the session, never crashes; the engine accepts whatever comes out.
/// One engine for many inputs (a fresh one per input costs more than the decoding): every
/// input's events go into it, a snapshot is taken every 1,024 inputs and the engine starts over
/// every 65,536, so its state stays small. libFuzzer runs inputs one at a time on one thread.
enum FuzzEngine {
    nonisolated(unsafe) static var engine = FloorEngine(settings: EngineSettings(clock: .event))
    nonisolated(unsafe) static var inputs = 0

    static func apply(_ events: [Event]) {
        engine.apply(events, wallNow: EventTime(milliseconds: 0))
        inputs += 1
        if inputs % 1_024 == 0 { _ = engine.makeSnapshot(wallNow: EventTime(milliseconds: 0)) }
        if inputs % 65_536 == 0 { engine = FloorEngine(settings: EngineSettings(clock: .event)) }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var framing = AMIFraming(maximumBlockLength: 4096)
    var session = AMISession(username: "floorwatch", secret: "secret")
    var events: [Event] = []
    // The greeting first, as Asterisk sends it; then the input, cut in two to exercise buffering.
    let greeting = Array("Asterisk Call Manager/7.0.3\r\n".utf8)
    for chunk in [greeting, Array(bytes.prefix(size / 2)), Array(bytes.dropFirst(size / 2))] {
        for block in framing.append(chunk) {
            _ = Result { () throws(DecodeError) in try session.receive(block, at: EventTime(milliseconds: 0), into: &events) }
        }
    }
    session.expireLeaves(at: EventTime(milliseconds: 60_000), into: &events)
    FuzzEngine.apply(events)
    return 0
}
