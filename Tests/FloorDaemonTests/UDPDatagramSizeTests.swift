import Foundation
import Testing

/// Datagrams up to `ingest.max_line_bytes` (16 KiB by default) are read whole; longer ones are
/// counted as `too_long`, never cut short and misread (they were cut at 2,048 bytes).
@Suite("floorwatchd UDP datagram sizes", .serialized)
struct UDPDatagramSizeTests {
    @Test func datagramsUpToTheLimitAreReadAndLongerOnesCounted() throws {
        let daemon = try DaemonProcess(clock: "event")
        try daemon.waitUntilServing()
        func event(_ contact: String, padding: Int) -> String {
            // Whitespace between members is valid JSON: the event stays the same, only longer.
            #"{"v":1,"type":"contact.queued","#
                + String(repeating: " ", count: padding)
                + #""time":"2026-03-02T09:00:00Z","contact":"\#(contact)","queue":"billing","channel":"voice"}"#
        }
        let tenKilobytes = event("c-10k", padding: 10_000)
        let twentyKilobytes = event("c-20k", padding: 20_000)
        #expect(tenKilobytes.utf8.count > 2_048 && tenKilobytes.utf8.count < 16_384)
        daemon.sendUDP(tenKilobytes)
        daemon.sendUDP(twentyKilobytes)
        let snapshot = try daemon.waitForSnapshot { snapshot in
            let sources = snapshot["sources"] as? [[String: Any]] ?? []
            return sources.contains { ($0["decode_errors"] as? [String: Int])?["too_long"] == 1 }
        }
        let voice = (snapshot["channels"] as? [String: Any])?["voice"] as? [String: Any]
        #expect(voice?["in_queue"] as? Int == 1)
        let udp = (snapshot["sources"] as? [[String: Any]] ?? []).first {
            ($0["name"] as? String)?.hasPrefix("udp://") == true
        }
        #expect(udp?["decode_errors"] as? [String: Int] == ["too_long": 1])
    }
}
