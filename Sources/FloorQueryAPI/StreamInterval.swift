/// `GET /v1/stream?interval=…`: how often a client may be sent a snapshot, `500ms`, `1s`, `2s` or
/// plain seconds, between 100 ms and 60 s; one second when absent or unreadable.
///
/// Stateless; thread-safe.
public enum StreamInterval {
    public static let defaultMilliseconds: Int64 = 1000

    /// The interval the query item asks for, in milliseconds.
    public static func milliseconds(_ text: String?) -> Int64 {
        guard let text else { return defaultMilliseconds }
        let milliseconds: Int64?
        if text.hasSuffix("ms") {
            milliseconds = Int64(text.dropLast(2))
        } else if text.hasSuffix("s") {
            milliseconds = Double(text.dropLast()).flatMap { $0.isFinite && abs($0) < 1e9 ? Int64($0 * 1000) : nil }
        } else {
            // Seconds checked before they are multiplied: no value can overflow.
            milliseconds = Int64(text).flatMap { (1...60).contains($0) ? $0 * 1000 : nil }
        }
        guard let milliseconds, (100...60_000).contains(milliseconds) else { return defaultMilliseconds }
        return milliseconds
    }
}
