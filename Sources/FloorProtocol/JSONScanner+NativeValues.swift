import FloorCore

// The native protocol's own value shapes, read in place: its canonical time and its integer fields.
extension JSONScanner {
    /// A string value in RFC 3339's canonical form (`"YYYY-MM-DDTHH:MM:SS.sssZ"`) at the cursor,
    /// parsed in place; nil (the cursor unmoved) for anything else.
    @inline(__always)
    mutating func readCanonicalTime() -> (StringSlice, EventTime)? {
        let start = position + 1
        guard start + 25 <= bytes.count, bytes[position] == UInt8(ascii: "\""),
            bytes[start + 24] == UInt8(ascii: "\""),
            let parsed = RFC3339.parseCanonical(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + 24)]))
        else { return nil }
        position = start + 25
        return (StringSlice(start: start, end: start + 24, hasEscapes: false), parsed)
    }

    /// An integer member; a fraction, a string or a too-large number is a `badField`.
    @inline(__always)
    mutating func readIntegerField(_ name: StaticString) throws(DecodeError) -> Int64? {
        // One digit followed by a separator (`"v":1,`): the common case, inline, without the
        // general loop.
        if position + 1 < bytes.count, case let digit = bytes[position] &- 0x30, digit <= 9,
            bytes[position + 1] == UInt8(ascii: ",") || bytes[position + 1] == UInt8(ascii: "}")
        {
            position += 1
            return Int64(digit)
        }
        return try readIntegerFieldGenerally(name)
    }

    private mutating func readIntegerFieldGenerally(_ name: StaticString) throws(DecodeError) -> Int64? {
        skipWhitespace()
        let offset = position
        if matchLiteral("null") { return nil }
        guard let next = peek(), next == UInt8(ascii: "-") || (next >= 0x30 && next <= 0x39) else {
            throw DecodeError(.badField, at: offset, "\(name) must be an integer")
        }
        guard let value = try readInteger() else {
            throw DecodeError(.badField, at: offset, "\(name) must be an integer that fits 64 bits")
        }
        return value
    }
}
