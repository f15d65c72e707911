/// Builds one JSON object as text, member by member, with correct string escaping.
public struct JSONObjectWriter {
    private var text = "{"
    private var first = true

    public init() {}

    private mutating func key(_ name: String) {
        if !first { text += "," }
        first = false
        text += Self.quoted(name) + ":"
    }

    public mutating func string(_ name: String, _ value: String) {
        key(name)
        text += Self.quoted(value)
    }

    public mutating func integer(_ name: String, _ value: Int64) {
        key(name)
        text += String(value)
    }

    public mutating func bool(_ name: String, _ value: Bool) {
        key(name)
        text += value ? "true" : "false"
    }

    /// A number, or null when absent or not finite (JSON has no NaN).
    public mutating func number(_ name: String, _ value: Double?) {
        key(name)
        guard let value, value.isFinite else {
            text += "null"
            return
        }
        text += value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    public mutating func null(_ name: String) {
        key(name)
        text += "null"
    }

    /// Adds already-encoded JSON.
    public mutating func raw(_ name: String, _ json: String) {
        key(name)
        text += json
    }

    public mutating func finish() -> String { text + "}" }

    public static func quoted(_ value: String) -> String {
        var output = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
