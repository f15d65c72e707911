// Objects and arrays: entering them, their keys, skipping what a decoder does not read.
extension JSONScanner {
    /// Moves past any JSON value, checking its syntax.
    mutating func skipValue(depth: Int = 0) throws(DecodeError) {
        guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth)") }
        guard let next = peek() else { throw error("unexpected end of input, expected a value") }
        switch next {
        case UInt8(ascii: "\""): _ = try readString()
        case UInt8(ascii: "{"):
            position += 1
            if peek() == UInt8(ascii: "}") {
                position += 1
                return
            }
            while true {
                _ = try readString()
                try expect(UInt8(ascii: ":"), "':'")
                try skipValue(depth: depth + 1)
                guard let separator = peek() else { throw error("unterminated object") }
                position += 1
                if separator == UInt8(ascii: "}") { return }
                guard separator == UInt8(ascii: ",") else { throw error("expected ',' or '}'") }
            }
        case UInt8(ascii: "["):
            position += 1
            if peek() == UInt8(ascii: "]") {
                position += 1
                return
            }
            while true {
                try skipValue(depth: depth + 1)
                guard let separator = peek() else { throw error("unterminated array") }
                position += 1
                if separator == UInt8(ascii: "]") { return }
                guard separator == UInt8(ascii: ",") else { throw error("expected ',' or ']'") }
            }
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            guard matchLiteral("true") || matchLiteral("false") || matchLiteral("null") else {
                throw error("invalid literal")
            }
        case UInt8(ascii: "-"), 0x30...0x39:
            _ = try readInteger()
        default:
            throw error("unexpected character")
        }
    }

    /// Opens an object; false when it is empty (`{}`). A compact `{"` is taken inline; anything
    /// else goes through the general path (a call per line cost more than the test).
    @inline(__always)
    mutating func beginObject() throws(DecodeError) -> Bool {
        if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "{"), bytes[position + 1] == UInt8(ascii: "\"") {
            position += 1
            return true
        }
        return try beginObjectGenerally()
    }

    mutating func beginObjectGenerally() throws(DecodeError) -> Bool {
        try expect(UInt8(ascii: "{"), "'{'")
        if peek() == UInt8(ascii: "}") {
            position += 1
            return false
        }
        return true
    }

    /// Reads a member's key and the colon after it.
    @inline(__always)
    mutating func readKey() throws(DecodeError) -> StringSlice {
        let key = try readString()
        try expect(UInt8(ascii: ":"), "':' after a key")
        return key
    }

    /// Reads a member's key and the colon after it, with the key's words (`words`). A key of up
    /// to seven plain bytes followed directly by `":` (every key of a compact line) takes one
    /// load for both; anything else takes the general path.
    @_transparent
    mutating func readKeyWords() throws(DecodeError) -> (key: StringSlice, words: LiteralWords) {
        if position + 10 <= bytes.count, bytes[position] == UInt8(ascii: "\"") {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position + 1, as: UInt64.self))
            let length = Self.specialBytes(word).trailingZeroBitCount >> 3
            let end = position + 1 + length
            if length > 0, length < 8, bytes[end] == UInt8(ascii: "\""), bytes[end + 1] == UInt8(ascii: ":") {
                let key = StringSlice(start: position + 1, end: end, hasEscapes: false)
                position = end + 2
                return (key, LiteralWords(count: length, first: Self.lowBytes(word, length), last: 0))
            }
        }
        let key = try readKey()
        return (key, words(key))
    }

    /// After a member's value: true when another member follows, false at the closing brace.
    @inline(__always)
    mutating func continueObject() throws(DecodeError) -> Bool {
        guard let separator = peek() else { throw error("unterminated object") }
        position += 1
        if separator == UInt8(ascii: "}") { return false }
        guard separator == UInt8(ascii: ",") else { throw error("expected ',' or '}'") }
        return true
    }

    /// Iterates the members of an object, calling `body` with each key; `body` must consume the value.
    mutating func forEachMember(
        _ body: (inout JSONScanner, StringSlice) throws(DecodeError) -> Void
    )
        throws(DecodeError)
    {
        try expect(UInt8(ascii: "{"), "'{'")
        if peek() == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            let key = try readString()
            try expect(UInt8(ascii: ":"), "':' after a key")
            try body(&self, key)
            guard let separator = peek() else { throw error("unterminated object") }
            position += 1
            if separator == UInt8(ascii: "}") { return }
            guard separator == UInt8(ascii: ",") else { throw error("expected ',' or '}'") }
        }
    }

    /// Iterates the elements of an array; `body` must consume each value.
    mutating func forEachElement(_ body: (inout JSONScanner) throws(DecodeError) -> Void) throws(DecodeError) {
        try expect(UInt8(ascii: "["), "'['")
        if peek() == UInt8(ascii: "]") {
            position += 1
            return
        }
        while true {
            try body(&self)
            guard let separator = peek() else { throw error("unterminated array") }
            position += 1
            if separator == UInt8(ascii: "]") { return }
            guard separator == UInt8(ascii: ",") else { throw error("expected ',' or ']'") }
        }
    }
}
