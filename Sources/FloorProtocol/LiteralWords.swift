/// Up to sixteen bytes as a count and two little-endian words (`JSONScanner.words`); the
/// decoders' literals are generated in this form (scripts/literal-words.py).
struct LiteralWords: Equatable {
    var count: Int
    var first: UInt64
    var last: UInt64
}
