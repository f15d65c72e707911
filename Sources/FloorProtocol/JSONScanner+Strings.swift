// Strings: finding their end fast (eight bytes at a time), decoding escapes only when present,
// and comparing them with the decoders' literal words without making a String.
extension JSONScanner {
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
    mutating func readStringBody() throws(DecodeError) -> StringSlice {
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
    mutating func skipPlainStringBytes() {
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

    func hex4(at index: Int) throws(DecodeError) -> UInt32 {
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
    func word(at offset: Int, count: Int) -> UInt64 {
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
}
