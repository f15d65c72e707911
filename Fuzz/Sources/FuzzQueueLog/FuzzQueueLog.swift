import FloorCore
import FloorProtocol

/// libFuzzer entry: queue_log lines of any shape are decoded or rejected, never crash, and the
/// engine accepts whatever comes out.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    var events: [Event] = []
    let decoder = AsteriskQueueLogDecoder()
    _ = Result { () throws(DecodeError) in try decoder.decode(bytes, into: &events) }
    let engine = FloorEngine(settings: EngineSettings(clock: .event))
    engine.apply(events, wallNow: EventTime(milliseconds: 0))
    _ = engine.makeSnapshot(wallNow: EventTime(milliseconds: 0))
    return 0
}
