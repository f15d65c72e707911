/// What the configuration file is checked for before the TOML library reads it: the library
/// (TOMLKit / toml++) aborts the process on some malformed input, found by fuzzing, and a reload
/// must never kill the running daemon.
///
/// Stateless; thread-safe.
enum TOMLPrechecks {
    /// TOML allows no raw control character but tab and line ends anywhere (strings escape them),
    /// and the TOML library aborts the process on some (`[` then U+0001, found by fuzzing): a
    /// stray byte in a reloaded file would have killed the running daemon. They are refused here,
    /// before the library sees them.
    static func refuseControlCharacters(_ text: String) throws(ConfigurationError) {
        var line = 1
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                line += 1
            } else if scalar.value < 0x20 && scalar != "\t" && scalar != "\r" || scalar.value == 0x7F {
                let code = String(scalar.value, radix: 16, uppercase: true)
                throw ConfigurationError(
                    "line \(line): control character U+\(String(repeating: "0", count: 4 - code.count) + code) "
                        + "is not allowed in TOML (write it escaped inside a string)")
            }
        }
    }

    /// The TOML library also aborts on a table header whose first character cannot begin a key
    /// (`[!`, `[.a]`, `[[ #`, `[` alone on its line; found by fuzzing). Such a header is never
    /// TOML: refused here. Strings (all four kinds) and comments are skipped, so what looks like
    /// a header inside them is left alone.
    static func refuseHeadersWithoutKeys(_ text: String) throws(ConfigurationError) {
        let scalars = Array(text.unicodeScalars)
        // A byte-order mark is skipped, as the library does.
        var index = scalars.first == "\u{FEFF}" ? 1 : 0
        var line = 1
        var lineStart = true
        func at(_ offset: Int) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }
        func skipSpaces() { while let scalar = at(0), scalar == " " || scalar == "\t" { index += 1 } }
        /// Skips past the closing `delimiter` (one or three of `quote`); backslash escapes in basic strings.
        func skipString(quote: Unicode.Scalar, triple: Bool) {
            while let scalar = at(0) {
                if scalar == "\n" {
                    line += 1
                    if !triple { return }
                }
                if scalar == "\\", quote == "\"" {
                    index += 2
                    continue
                }
                if scalar == quote, !triple || (at(1) == quote && at(2) == quote) {
                    index += triple ? 3 : 1
                    return
                }
                index += 1
            }
        }
        while index < scalars.count {
            if lineStart {
                lineStart = false
                skipSpaces()
                if at(0) == "[" {
                    index += at(1) == "[" ? 2 : 1
                    skipSpaces()
                    guard let first = at(0), first != "\n", first != "\r" else {
                        throw ConfigurationError("line \(line): a table header must begin with a key on its line")
                    }
                    let isKey =
                        first.isASCII && (first.properties.isAlphabetic || ("0"..."9").contains(first))
                        || "_-\"'".unicodeScalars.contains(first)
                    if !isKey {
                        throw ConfigurationError("line \(line): a table header must begin with a key, not \"\(first)\"")
                    }
                }
                continue
            }
            switch scalars[index] {
            case "\n":
                line += 1
                lineStart = true
                index += 1
            case "#":
                while let scalar = at(0), scalar != "\n" { index += 1 }
            case "\"", "'":
                let quote = scalars[index]
                let triple = at(1) == quote && at(2) == quote
                index += triple ? 3 : 1
                skipString(quote: quote, triple: triple)
            default:
                index += 1
            }
        }
    }
}
