/// Numbers five rows tall (times `scale`), for a wall screen read from across the room. Each
/// glyph is three columns wide (times `scale`), with `scale` columns between glyphs: the screen
/// decides the scale, so the digits grow with it.
enum BigDigits {
    static let rows = 5

    static func rows(scale: Int) -> Int { rows * scale }

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

    static func width(_ text: String, scale: Int = 1) -> Int { text.isEmpty ? 0 : (text.count * 4 - 1) * scale }

    /// The rows of `text`; characters without a glyph are drawn as blanks.
    static func render(_ text: String, scale: Int = 1) -> [String] {
        (0..<rows * scale).map { row in
            text.map { character in
                let line = glyphs[character]?[row / scale] ?? "   "
                return String(line.flatMap { repeatElement($0, count: scale) })
            }.joined(separator: String(repeating: " ", count: scale))
        }
    }
}
