import Testing

@testable import FloorCore

/// A length-prefixed run written in place reads back exactly as one written from its own buffer,
/// whatever the width of its count (one to three bytes here, around each boundary).
@Suite("Binary writer: raw bytes in place")
struct BinaryWriterInPlaceTests {
    @Test(arguments: [0, 1, 127, 128, 129, 16_383, 16_384, 16_385, 70_000])
    func inPlaceEqualsACopy(count: Int) throws {
        let payload = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var copied = BinaryWriter()
        copied.unsigned(42)
        copied.raw(payload)
        copied.string("after")
        var inPlace = BinaryWriter()
        inPlace.unsigned(42)
        inPlace.rawInPlace { writer in
            for byte in payload { writer.byte(byte) }
        }
        inPlace.string("after")
        #expect(inPlace.bytes == copied.bytes)
        var reader = BinaryReader(inPlace.bytes)
        #expect(try reader.unsigned() == 42)
        #expect(try reader.raw(UInt8.self) == payload)
        #expect(try reader.string() == "after")
    }
}
