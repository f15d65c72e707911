import FloorCore
import FloorProtocol

/// libFuzzer entry: the native decoder must return or throw on any bytes, never crash or hang, and
/// whatever it accepts must survive an encode/decode round trip unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let decoder = NativeDecoder()
    if let event = try? decoder.decode(bytes) {
        let again = try? decoder.decode(NativeEncoder.encode(event))
        precondition(again == event, "round trip changed \(event)")
    }
    return 0
}
