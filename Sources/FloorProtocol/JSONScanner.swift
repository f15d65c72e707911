/// Up to sixteen bytes as a count and two little-endian words (`JSONScanner.words`); the
/// decoders' literals are generated in this form (scripts/literal-words.py).
struct LiteralWords: Equatable {
    var count: Int
    var first: UInt64
    var last: UInt64
}

/// A minimal JSON reader over raw bytes for the decoders' hot path: no allocation except for the
/// strings a caller asks for. Foundation's JSONDecoder manages ~0.2 M events/s here; a byte
/// scanner ~10 M/s (PERFORMANCE.md §B3).
///
/// Not thread-safe (a value with a cursor); create one per input.
struct JSONScanner {
    let bytes: UnsafeRawBufferPointer
    var position = 0
    /// Nesting limit for values the scanner skips: hostile input cannot exhaust the stack.
    static let maximumDepth = 32

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// A string value as a byte range of the input, without its quotes.
    struct StringSlice {
        var start: Int
        var end: Int
        var hasEscapes: Bool
    }

    var atEnd: Bool { position >= bytes.count }

    @inline(__always)
    mutating func skipWhitespace() {
        // Compact JSON has none: one test then.
        guard position < bytes.count, bytes[position] <= 0x20 else { return }
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    func error(_ detail: String) -> DecodeError { DecodeError(.malformedJSON, at: position, detail) }

    @inline(__always)
    mutating func expect(_ byte: UInt8, _ what: StaticString) throws(DecodeError) {
        skipWhitespace()
        guard position < bytes.count else { throw error("unexpected end of input, expected \(what.description)") }
        guard bytes[position] == byte else { throw error("expected \(what.description)") }
        position += 1
    }

    /// Peeks the next non-whitespace byte.
    @inline(__always)
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return position < bytes.count ? bytes[position] : nil
    }

    @inline(__always)
    mutating func readString() throws(DecodeError) -> StringSlice {
        try expect(UInt8(ascii: "\""), "a string")
        return try readStringBody()
    }

    /// A string whose opening quote `peek()` has just seen.
    @inline(__always)
    mutating func readStringAtQuote() throws(DecodeError) -> StringSlice {
        position += 1
        return try readStringBody()
    }

    @inline(__always)
    private mutating func readStringBody() throws(DecodeError) -> StringSlice {
        let start = position
        var hasEscapes = false
        while true {
            skipPlainStringBytes()
            guard position < bytes.count else { break }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let slice = StringSlice(start: start, end: position, hasEscapes: hasEscapes)
                position += 1
                return slice
            }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                position += 2
                continue
            }
            if byte < 0x20 { throw error("control character in a string") }
            position += 1
        }
        throw error("unterminated string")
    }

    /// The high bit of each byte of `word` that is a quote, a backslash or below 0x20. Borrows
    /// can only mark bytes above a marked one, so the lowest mark is exact (the rest may not be).
    @inline(__always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        // A byte's high bit is set where it is zero after the xor (a quote or a backslash) or
        // below 0x20.
        let quotes = word ^ (ones &* 0x22)
        let backslashes = word ^ (ones &* 0x5C)
        return ((quotes &- ones) & ~quotes | (backslashes &- ones) & ~backslashes | (word &- ones &* 0x20) & ~word)
            & 0x8080_8080_8080_8080
    }

    /// Moves past string bytes that need no attention (not a quote, a backslash or a control
    /// character), eight at a time: the byte-by-byte loop was a third of decoding a line.
    @inline(__always)
    private mutating func skipPlainStringBytes() {
        while position + 8 <= bytes.count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            let marks = Self.specialBytes(word)
            if marks != 0 {
                position += marks.trailingZeroBitCount >> 3
                return
            }
            position += 8
        }
    }

    /// Decodes a string slice, resolving escapes. Invalid UTF-8 is replaced, never trusted.
    func string(_ slice: StringSlice) throws(DecodeError) -> String {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[slice.start..<slice.end])
        guard slice.hasEscapes else {
            // Up to 15 bytes a String is stored inline, and this initialiser checks an ASCII one
            // with one test of its word instead of validating it (String(decoding:) validates
            // every string: two-thirds of making one, counted by cachegrind). Anything else is
            // validated and repaired as String(decoding:) does.
            guard let source = raw.baseAddress, raw.count <= 15 else { return String(decoding: raw, as: UTF8.self) }
            return String(unsafeUninitializedCapacity: raw.count) { buffer in
                Self.copyShort(
                    from: source, to: UnsafeMutableRawPointer(buffer.baseAddress.unsafelyUnwrapped), raw.count)
                return raw.count
            }
        }
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var index = slice.start
        while index < slice.end {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                index += 1
                continue
            }
            guard index + 1 < slice.end else { throw DecodeError(.malformedJSON, at: index, "dangling escape") }
            let escaped = bytes[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escaped)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(at: index)
                index += 4
                if (0xD800..<0xDC00).contains(scalar), index + 6 <= slice.end, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u")
                {
                    let low = try hex4(at: index + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                }
                let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                output.append(contentsOf: Array(String(Character(character)).utf8))
            default:
                throw DecodeError(.malformedJSON, at: index - 1, "unknown escape")
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private func hex4(at index: Int) throws(DecodeError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw DecodeError(.malformedJSON, at: index, "short \\u escape") }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw DecodeError(.malformedJSON, at: index + offset, "bad hex digit in \\u escape")
            }
            value = value << 4 | digit
        }
        return value
    }

    /// A slice's raw bytes (escapes not resolved) as words: the first eight, zero-extended when
    /// fewer, and for slices of 9…16 bytes the last eight, so together with the count they
    /// identify the bytes exactly (strings hold no zero byte: a raw control character is
    /// rejected). Longer slices keep only their count and match no literal. `dropped` skips a
    /// prefix the caller already matched (`"contact."`).
    @_transparent
    func words(_ slice: StringSlice, droppingFirst dropped: Int = 0) -> LiteralWords {
        let start = slice.start + dropped
        let count = slice.end - start
        guard count > 0, count <= 16 else { return LiteralWords(count: count, first: 0, last: 0) }
        return LiteralWords(
            count: count, first: word(at: start, count: Swift.min(count, 8)),
            last: count > 8 ? word(at: slice.end - 8, count: 8) : 0)
    }

    /// Whether the slice's raw bytes begin with a literal of at most eight bytes.
    @inline(__always)
    func slice(_ slice: StringSlice, hasPrefix literal: LiteralWords) -> Bool {
        slice.end - slice.start >= literal.count && word(at: slice.start, count: literal.count) == literal.first
    }

    /// `count` (1…8) bytes at `offset` as a little-endian word, zero above them: one load when
    /// eight bytes are readable there (nearly always: a value is followed by at least `}`).
    @inline(__always)
    private func word(at offset: Int, count: Int) -> UInt64 {
        if offset + 8 <= bytes.count {
            let loaded = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            return Self.lowBytes(loaded, count)
        }
        var value: UInt64 = 0
        for index in 0..<count { value |= UInt64(bytes[offset + index]) << UInt64(index * 8) }
        return value
    }

    /// The low `count` (0…8) bytes of `word`, the rest zero.
    @inline(__always)
    static func lowBytes(_ word: UInt64, _ count: Int) -> UInt64 {
        count >= 8 ? word : word & ((1 &<< UInt64(truncatingIfNeeded: count &* 8)) &- 1)
    }

    /// Copies 1…15 bytes with two overlapping loads and stores of the widest fitting size
    /// (`memcpy`'s call and dispatch cost more than the copy).
    @inline(__always)
    static func copyShort(from source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, _ count: Int) {
        @inline(__always)
        func copy<Word: FixedWidthInteger>(_: Word.Type) {
            let tail = count - MemoryLayout<Word>.size
            let head = source.loadUnaligned(as: Word.self)
            let last = source.loadUnaligned(fromByteOffset: tail, as: Word.self)
            target.storeBytes(of: head, as: Word.self)
            target.storeBytes(of: last, toByteOffset: tail, as: Word.self)
        }
        switch count {
        case 8...: copy(UInt64.self)
        case 4...: copy(UInt32.self)
        case 2...: copy(UInt16.self)
        case 1: target.storeBytes(of: source.load(as: UInt8.self), as: UInt8.self)
        default: break
        }
    }

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

    private mutating func beginObjectGenerally() throws(DecodeError) -> Bool {
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
