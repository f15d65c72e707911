import FloorCore
import FloorTestSupport
import Testing

@testable import FloorProtocol

/// The decoder tells keys and names apart by words (`JSONScanner.words`) against generated
/// constants: each constant must be its text's bytes, the scanner must read the same words
/// wherever the text sits (mid-line, or at the end where no eight bytes are readable), and no
/// other text of that length may match.
@Suite("Literal words")
struct NativeWordsTests {
    /// The reference: the bytes packed little-endian, one at a time.
    static func packed(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
    }

    static func reference(_ text: String) -> LiteralWords {
        let bytes = Array(text.utf8)
        return LiteralWords(
            count: bytes.count, first: packed(bytes.prefix(8)), last: bytes.count > 8 ? packed(bytes.suffix(8)) : 0)
    }

    /// The words the scanner reads for `text` as a JSON string inside `before` … `after`.
    static func scanned(_ text: [UInt8], before: String, after: String) throws -> LiteralWords {
        let input = Array(before.utf8) + [UInt8(ascii: "\"")] + text + [UInt8(ascii: "\"")] + Array(after.utf8)
        return try input.withUnsafeBytes { raw in
            var scanner = JSONScanner(raw)
            scanner.position = before.utf8.count
            let slice = try scanner.readString()
            return scanner.words(slice)
        }
    }

    @Test func everyConstantIsItsText() {
        #expect(NativeWords.table.count == 49)
        for (text, words) in NativeWords.table {
            #expect(words == Self.reference(text), "\(text)")
        }
    }

    @Test func theScannerReadsTheSameWordsAnywhere() throws {
        for (text, words) in NativeWords.table {
            let bytes = Array(text.utf8)
            for (before, after) in [("{", ":1,\"v\":1}"), ("", ""), ("[1,2,", "]"), ("", "}")] {
                #expect(try Self.scanned(bytes, before: before, after: after) == words, "\(text) in \(before)…\(after)")
            }
        }
    }

    @Test func noOtherTextOfAConstantMatchesIt() throws {
        for (text, words) in NativeWords.table {
            let bytes = Array(text.utf8)
            for position in bytes.indices {
                for replacement in [UInt8(ascii: "X"), bytes[position] ^ 0x01, 0xC3]
                where replacement != bytes[position] {
                    var changed = bytes
                    changed[position] = replacement
                    for after in ["", "}"] {
                        #expect(try Self.scanned(changed, before: "", after: after) != words, "\(changed) \(text)")
                    }
                }
            }
            #expect(try Self.scanned(bytes + [UInt8(ascii: "s")], before: "", after: "}") != words)
            #expect(try Self.scanned(Array(bytes.dropLast()), before: "", after: "}") != words)
        }
    }

    /// The one-load key path gives what the general one gives (key, words, position), for keys
    /// of every length, with escapes, spaces, or too few bytes left.
    @Test func keysReadInOneLoadAsInTheGeneralPath() throws {
        var random = SplitMix64(seed: 21)
        let pieces = ["a", "_", "\\n", "\\\"", "é", "z"]
        for _ in 0..<4_000 {
            let length = Int(random.next() % 12)
            let key = (0..<length).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            let colon = random.next() % 4 == 0 ? " :" : ":"
            let value = ["1}", "\"x\"}", "", "1"][Int(random.next() % 4)]
            let input = Array("\"\(key)\"\(colon)\(value)".utf8)
            let (fast, general) = input.withUnsafeBytes { raw in
                var one = JSONScanner(raw)
                var other = JSONScanner(raw)
                let fast = (try? one.readKeyWords()).map { ($0.key.start, $0.key.end, $0.words, one.position) }
                let general = (try? other.readKey()).map { ($0.start, $0.end, other.words($0), other.position) }
                return (fast, general)
            }
            #expect(fast?.0 == general?.0 && fast?.1 == general?.1, "\(key)")
            #expect(fast?.2 == general?.2 && fast?.3 == general?.3, "\(key)")
            #expect((fast == nil) == (general == nil), "\(key)")
        }
    }

    @Test func longerSlicesMatchNothing() throws {
        let long = Array("contact.transferred.queue".utf8)
        let words = try Self.scanned(long, before: "", after: "}")
        #expect(words.count == long.count)
        #expect(!NativeWords.table.contains { $0.words == words })
    }

    /// Through the decoder: a type one byte off any known type, or only its prefix, is unknown.
    @Test func typesOneByteOffAreUnknown() throws {
        let decoder = NativeDecoder()
        let contactTypes = ["queued", "offered", "missed", "connected", "held", "resumed", "transferred", "ended"]
        let agentTypes = ["login", "logout", "state", "next_state", "profile"]
        let names =
            (contactTypes + ["acw_ended"]).map { "contact.\($0)" } + agentTypes.map { "agent.\($0)" } + ["heartbeat"]
        for name in names + ["contact.", "agent.", "contact", "agent"] {
            var variants = [name + "x", String(name.dropLast())]
            if let last = name.utf8.last { variants.append(String(name.dropLast()) + (last == 0x58 ? "Y" : "X")) }
            for variant in variants where !names.contains(variant) {
                let line = #"{"v":1,"type":"\#(variant)","time_ms":1795597200000,"contact":"c","agent":"a"}"#
                #expect(throws: DecodeError.self, "\(variant)") { try decoder.decode(line) }
                do {
                    _ = try decoder.decode(line)
                } catch {
                    #expect(error.reason == .unknownEventType, "\(variant): \(error)")
                }
            }
        }
    }
}
