import FloorTestSupport
import Foundation
import Testing

@testable import FloorCore

@Suite("RFC 3339 timestamps")
struct RFC3339Tests {
    static func parse(_ text: String, _ parser: (UnsafeRawBufferPointer) -> EventTime?) -> EventTime? {
        var copy = text
        return copy.withUTF8 { parser(UnsafeRawBufferPointer($0)) }
    }

    /// The canonical fast path against Foundation's ISO 8601 parser, an independent reading.
    @Test func canonicalFormAgreesWithFoundation() throws {
        let reference = ISO8601DateFormatter()
        reference.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var random = SplitMix64(seed: 3339)
        for _ in 0..<2_000 {
            // 2000-01-01 … 2100-01-01, any millisecond.
            let milliseconds = 946_684_800_000 + Int64(random.next() % 3_155_760_000_000)
            let text = RFC3339.format(EventTime(milliseconds: milliseconds))
            let date = try #require(reference.date(from: text), "Foundation rejects \(text)")
            let fast = try #require(Self.parse(text, RFC3339.parseCanonical), "fast path rejects \(text)")
            #expect(fast.milliseconds == Int64((date.timeIntervalSince1970 * 1000).rounded()), "\(text)")
            #expect(fast.milliseconds == milliseconds)
        }
    }

    /// One byte changed anywhere: the fast path either declines or agrees with the general parser.
    @Test func fastPathNeverDisagreesWithTheGeneralParser() {
        var random = SplitMix64(seed: 24)
        let alphabet = Array("0123456789-:.TZtz+ ,a/".utf8) + [0x00, 0xFF]
        var declined = 0
        for _ in 0..<20_000 {
            let milliseconds = 946_684_800_000 + Int64(random.next() % 3_155_760_000_000)
            var bytes = Array(RFC3339.format(EventTime(milliseconds: milliseconds)).utf8)
            bytes[Int(random.next() % 24)] = alphabet[Int(random.next() % UInt64(alphabet.count))]
            let (fast, general) = bytes.withUnsafeBytes { (RFC3339.parseCanonical($0), RFC3339.parseGeneral($0)) }
            if let fast {
                #expect(fast == general, "\(String(decoding: bytes, as: UTF8.self))")
            } else {
                declined += 1
            }
            #expect(bytes.withUnsafeBytes { RFC3339.parse($0) } == general)
        }
        // The mutations do hit the fast path's checks (a test that cannot fail proves nothing).
        #expect(declined > 5_000)
    }

    /// Days and civil dates round-trip across eras, negative years and the shifted fast path's edge.
    @Test func civilDatesRoundTrip() {
        var random = SplitMix64(seed: 1970)
        var days: [Int64] = [-719_468, -719_469, 0, -1, 59, 60, 11_016, 2_932_896]
        // Around year -10000 (where the fast path ends) and across ±20,000 years.
        days += (0..<100).map { -4_372_400 + $0 * 10 }
        days += (0..<4_000).map { _ in Int64(random.next() % 14_610_000) - 7_305_000 }
        for day in days {
            let civil = RFC3339.civilFromDays(day)
            #expect(RFC3339.daysFromCivil(year: civil.year, month: civil.month, day: civil.day) == day, "\(day)")
        }
    }
}
