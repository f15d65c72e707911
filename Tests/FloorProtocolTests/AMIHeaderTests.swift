import FloorCore
import Testing

@testable import FloorProtocol

/// The AMI block's headers, read as bytes, equal a reading of the block as text (the plain
/// `String` splitting the decoder used before, kept here as the reference).
@Suite("AMI headers")
struct AMIHeaderTests {
    static func reference(_ bytes: [UInt8]) -> [String: String] {
        var headers: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let text = line.hasSuffix("\r") ? line.dropLast() : line
            guard let colon = text.firstIndex(of: ":") else { continue }
            var value = text[text.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
            headers[String(text[..<colon])] = String(value)
        }
        return headers
    }

    @Test func aRealBlockReadsAsSent() {
        let block = Array(
            "Event: QueueCallerJoin\r\nPrivilege: agent,all\r\nUniqueid: 1514295827.372\r\nAccountCode: \r\nCallerIDName: Eugene R\r\nQueue: Q1"
                .utf8)
        let headers = block.withUnsafeBytes { AsteriskAMIDecoder.headers($0) }
        #expect(headers == Self.reference(block))
        #expect(headers["Uniqueid"] == "1514295827.372" && headers["AccountCode"] == "" && headers["Queue"] == "Q1")
    }

    @Test(arguments: 0..<8) func randomBlocksReadAsTheTextReadingDoes(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        // Pieces that matter to the reading: line ends, colons, spaces, a multi-byte character,
        // invalid UTF-8. (Not a CR before a CRLF: the text reading drops both, the byte reading
        // one; AMI never sends it.)
        let pieces: [[UInt8]] = [
            Array("\r\n".utf8), Array("\n".utf8), Array(":".utf8), Array(" ".utf8), Array("Queue".utf8),
            Array("Event".utf8), Array("é".utf8), [0xFF], [0xC3], Array("x".utf8), Array("1.5".utf8),
        ]
        for _ in 0..<400 {
            var block: [UInt8] = []
            for _ in 0..<Int(random.next() % 40) { block += pieces[Int(random.next() % UInt64(pieces.count))] }
            let headers = block.withUnsafeBytes { AsteriskAMIDecoder.headers($0) }
            #expect(headers == Self.reference(block), "block \(block)")
        }
    }
}

/// The resource id of an ARN, read from its bytes, equals the last part of a split by `/`.
@Suite("ARN resource ids")
struct ARNResourceIdTests {
    @Test(arguments: [
        "arn:aws:connect:ap-southeast-2:123456789012:instance/6c1e5b87-0a0b/queue/4d2b9f1e-5c6a",
        "arn:aws:connect:us-east-1:1:instance/i/agent/a-1/", "no-slash", "/", "//", "", "a//b", "é/ü", "x/é",
    ])
    func theLastPartOfTheARN(arn: String) {
        let reference = arn.split(separator: "/").last.map(String.init)
        #expect(ConnectAgentEventDecoder.lastComponent(arn) == reference)
    }
}
