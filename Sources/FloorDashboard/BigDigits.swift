/// Numbers five rows tall, for a wall screen read from across the room. Each glyph is three
/// columns wide, with one column between glyphs.
enum BigDigits {
    static let rows = 5

    private static let glyphs: [Character: [String]] = [
        "0": ["███", "█ █", "█ █", "█ █", "███"],
        "1": [" █ ", "██ ", " █ ", " █ ", "███"],
        "2": ["███", "  █", "███", "█  ", "███"],
        "3": ["███", "  █", " ██", "  █", "███"],
        "4": ["█ █", "█ █", "███", "  █", "  █"],
        "5": ["███", "█  ", "███", "  █", "███"],
        "6": ["███", "█  ", "███", "█ █", "███"],
        "7": ["███", "  █", " █ ", " █ ", " █ "],
        "8": ["███", "█ █", "███", "█ █", "███"],
        "9": ["███", "█ █", "███", "  █", "███"],
        "%": ["█ █", "  █", " █ ", "█  ", "█ █"],
        ".": ["   ", "   ", "   ", "   ", " █ "],
        ":": ["   ", " █ ", "   ", " █ ", "   "],
        "-": ["   ", "   ", "███", "   ", "   "],
        "s": ["   ", "███", "█  ", "███", "███"],
        "m": ["   ", "   ", "███", "███", "█ █"],
        "h": ["█  ", "█  ", "███", "█ █", "█ █"],
        " ": ["   ", "   ", "   ", "   ", "   "],
    ]

    static func width(_ text: String) -> Int { text.isEmpty ? 0 : text.count * 4 - 1 }

    /// The five rows of `text`; characters without a glyph are drawn as blanks.
    static func render(_ text: String) -> [String] {
        (0..<rows).map { row in
            text.map { glyphs[$0]?[row] ?? "   " }.joined(separator: " ")
        }
    }
}
