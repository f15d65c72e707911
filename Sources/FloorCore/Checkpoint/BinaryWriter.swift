/// Appends values to a byte buffer in the checkpoint's encoding: integers as LEB128 varints
/// (zig-zag for signed ones: most figures are small), strings and arrays with their length first,
/// raw buffers of fixed-width numbers little-endian as they lie in memory.
///
/// Pure; one writer per checkpoint.
public struct BinaryWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(reservingCapacity capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Writes into `buffer`'s storage, emptied with its capacity kept: a writer that runs every
    /// second (the checkpoint) reuses its pages instead of mapping fresh ones each time.
    public init(reusing buffer: consuming [UInt8], reservingCapacity capacity: Int = 0) {
        bytes = consume buffer
        bytes.removeAll(keepingCapacity: true)
        bytes.reserveCapacity(capacity)
    }

    public mutating func unsigned(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    public mutating func signed(_ value: Int64) {
        unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    public mutating func int(_ value: Int) { signed(Int64(value)) }

    public mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    public mutating func byte(_ value: UInt8) { bytes.append(value) }

    public mutating func zeros(_ count: Int) { bytes.append(contentsOf: repeatElement(0, count: count)) }

    /// The bytes written, leaving the writer empty: handed on without a copy.
    public mutating func takeBytes() -> [UInt8] { .taken(from: &bytes) }

    public mutating func string(_ value: String) {
        var copy = value
        copy.withUTF8 { utf8 in
            unsigned(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    public mutating func optional<Value>(_ value: Value?, _ write: (inout BinaryWriter, Value) -> Void) {
        guard let value else {
            bool(false)
            return
        }
        bool(true)
        write(&self, value)
    }

    public mutating func array<Element>(
        _ values: some Collection<Element>, _ write: (inout BinaryWriter, Element) -> Void
    ) {
        unsigned(UInt64(values.count))
        for value in values { write(&self, value) }
    }

    /// Fixed-width numbers copied as they lie in memory (little-endian on every supported host).
    public mutating func raw<Number: FixedWidthInteger>(_ buffer: UnsafeBufferPointer<Number>) {
        unsigned(UInt64(buffer.count))
        bytes.append(contentsOf: UnsafeRawBufferPointer(buffer))
    }

    public mutating func raw<Number: FixedWidthInteger>(_ values: [Number]) {
        values.withUnsafeBufferPointer { raw($0) }
    }

    /// What `body` writes, as `raw` would write those bytes (their count first), but written in
    /// place: the count's room is reserved at its widest and closed up once the count is known
    /// (the bytes slide back by at most 9 within this buffer), instead of writing into a second
    /// buffer, kept as large, and copying it over.
    public mutating func rawInPlace(_ body: (inout BinaryWriter) -> Void) {
        let widest = 10
        let start = bytes.count
        zeros(widest)
        body(&self)
        var count = BinaryWriter()
        count.unsigned(UInt64(bytes.count - start - widest))
        bytes.replaceSubrange(start..<(start + widest), with: count.bytes)
    }
}

extension Array {
    /// The array, leaving an empty one in its place: handed on uniquely referenced, so whoever
    /// takes it can reuse its storage without a copy.
    public static func taken(from array: inout [Element]) -> [Element] {
        var taken: [Element] = []
        swap(&taken, &array)
        return taken
    }
}
