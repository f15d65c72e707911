import FloorCore

/// Decodes floorwatch's native protocol v1: one JSON object per TCP line or UDP datagram
/// (docs/protocol.md). Unknown fields are ignored; every rejection is a typed `DecodeError` with
/// the byte offset.
///
/// Value type; thread-safe (no shared state).
public struct NativeDecoder: Sendable {
    public static let protocolVersion: Int64 = 1
    /// Longest accepted input in bytes.
    public var maximumLength: Int
    /// Longest accepted identifier or name in bytes (ids, queues, reasons).
    public var maximumIdentifierLength: Int

    public init(maximumLength: Int = 16 * 1024, maximumIdentifierLength: Int = 256) {
        self.maximumLength = maximumLength
        self.maximumIdentifierLength = maximumIdentifierLength
    }

    public func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> Event {
        guard bytes.count <= maximumLength else {
            throw DecodeError(.tooLong, at: maximumLength, "input of \(bytes.count) bytes exceeds \(maximumLength)")
        }
        var scanner = JSONScanner(bytes)
        var fields = NativeFields()
        var hasMore = try scanner.beginObject()
        while hasMore {
            let (key, name) = try scanner.readKeyWords()
            try fields.read(key: key, name: name, from: &scanner)
            hasMore = try scanner.continueObject()
        }
        scanner.skipWhitespace()
        guard scanner.atEnd else { throw scanner.error("unexpected data after the object") }
        return try fields.makeEvent(scanner: scanner, maximumIdentifierLength: maximumIdentifierLength)
    }

    public func decode(_ bytes: [UInt8]) throws(DecodeError) -> Event {
        // withUnsafeBytes rethrows untyped errors: the error is carried out beside the result.
        var failure: DecodeError?
        let event: Event? = bytes.withUnsafeBytes { raw in
            do throws(DecodeError) { return try decode(raw) } catch {
                failure = error
                return nil
            }
        }
        guard let event else { throw failure! }
        return event
    }

    public func decode(_ text: String) throws(DecodeError) -> Event {
        try decode(Array(text.utf8))
    }
}
