/// The checkpoint file around its payload: a magic number, the format version, when it was
/// taken (wall clock), the payload's length and its CRC-32. A file that is short, damaged, of
/// another version or not a checkpoint is refused with the reason, never half read.
///
/// Layout (little-endian): "FWCK" · u32 version · i64 taken-at ms · u64 length · u32 CRC · payload.
public enum CheckpointFrame {
    public static let magic: [UInt8] = Array("FWCK".utf8)
    static let headerLength = 4 + 4 + 8 + 8 + 4

    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case notACheckpoint
        case truncated(expected: Int, found: Int)
        case version(found: UInt32, supported: UInt32)
        case checksum

        public var description: String {
            switch self {
            case .notACheckpoint: "not a floorwatch checkpoint"
            case .truncated(let expected, let found): "truncated: \(found) of \(expected) bytes"
            case .version(let found, let supported):
                "format version \(found), this floorwatchd reads version \(supported)"
            case .checksum: "checksum mismatch (damaged)"
            }
        }
    }

    public static func seal(_ payload: [UInt8], version: UInt32, takenAt: EventTime) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: headerLength)
        bytes.reserveCapacity(headerLength + payload.count)
        bytes.append(contentsOf: payload)
        seal(inPlace: &bytes, version: version, takenAt: takenAt)
        return bytes
    }

    /// The header's room, to write a payload after (`seal(inPlace:)` fills it in): the frame is
    /// built in one buffer, without copying the payload into a second one.
    public static func reserveHeader(in writer: inout BinaryWriter) {
        writer.zeros(headerLength)
    }

    /// Fills in the header of `bytes`, whose first `headerLength` bytes were reserved for it.
    public static func seal(inPlace bytes: inout [UInt8], version: UInt32, takenAt: EventTime) {
        precondition(bytes.count >= headerLength, "no room reserved for the header")
        let length = UInt64(bytes.count - headerLength)
        let checksum = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[headerLength...])) }
        var offset = 0
        func put<Number: FixedWidthInteger>(_ value: Number) {
            withUnsafeBytes(of: value.littleEndian) { field in
                for byte in field {
                    bytes[offset] = byte
                    offset += 1
                }
            }
        }
        for byte in magic { put(byte) }
        put(version)
        put(takenAt.milliseconds)
        put(length)
        put(checksum)
    }

    public static func open(
        _ bytes: [UInt8], version supported: UInt32
    ) throws(Refusal) -> (
        takenAt: EventTime, payload: ArraySlice<UInt8>
    ) {
        let opened = try open(bytes, versions: [supported])
        return (opened.takenAt, opened.payload)
    }

    /// Opens a frame of any of `versions`, saying which it is.
    public static func open(
        _ bytes: [UInt8], versions supported: Set<UInt32>
    ) throws(Refusal) -> (
        takenAt: EventTime, payload: ArraySlice<UInt8>, version: UInt32
    ) {
        guard bytes.count >= 4, Array(bytes[0..<4]) == magic else { throw .notACheckpoint }
        guard bytes.count >= headerLength else { throw .truncated(expected: headerLength, found: bytes.count) }
        func read<Number: FixedWidthInteger>(_: Number.Type, at offset: Int) -> Number {
            var value = Number.zero
            withUnsafeMutableBytes(of: &value) {
                $0.copyBytes(from: bytes[offset..<offset + MemoryLayout<Number>.size])
            }
            return Number(littleEndian: value)
        }
        let version = read(UInt32.self, at: 4)
        guard supported.contains(version) else { throw .version(found: version, supported: supported.max() ?? 0) }
        let takenAt = EventTime(milliseconds: read(Int64.self, at: 8))
        let length = read(UInt64.self, at: 16)
        let expected = UInt64(headerLength) &+ length
        guard length <= UInt64(Int.max / 2), UInt64(bytes.count) == expected else {
            throw .truncated(expected: Int(clamping: expected), found: bytes.count)
        }
        let payload = bytes[headerLength...]
        guard CRC32.checksum(payload) == read(UInt32.self, at: 24) else { throw .checksum }
        return (takenAt, payload, version)
    }
}
