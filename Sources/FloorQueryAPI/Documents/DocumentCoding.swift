import FloorCore
import FloorProtocol

/// The keys of one query-API document: each JSON key is spelled once, in its document's `Key`
/// enum, and both the daemon's writer and every client's reader go through it.
public protocol DocumentKey: RawRepresentable, Sendable where RawValue == String {}

/// A query-API response document: a value type that writes itself as the API's JSON and reads
/// itself back from it (the dashboard and `floorwatch` read what the daemon wrote).
public protocol QueryDocument: Sendable, Equatable {
    init(reading value: JSONValue) throws(DocumentError)
    func write(into json: inout JSONObjectWriter)
}

extension QueryDocument {
    /// The document as the API serves it.
    public var json: String {
        var writer = JSONObjectWriter()
        write(into: &writer)
        return writer.finish()
    }

    /// Reads a document from the API's bytes.
    public init(json text: String) throws(DocumentError) {
        let value: JSONValue
        do {
            value = try Array(text.utf8).withUnsafeBytes { raw throws(DecodeError) in try JSONValue.parse(raw) }
        } catch {
            throw DocumentError("not JSON: \(error)")
        }
        try self.init(reading: value)
    }

    /// A JSON array of documents.
    public static func array(_ documents: [Self]) -> String {
        "[" + documents.map(\.json).joined(separator: ",") + "]"
    }

    /// Reads a JSON array of documents.
    public static func array(json text: String) throws(DocumentError) -> [Self] {
        let value: JSONValue
        do {
            value = try Array(text.utf8).withUnsafeBytes { raw throws(DecodeError) in try JSONValue.parse(raw) }
        } catch {
            throw DocumentError("not JSON: \(error)")
        }
        return try array(reading: value)
    }

    public static func array(reading value: JSONValue) throws(DocumentError) -> [Self] {
        guard case .array(let elements) = value else { throw DocumentError("expected an array") }
        var documents: [Self] = []
        documents.reserveCapacity(elements.count)
        for element in elements { documents.append(try Self(reading: element)) }
        return documents
    }
}

/// A response that is not the document it should be.
public struct DocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension JSONObjectWriter {
    mutating func string<Key: DocumentKey>(_ key: Key, _ value: String) { string(key.rawValue, value) }
    mutating func string<Key: DocumentKey>(_ key: Key, _ value: String?) {
        if let value { string(key.rawValue, value) } else { null(key.rawValue) }
    }
    mutating func integer<Key: DocumentKey>(_ key: Key, _ value: Int64) { integer(key.rawValue, value) }
    mutating func integer<Key: DocumentKey>(_ key: Key, _ value: Int) { integer(key.rawValue, Int64(value)) }
    mutating func number<Key: DocumentKey>(_ key: Key, _ value: Double?) { number(key.rawValue, value) }
    mutating func bool<Key: DocumentKey>(_ key: Key, _ value: Bool) { bool(key.rawValue, value) }
    mutating func time<Key: DocumentKey>(_ key: Key, _ value: EventTime?) {
        string(key, value.map(RFC3339.format))
    }
    mutating func document<Key: DocumentKey>(_ key: Key, _ value: some QueryDocument) { raw(key.rawValue, value.json) }
    mutating func document<Key: DocumentKey>(_ key: Key, _ value: (some QueryDocument)?) {
        if let value { raw(key.rawValue, value.json) } else { null(key.rawValue) }
    }
    mutating func documents<Key: DocumentKey>(_ key: Key, _ values: [some QueryDocument]) {
        raw(key.rawValue, "[" + values.map(\.json).joined(separator: ",") + "]")
    }
    mutating func strings<Key: DocumentKey>(_ key: Key, _ values: [String]) {
        raw(key.rawValue, "[" + values.map(JSONObjectWriter.quoted).joined(separator: ",") + "]")
    }
    mutating func integers<Key: DocumentKey>(_ key: Key, _ values: [Int64]) {
        raw(key.rawValue, "[" + values.map(String.init).joined(separator: ",") + "]")
    }
    /// A map of names to counts, keys sorted (stable output for diffs and caches).
    mutating func counts<Key: DocumentKey>(_ key: Key, _ values: [String: Int64]) {
        var json = JSONObjectWriter()
        for name in values.keys.sorted() { json.integer(name, values[name]!) }
        raw(key.rawValue, json.finish())
    }
}

/// Reads one JSON object's members by a document's keys. Tolerant as a client of a newer or older
/// daemon must be: a missing member reads as 0, empty or nil; a member of the wrong type is an error.
struct DocumentReader<Key: DocumentKey> {
    let members: [String: JSONValue]

    init(_ value: JSONValue, _ what: String) throws(DocumentError) {
        guard case .object(let members) = value else { throw DocumentError("\(what): expected an object") }
        self.members = members
    }

    func value(_ key: Key) -> JSONValue? {
        guard let value = members[key.rawValue], value != .null else { return nil }
        return value
    }

    func string(_ key: Key) throws(DocumentError) -> String {
        try optionalString(key) ?? ""
    }

    func optionalString(_ key: Key) throws(DocumentError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw DocumentError("\(key.rawValue): expected a string") }
        return text
    }

    func number(_ key: Key) throws(DocumentError) -> Double? {
        guard let value = value(key) else { return nil }
        guard case .number(let number) = value else { throw DocumentError("\(key.rawValue): expected a number") }
        return number
    }

    func integer(_ key: Key) throws(DocumentError) -> Int64 {
        guard let number = try number(key) else { return 0 }
        guard let integer = Int64(exactly: number) else { throw DocumentError("\(key.rawValue): expected an integer") }
        return integer
    }

    func count(_ key: Key) throws(DocumentError) -> Int { Int(try integer(key)) }

    func bool(_ key: Key) throws(DocumentError) -> Bool {
        guard let value = value(key) else { return false }
        guard case .bool(let flag) = value else { throw DocumentError("\(key.rawValue): expected true or false") }
        return flag
    }

    func time(_ key: Key) throws(DocumentError) -> EventTime? {
        guard let text = try optionalString(key) else { return nil }
        guard let time = RFC3339.parse(text) else { throw DocumentError("\(key.rawValue): expected an RFC 3339 time") }
        return time
    }

    func document<Document: QueryDocument>(
        _ key: Key, as type: Document.Type = Document.self
    ) throws(DocumentError)
        -> Document?
    {
        guard let value = value(key) else { return nil }
        return try Document(reading: value)
    }

    func documents<Document: QueryDocument>(
        _ key: Key, as type: Document.Type = Document.self
    ) throws(DocumentError)
        -> [Document]
    {
        guard let value = value(key) else { return [] }
        return try Document.array(reading: value)
    }

    /// An object whose members are documents (queues by name, windows by label), in key order.
    func namedDocuments<Document: QueryDocument>(
        _ key: Key, as type: Document.Type = Document.self
    )
        throws(DocumentError) -> [(name: String, document: Document)]
    {
        guard let value = value(key) else { return [] }
        guard case .object(let members) = value else { throw DocumentError("\(key.rawValue): expected an object") }
        var named: [(name: String, document: Document)] = []
        for name in members.keys.sorted() { named.append((name, try Document(reading: members[name]!))) }
        return named
    }

    func strings(_ key: Key) throws(DocumentError) -> [String] {
        guard let value = value(key) else { return [] }
        guard case .array(let elements) = value else { throw DocumentError("\(key.rawValue): expected an array") }
        var strings: [String] = []
        for element in elements {
            guard case .string(let text) = element else { throw DocumentError("\(key.rawValue): expected strings") }
            strings.append(text)
        }
        return strings
    }

    func integers(_ key: Key) throws(DocumentError) -> [Int64] {
        guard let value = value(key) else { return [] }
        guard case .array(let elements) = value else { throw DocumentError("\(key.rawValue): expected an array") }
        var integers: [Int64] = []
        for element in elements {
            guard case .number(let number) = element, let integer = Int64(exactly: number) else {
                throw DocumentError("\(key.rawValue): expected integers")
            }
            integers.append(integer)
        }
        return integers
    }

    func counts(_ key: Key) throws(DocumentError) -> [String: Int64] {
        guard let value = value(key) else { return [:] }
        guard case .object(let members) = value else { throw DocumentError("\(key.rawValue): expected an object") }
        var counts: [String: Int64] = [:]
        for (name, member) in members {
            guard case .number(let number) = member, let integer = Int64(exactly: number) else {
                throw DocumentError("\(key.rawValue).\(name): expected an integer")
            }
            counts[name] = integer
        }
        return counts
    }

    func channel(_ key: Key) throws(DocumentError) -> Channel? {
        guard let name = try optionalString(key) else { return nil }
        guard let channel = Channel(name: name) else { throw DocumentError("\(key.rawValue): unknown channel \(name)") }
        return channel
    }
}
