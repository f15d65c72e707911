/// Reads what `BinaryWriter` wrote. Every read is bounds-checked and throws on a short or
/// malformed buffer: a checkpoint is input from disk, and a damaged one must never crash.
public struct BinaryReader {
    public struct Malformed: Error, Sendable, CustomStringConvertible {
        public var offset: Int
        public var what: String
        public var description: String { "malformed checkpoint at byte \(offset): \(what)" }
    }

    private let bytes: [UInt8]
    public private(set) var position = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var isAtEnd: Bool { position == bytes.count }

    func fail(_ what: String) -> Malformed { Malformed(offset: position, what: what) }

    public mutating func unsigned() throws(Malformed) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.count else { throw fail("truncated number") }
            let byte = bytes[position]
            position += 1
            guard shift < 64 else { throw fail("number too long") }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    public mutating func signed() throws(Malformed) -> Int64 {
        let zigzag = try unsigned()
        return Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1)
    }

    public mutating func int() throws(Malformed) -> Int {
        let value = try signed()
        guard let int = Int(exactly: value) else { throw fail("number out of range") }
        return int
    }

    /// A count of items that each take at least one byte: never more than the bytes left, so a
    /// damaged length cannot make a reader allocate gigabytes.
    public mutating func count() throws(Malformed) -> Int {
        let value = try unsigned()
        guard value <= UInt64(bytes.count - position) else { throw fail("count \(value) beyond the data") }
        return Int(value)
    }

    public mutating func byte() throws(Malformed) -> UInt8 {
        guard position < bytes.count else { throw fail("truncated") }
        defer { position += 1 }
        return bytes[position]
    }

    public mutating func bool() throws(Malformed) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw fail("not a flag")
        }
    }

    public mutating func string() throws(Malformed) -> String {
        let length = try count()
        defer { position += length }
        return String(decoding: bytes[position..<position + length], as: UTF8.self)
    }

    public mutating func optional<Value>(
        _ read: (inout BinaryReader) throws(Malformed) -> Value
    ) throws(Malformed)
        -> Value?
    {
        try bool() ? try read(&self) : nil
    }

    public mutating func array<Element>(
        _ read: (inout BinaryReader) throws(Malformed) -> Element
    ) throws(Malformed)
        -> [Element]
    {
        let count = try count()
        var values: [Element] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }

    public mutating func raw<Number: FixedWidthInteger>(_: Number.Type = Number.self) throws(Malformed) -> [Number] {
        let count = try unsigned()
        let width = UInt64(MemoryLayout<Number>.size)
        guard count <= UInt64(bytes.count - position) / width else { throw fail("buffer beyond the data") }
        let length = Int(count) * Int(width)
        let values = [Number](unsafeUninitializedCapacity: Int(count)) { buffer, initialized in
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: source[position..<position + length]))
            }
            initialized = Int(count)
        }
        position += length
        return values
    }

    /// Fails unless `value` is one of the known cases (an enum's raw value from disk).
    public func known<Value>(_ value: Value?, _ what: String) throws(Malformed) -> Value {
        guard let value else { throw fail("unknown \(what)") }
        return value
    }
}
