import FloorCore
import FloorProtocol

/// libFuzzer entry: queue_log lines of any shape are decoded or rejected, never crash, and the
/// engine accepts whatever comes out.
/// One engine for the whole run (a fresh one per input costs more than the decoding): every
/// input's events go into it, and a snapshot is taken every 256 inputs. libFuzzer runs inputs
/// one at a time on one thread.
enum FuzzEngine {
    nonisolated(unsafe) static let engine = FloorEngine(settings: EngineSettings(clock: .event))
    nonisolated(unsafe) static var inputs = 0

    static func apply(_ events: [Event]) {
        engine.apply(events, wallNow: EventTime(milliseconds: 0))
        inputs += 1
        if inputs % 256 == 0 { _ = engine.makeSnapshot(wallNow: EventTime(milliseconds: 0)) }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    var events: [Event] = []
    let decoder = AsteriskQueueLogDecoder()
    _ = Result { () throws(DecodeError) in try decoder.decode(bytes, into: &events) }
    FuzzEngine.apply(events)
    return 0
}
