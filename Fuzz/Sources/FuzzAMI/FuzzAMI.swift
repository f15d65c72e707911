import FloorCore
import FloorProtocol
import FuzzSupport

/// libFuzzer entry: an Asterisk Manager Interface byte stream of any shape (greeting, login
/// response, queue status listing, events), split into blocks by the framing and driven through
/// the session, never crashes; the engine accepts whatever comes out.
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
