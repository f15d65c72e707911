import FloorCore
import FloorProtocol
import FuzzSupport

/// libFuzzer entry: Amazon Connect agent event stream records of any shape are decoded or
/// rejected, never crash, and the engine accepts whatever comes out.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    var events: [Event] = []
    _ = Result { () throws(DecodeError) in try ConnectAgentEventDecoder().decode(bytes, into: &events) }
    FuzzEngine.apply(events)
    return 0
}
