/// A parsed JSON value, for vendor formats whose records are nested documents (Amazon Connect).
/// Built on `JSONScanner`, so it shares its limits (nesting depth) and its error offsets.
///
/// Value type; thread-safe.
public indirect enum JSONValue: Sendable, Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> JSONValue {
        var scanner = JSONScanner(bytes)
        let value = try read(&scanner, depth: 0)
        scanner.skipWhitespace()
        guard scanner.atEnd else { throw scanner.error("unexpected data after the value") }
        return value
    }

    static func read(_ scanner: inout JSONScanner, depth: Int) throws(DecodeError) -> JSONValue {
        guard depth < JSONScanner.maximumDepth else {
            throw scanner.error("nesting deeper than \(JSONScanner.maximumDepth)")
        }
        guard let next = scanner.peek() else { throw scanner.error("unexpected end of input, expected a value") }
        switch next {
        case UInt8(ascii: "{"):
            var members: [String: JSONValue] = [:]
            var more = try scanner.beginObject()
            while more {
                let key = try scanner.string(try scanner.readKey())
                members[key] = try read(&scanner, depth: depth + 1)
                more = try scanner.continueObject()
            }
            return .object(members)
        case UInt8(ascii: "["):
            var elements: [JSONValue] = []
            try scanner.forEachElement { (scanner: inout JSONScanner) throws(DecodeError) in
                elements.append(try read(&scanner, depth: depth + 1))
            }
            return .array(elements)
        case UInt8(ascii: "\""):
            return .string(try scanner.string(try scanner.readString()))
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            guard let value = try scanner.readBool() else { throw scanner.error("invalid literal") }
            return .bool(value)
        case UInt8(ascii: "n"):
            guard scanner.matchLiteral("null") else { throw scanner.error("invalid literal") }
            return .null
        default:
            let start = scanner.position
            _ = try scanner.readInteger()
            let text = String(
                decoding: UnsafeRawBufferPointer(rebasing: scanner.bytes[start..<scanner.position]), as: UTF8.self)
            guard let number = Double(text) else { throw DecodeError(.malformedJSON, at: start, "bad number") }
            return .number(number)
        }
    }

    /// A member looked up case-insensitively (real producers differ: `AgentInfo` vs `agentInfo`).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        if let exact = members[key] { return exact }
        let lowered = key.lowercased()
        return members.first { $0.key.lowercased() == lowered }?.value
    }

    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var array: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }
}
