/// The query items the read routes take, named once for the daemon that reads them and the
/// clients that send them.
public enum QueryParameter: String, Sendable, CaseIterable {
    /// `/v1/contacts`: `waiting` or `abandoned`.
    case state
    /// `/v1/intervals`: `15m`, `30m` or `60m`.
    case size
    /// `/v1/intervals`: a local date, `yyyy-MM-dd`.
    case date
    /// `/v1/stream`: `500ms`, `1s`, … (`StreamInterval`).
    case interval
}

extension [String: String] {
    /// A query item by its parameter.
    public subscript(parameter: QueryParameter) -> String? { self[parameter.rawValue] }
}
