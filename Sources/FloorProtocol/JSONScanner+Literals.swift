// Numbers and the literals true, false and null.
extension JSONScanner {
    /// Reads a JSON number as an integer; fractions and exponents are a `badField` for the caller.
    /// Returns nil when the number is not an integer (the scanner still moves past it).
    mutating func readInteger() throws(DecodeError) -> Int64? {
        skipWhitespace()
        let start = position
        var negative = false
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        var value: Int64 = 0
        var digits = 0
        var overflow = false
        while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
            let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = times.addingReportingOverflow(Int64(bytes[position] - 0x30))
            overflow = overflow || overflowA || overflowB
            value = sum
            digits += 1
            position += 1
        }
        guard digits > 0 else {
            position = start
            throw error("expected a number")
        }
        var integral = !overflow
        if position < bytes.count,
            bytes[position] == UInt8(ascii: ".") || bytes[position] == UInt8(ascii: "e")
                || bytes[position] == UInt8(ascii: "E")
        {
            integral = false
            position += 1
            while position < bytes.count {
                let byte = bytes[position]
                guard
                    (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                        || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                else { break }
                position += 1
            }
        }
        return integral ? (negative ? -value : value) : nil
    }

    /// Reads `true` or `false`; nil for any other value (which is skipped).
    mutating func readBool() throws(DecodeError) -> Bool? {
        skipWhitespace()
        // One 4-byte compare for each literal ("true", "fals" then "e") instead of a byte loop.
        if position + 5 <= bytes.count {
            let word = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self))
            if word == 0x6575_7274 {
                position += 4
                return true
            }
            if word == 0x736C_6166, bytes[position + 4] == UInt8(ascii: "e") {
                position += 5
                return false
            }
        }
        if matchLiteral("true") { return true }
        if matchLiteral("false") { return false }
        try skipValue()
        return nil
    }

    mutating func matchLiteral(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<count where bytes[position + offset] != pointer[offset] { return false }
        position += count
        return true
    }
}
