import FloorCore
import FloorProtocol
import FloorTestSupport
import Foundation
import Testing

/// The scanner reads string bytes eight at a time: every position of a quote, an escape, a
/// control character or a multi-byte character, and every distance from the end of the input,
/// must read as Foundation's JSON parser (the reference) reads it.
@Suite("String scanning")
struct StringScanTests {
    let decoder = NativeDecoder()

    static func line(contact: String) throws -> String {
        let object: [String: Any] = ["v": 1, "type": "contact.held", "contact": contact, "time_ms": 1_795_597_200_000]
        return String(
            decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func randomIdentifiersDecodeAsFoundationEncodedThem() throws {
        var random = SplitMix64(seed: 8)
        let pieces = [
            "a", "Z", "7", "-", "\"", "\\", "/", "\n", "\t", "\u{01}", "\u{1F}", " ", "é", "€", "😀", "\u{7F}",
        ]
        for _ in 0..<3_000 {
            let length = 1 + Int(random.next() % 40)
            let id = (0..<length).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            let line = try Self.line(contact: id)
            let event = try decoder.decode(line)
            #expect(event.body == .contact(id: id, .held), "\(line)")
        }
    }

    /// An unescaped control character is rejected at its own offset, wherever it sits in a word.
    @Test func rawControlCharactersAreRejectedWhereTheyAre() throws {
        for position in 0..<20 {
            for control: UInt8 in [0x00, 0x01, 0x0A, 0x1F] {
                var id = Array(String(repeating: "x", count: 20).utf8)
                id[position] = control
                let prefix = Array(#"{"v":1,"type":"contact.held","time_ms":1795597200000,"contact":""#.utf8)
                let bytes = prefix + id + Array(#""}"#.utf8)
                do {
                    _ = try decoder.decode(bytes)
                    Issue.record("accepted a raw control character at \(position)")
                } catch {
                    #expect(error.offset == prefix.count + position)
                }
            }
        }
    }

    /// A string cut off at every length is unterminated, never read past the input.
    @Test func truncatedStringsAreUnterminated() throws {
        let full = Array(try Self.line(contact: "abcdefghijklmnopqrstuvwxyz0123456789").utf8)
        let start = try #require(full.firstRange(of: Array("abcdefgh".utf8))).lowerBound
        for cut in start..<(start + 36) {
            do {
                _ = try decoder.decode(Array(full[..<cut]))
                Issue.record("accepted a line cut at \(cut)")
            } catch {
                #expect(error.reason == .malformedJSON)
            }
        }
    }
}
