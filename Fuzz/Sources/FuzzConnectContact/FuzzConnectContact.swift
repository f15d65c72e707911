import FloorCore
import FloorProtocol

/// libFuzzer entry: Amazon Connect contact event (EventBridge) records of any shape are decoded or
/// rejected, never crash, and the engine accepts whatever comes out.
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
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    var events: [Event] = []
    _ = Result { () throws(DecodeError) in try ConnectContactEventDecoder().decode(bytes, into: &events) }
    FuzzEngine.apply(events)
    return 0
}
