/// How a cell is drawn. Colours follow the alert thresholds: green fine, amber warning, red
/// critical.
public enum CellStyle: UInt8, Sendable, Equatable {
    case normal, dim, bold, green, amber, red, banner, cyan

    var sgr: String {
        switch self {
        case .normal: "0"
        case .dim: "2"
        case .bold: "1"
        case .green: "1;32"
        case .amber: "1;33"
        case .red: "1;31"
        case .banner: "1;97;41"
        case .cyan: "36"
        }
    }
}

/// A frame being drawn: a grid of characters with a style each. Writing outside the grid is
/// clipped, so no line is ever wider than the terminal. Value type; not shared.
struct Canvas {
    let width: Int
    let height: Int
    private var characters: [[Character]]
    private var styles: [[CellStyle]]

    init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        characters = Array(repeating: Array(repeating: " ", count: self.width), count: self.height)
        styles = Array(repeating: Array(repeating: .normal, count: self.width), count: self.height)
    }

    /// Writes text at (row, column), clipped to `limit` columns and the canvas.
    mutating func text(_ text: String, row: Int, column: Int, style: CellStyle = .normal, limit: Int? = nil) {
        guard row >= 0, row < height else { return }
        let end = min(width, column + (limit ?? width))
        var x = column
        for character in text {
            guard x < end else { break }
            if x >= 0 {
                characters[row][x] = character
                styles[row][x] = style
            }
            x += 1
        }
    }

    mutating func fill(row: Int, from column: Int, count: Int, _ character: Character, style: CellStyle) {
        text(String(repeating: character, count: max(0, count)), row: row, column: column, style: style)
    }

    /// A box outline with a title in its top edge.
    mutating func box(
        row: Int, column: Int, width boxWidth: Int, height boxHeight: Int, title: String, style: CellStyle
    ) {
        guard boxWidth >= 4, boxHeight >= 2 else { return }
        let inner = boxWidth - 2
        text("┌" + String(repeating: "─", count: inner) + "┐", row: row, column: column, style: .dim)
        for line in 1..<(boxHeight - 1) {
            text("│", row: row + line, column: column, style: .dim)
            text("│", row: row + line, column: column + boxWidth - 1, style: .dim)
        }
        text("└" + String(repeating: "─", count: inner) + "┘", row: row + boxHeight - 1, column: column, style: .dim)
        text(" \(title) ", row: row, column: column + 2, style: style, limit: inner - 2)
    }

    /// The frame as lines: with ANSI colour (SGR) when asked, plain text otherwise.
    func lines(color: Bool) -> [String] {
        (0..<height).map { row in
            guard color else { return String(characters[row]) }
            var line = ""
            var current: CellStyle?
            for column in 0..<width {
                let style = styles[row][column]
                if style != current {
                    line += "\u{1B}[\(style.sgr)m"
                    current = style
                }
                line.append(characters[row][column])
            }
            return line + "\u{1B}[0m"
        }
    }
}
