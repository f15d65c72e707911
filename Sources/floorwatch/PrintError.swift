import Glibc

/// One line on standard error (explanations that must not mix with a --json stdout).
func printError(_ message: String) {
    var standardError = StandardError()
    print(message, to: &standardError)
}

private struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        let bytes = Array(string.utf8)
        bytes.withUnsafeBytes { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
