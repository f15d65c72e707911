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
}
