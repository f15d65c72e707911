import FloorProtocol

/// One answer of the query API: status, content type, body, and for 405 the methods the path
/// allows (RFC 9110's `Allow`).
///
/// Value type; thread-safe.
public struct QueryResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: String
    public var allow: String?

    public init(status: Int, contentType: String, body: String, allow: String? = nil) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.allow = allow
    }

    public static let jsonType = "application/json"

    /// A document with its status (200 unless said).
    public static func document(_ document: some QueryDocument, status: Int = 200) -> QueryResponse {
        QueryResponse(status: status, contentType: jsonType, body: document.json)
    }

    /// JSON already rendered (a cached snapshot, an array of documents).
    public static func json(_ body: String, status: Int = 200) -> QueryResponse {
        QueryResponse(status: status, contentType: jsonType, body: body)
    }

    public static func error(_ status: Int, _ message: String) -> QueryResponse {
        document(ErrorDocument(message), status: status)
    }

    public static func methodNotAllowed(_ allowed: [String]) -> QueryResponse {
        var response = error(405, "method not allowed here; allowed: \(allowed.joined(separator: ", "))")
        response.allow = allowed.joined(separator: ", ")
        return response
    }
}
