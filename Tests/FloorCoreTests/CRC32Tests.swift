import FloorCore
import Testing

/// The checksum against the textbook bit-by-bit definition (reflected, polynomial 0xEDB88320,
/// initial and final value all ones) and the standard check value, at every length and offset
/// the eight-byte steps and their tail can meet.
@Suite struct CRC32Tests {
    static func reference(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }

    @Test func theCheckValueOfTheStandard() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test func everyLengthAndOffsetMatchesTheBitwiseDefinition() {
        var generator = SplitMix64(seed: 32)
        let bytes = (0..<300).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        for start in 0..<9 {
            for end in stride(from: start, through: bytes.count, by: 7) {
                let slice = bytes[start..<end]
                #expect(CRC32.checksum(slice) == Self.reference(Array(slice)), "\(start)..<\(end)")
            }
        }
    }
}
