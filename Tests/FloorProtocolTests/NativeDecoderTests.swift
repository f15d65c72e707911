import FloorCore
import FloorProtocol
import FloorTestSupport
import Foundation
import Testing

@Suite("Native protocol decoder")
struct NativeDecoderTests {
    let decoder = NativeDecoder()

    static let examplesPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/native/every-event-type.ndjson").path

    static func exampleLines() throws -> [String] {
        try String(contentsOfFile: examplesPath, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func decodesEveryDocumentedExample() throws {
        let events = try Self.exampleLines().map { try decoder.decode($0) }
        #expect(events.count == 19)
        #expect(events[0].body == .agent(id: "a-1001", .login(name: "Ana Lopez", team: "Billing")))
        guard case .agent(_, .profile(let profile)) = events[1].body else {
            Issue.record("expected a profile")
            return
        }
        #expect(profile.slots.voice == 1 && profile.slots.email == 1 && profile.slots.chat == 0)
        #expect(profile.crossChannel.email && !profile.crossChannel.voice)
        #expect(profile.queues == ["billing", "billing-email"])
        #expect(
            events[3].body == .contact(id: "c-42", .queued(queue: "billing", channel: .voice, caller: "+61400000042")))
        #expect(events[3].time == RFC3339.parse("2026-11-25T09:00:02Z"))
        #expect(events[6].time.milliseconds % 1000 == 500)
        #expect(events[9].body == .contact(id: "c-42", .transferred(toQueue: "retention", toAgent: nil)))
        #expect(events[11].body == .contact(id: "c-42", .ended(.completed, afterContactWork: true)))
        #expect(events[13].body == .agent(id: "a-1001", .status(.away(reason: "lunch"))))
        #expect(events[15].body == .heartbeat)
        #expect(events[15].time == Script.origin)
        #expect(events[16].body == .agent(id: "a-1002", .nextStatus(.away(reason: "lunch"))))
        #expect(events[17].body == .agent(id: "a-1002", .nextStatus(nil)))
        #expect(events[18].body == .contact(id: "cb-7", .scheduled(queue: "billing", channel: .voice)))
    }

    @Test func encoderRoundTripsEveryExample() throws {
        for line in try Self.exampleLines() {
            let event = try decoder.decode(line)
            #expect(try decoder.decode(NativeEncoder.encode(event)) == event)
        }
    }

    /// Reasons and single-digit versions are read in place: every reason, and the spellings
    /// around the fast paths, read as the general path reads them.
    @Test func everyEndReasonAndVersionSpellingDecodes() throws {
        for reason in EndReason.allCases {
            let line =
                #"{"v":1,"type":"contact.ended","contact":"c1","reason":"\#(reason.rawValue)","time_ms":1795597200000}"#
            #expect(try decoder.decode(line).body == .contact(id: "c1", .ended(reason, afterContactWork: false)))
        }
        let body = #""type":"contact.held","contact":"c1","time_ms":1795597200000"#
        #expect(try decoder.decode(#"{"v":1,\#(body)}"#).body == .contact(id: "c1", .held))
        #expect(try decoder.decode(#"{\#(body),"v":1}"#).body == .contact(id: "c1", .held))
        #expect(try decoder.decode(#"{"v": 1 ,\#(body)}"#).body == .contact(id: "c1", .held))
        #expect(throws: DecodeError.self) { try decoder.decode(#"{"v":2,\#(body)}"#) }
        #expect(throws: DecodeError.self) { try decoder.decode(#"{"v":11,\#(body)}"#) }
        #expect(throws: DecodeError.self) { try decoder.decode(#"{"v":1.0,\#(body)}"#) }
        #expect(throws: DecodeError.self) { try decoder.decode(#"{"v":1"#) }
        #expect(throws: DecodeError.self) {
            try decoder.decode(
                #"{"v":1,"type":"contact.ended","contact":"c1","reason":"complete","time_ms":1795597200000}"#)
        }
        // An escaped spelling still names the reason.
        #expect(
            try decoder.decode(
                #"{"v":1,"type":"contact.ended","contact":"c1","reason":"timed\u005fout","time_ms":1795597200000}"#
            )
            .body == .contact(id: "c1", .ended(.timedOut, afterContactWork: false)))
    }

    /// Canonical times are parsed where they lie in the line; every other spelling goes through
    /// the string reader and the general parser. Either way the event's time is what the parser
    /// alone makes of the text (ISO8601DateFormatter checks the parser in RFC3339Tests), and a
    /// text it rejects, or one outside 2000…2100, rejects the line.
    @Test func timesDecodeAsTheParserReadsThem() throws {
        var random = SplitMix64(seed: 33)
        let canonical = Array("2026-11-25T09:00:00.078Z".utf8)
        let replacements = Array("0123456789-:.TZz+ \"\\".utf8) + [0x01, 0xC3]
        for round in 0..<6_000 {
            var text = canonical
            for _ in 0..<(round % 3) {
                text[Int(random.next() % UInt64(text.count))] =
                    replacements[Int(random.next() % UInt64(replacements.count))]
            }
            if round % 7 == 0 { text.removeLast(Int(random.next() % 3)) }
            if round % 11 == 0 { text = Array("2026-11-25T09:00:00+01:00".utf8) }
            let line = Array(#"{"v":1,"type":"contact.held","contact":"c-1","time":""#.utf8) + text + Array(#""}"#.utf8)
            let expected = text.withUnsafeBytes { RFC3339.parse($0) }
            let plausible = expected.map { (946_684_800_000...4_102_444_800_000).contains($0.milliseconds) } ?? false
            let spelled = String(decoding: text, as: UTF8.self)
            let plain = !text.contains(UInt8(ascii: "\"")) && !text.contains(UInt8(ascii: "\\")) && !text.contains(0x01)
            if let expected, plausible, plain {
                #expect(try decoder.decode(line).time == expected, "\(spelled)")
            } else {
                #expect(throws: DecodeError.self, "\(spelled)") { try decoder.decode(line) }
            }
        }
    }

    /// `acw` is read by word where five bytes remain and by the byte loop at the very end: every
    /// spelling gives the same answer either way.
    @Test func afterContactWorkFlagSpellings() throws {
        let prefix = #"{"v":1,"type":"contact.ended","contact":"c-1","reason":"completed","time_ms":1795597200000,"#
        let cases: [(String, Bool?)] = [
            ("true", true), ("false", false), (" true", true), ("\tfalse", false), ("tru", nil), ("fals", nil),
            ("truex", nil), ("falsy", nil), ("null", nil), ("1", nil), ("\"true\"", nil),
        ]
        for (spelling, expected) in cases {
            for line in [prefix + #""acw":\#(spelling)}"#, prefix + #""acw":\#(spelling),"x":1}"#] {
                if let expected {
                    #expect(
                        try decoder.decode(line).body
                            == .contact(id: "c-1", .ended(.completed, afterContactWork: expected)), "\(line)")
                } else {
                    #expect(throws: DecodeError.self, "\(line)") { try decoder.decode(line) }
                }
            }
        }
    }

    /// The compact opening and one-digit version are read inline; spaced, empty and longer
    /// spellings take the general path and mean the same.
    @Test func openingAndVersionSpellings() throws {
        let rest = #""type":"contact.held","contact":"c-1","time_ms":1795597200000}"#
        for line in [#"{"v":1,"# + rest, #" {"v":1,"# + rest, #"{ "v" : 1 ,"# + rest, #"{"v":01,"# + rest] {
            #expect(try decoder.decode(line).body == .contact(id: "c-1", .held), "\(line)")
        }
        let failures: [(String, DecodeError.Reason)] = [
            ("{}", .missingField), ("{ }", .missingField), (#"{"v":2,"# + rest, .unsupportedVersion),
            (#"{"v":12,"# + rest, .unsupportedVersion), (#"{"v":1.0,"# + rest, .badField),
            (#"{"v":"1","# + rest, .badField), (#"{"v":null,"# + rest, .missingField), ("[1]", .malformedJSON),
        ]
        for (line, reason) in failures {
            do {
                _ = try decoder.decode(line)
                Issue.record("\(line) decoded")
            } catch {
                #expect(error.reason == reason, "\(line): \(error)")
            }
        }
    }

    @Test func unknownFieldsAreIgnored() throws {
        let event = try decoder.decode(
            #"{"extra":{"deep":[1,2,{"x":null}]},"v":1,"type":"contact.held","contact":"c1","time_ms":1795597200000,"n":-1.5e3,"b":true}"#
        )
        #expect(event.body == .contact(id: "c1", .held))
    }

    @Test func escapesAreDecoded() throws {
        let event = try decoder.decode(
            #"{"v":1,"type":"agent.login","agent":"a\"1","name":"Jos\u00e9 \ud83d\ude00\n","time_ms":1795597200000}"#)
        #expect(event.body == .agent(id: "a\"1", .login(name: "José 😀\n", team: nil)))
    }

    @Test(arguments: [
        (#"{"v":1,"type":"contact.held","contact":"c1","time_ms":1795597200000"#, DecodeError.Reason.malformedJSON),
        (#"{"v":1,"type":"contact.held""#, .malformedJSON),
        ("", .malformedJSON),
        ("not json", .malformedJSON),
        (#"[1,2]"#, .malformedJSON),
        (#"{"v":1,"type":"contact.held","contact":"c1","time_ms":1795597200000} trailing"#, .malformedJSON),
        (#"{"v":1,"type":"contact.teleported","contact":"c1","time_ms":1795597200000}"#, .unknownEventType),
        (#"{"v":1,"type":"contact.held","time_ms":1795597200000}"#, .missingField),
        (#"{"v":1,"type":"contact.held","contact":"c1"}"#, .missingField),
        (#"{"type":"contact.held","contact":"c1","time_ms":1795597200000}"#, .missingField),
        (#"{"v":2,"type":"contact.held","contact":"c1","time_ms":1795597200000}"#, .unsupportedVersion),
        (#"{"v":1,"type":"contact.held","contact":"c1","time":"yesterday"}"#, .badField),
        (#"{"v":1,"type":"contact.held","contact":"c1","time_ms":1795597200}"#, .badField),
        (#"{"v":1,"type":"contact.held","contact":"c1","time_ms":"1795597200000"}"#, .badField),
        (#"{"v":1,"type":"contact.held","contact":17,"time_ms":1795597200000}"#, .badField),
        (#"{"v":1,"type":"contact.held","contact":"","time_ms":1795597200000}"#, .badField),
        (
            #"{"v":1,"type":"contact.queued","contact":"c1","queue":"q","channel":"fax","time_ms":1795597200000}"#,
            .badField
        ),
        (#"{"v":1,"type":"contact.ended","contact":"c1","reason":"exploded","time_ms":1795597200000}"#, .badField),
        (#"{"v":1,"type":"agent.profile","agent":"a","slots":{"voice":2},"time_ms":1795597200000}"#, .badField),
        (#"{"v":1,"type":"agent.state","agent":"a","state":"sleeping","time_ms":1795597200000}"#, .badField),
        (#"{"v":1,"type":"contact.held","contact":"c1","time_ms":99999999999999999999999}"#, .badField),
    ])
    func rejectsWithTheRightReason(input: String, reason: DecodeError.Reason) {
        #expect(throws: DecodeError.self) { try decoder.decode(input) }
        do {
            _ = try decoder.decode(input)
        } catch {
            #expect(error.reason == reason, "\(input) -> \(error)")
            #expect(error.offset >= 0 && error.offset <= max(input.utf8.count, 1))
        }
    }

    @Test func reportsTheByteOffset() {
        let input = #"{"v":1,"type":"contact.held","contact":"c1","time_ms":1795597200000,"x":tru}"#
        do {
            _ = try decoder.decode(input)
            Issue.record("accepted malformed input")
        } catch {
            #expect(error.reason == .malformedJSON)
            #expect(error.offset == input.utf8.count - 4)
        }
    }

    @Test func oversizedInputIsRejectedBeforeParsing() {
        let padding = String(repeating: "x", count: 20_000)
        let input = #"{"v":1,"type":"contact.held","contact":"c1","time_ms":1795597200000,"pad":""# + padding + "\"}"
        #expect(throws: DecodeError(.tooLong, at: 16_384, "input of \(input.utf8.count) bytes exceeds 16384")) {
            try decoder.decode(input)
        }
    }

    @Test func overlongIdentifierIsABadField() {
        let id = String(repeating: "c", count: 300)
        #expect(throws: DecodeError.self) {
            try decoder.decode(#"{"v":1,"type":"contact.held","contact":""# + id + #"","time_ms":1795597200000}"#)
        }
    }

    @Test func deepNestingIsRejectedNotRecursedForever() {
        let deep = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
        do {
            _ = try decoder.decode(#"{"v":1,"x":"# + deep + "}")
            Issue.record("accepted hostile nesting")
        } catch {
            #expect(error.reason == .malformedJSON)
            #expect(error.detail.contains("nesting"))
        }
    }

    @Test func invalidUTF8NeverCrashesAndIsReplaced() throws {
        var bytes = Array(#"{"v":1,"type":"agent.login","agent":"a"#.utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array(#"","time_ms":1795597200000}"#.utf8)
        let event = try decoder.decode(bytes)
        guard case .agent(let id, _) = event.body else {
            Issue.record("expected an agent event")
            return
        }
        #expect(id.hasPrefix("a") && id.unicodeScalars.contains("\u{FFFD}"))
    }

    /// Random corruptions of valid lines: the decoder must return or throw, never crash or hang.
    @Test func randomCorruptionNeverCrashes() throws {
        var generator = SplitMix64(seed: 20_261_125)
        let lines = try Self.exampleLines().map { Array($0.utf8) }
        var accepted = 0
        var rejected = 0
        for round in 0..<20_000 {
            var bytes = lines[round % lines.count]
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                let position = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: generator.next())
                case 1: bytes.remove(at: position)
                default: bytes.insert(UInt8(truncatingIfNeeded: generator.next()), at: position)
                }
                if bytes.isEmpty { bytes = [0x7B] }
            }
            do {
                _ = try decoder.decode(bytes)
                accepted += 1
            } catch {
                rejected += 1
                #expect(error.offset >= 0 && error.offset <= max(bytes.count, 16_384))
            }
        }
        #expect(accepted + rejected == 20_000)
        #expect(rejected > 10_000)
    }
}
