import FloorCore
import FloorProtocol
import Foundation
import Testing

@testable import FloorDaemon

/// Asterisk writes ISO queue_log times in the PBX's local time unless
/// `queue_log_realtime_use_gmt = yes` (DOMAIN.md §C.3): each source reads them in its configured
/// zone, by default the site's. Expected instants are worked out by hand from the zone's offsets.
@Suite("queue_log local times")
struct QueueLogTimeZoneTests {
    static func decode(_ line: String, zone: String) -> EventTime? {
        let decoder = AsteriskQueueLogDecoder(localTime: TimeZone(identifier: zone)!.localTimeConversion)
        var events: [Event] = []
        Array(line.utf8).withUnsafeBytes { raw in try? decoder.decode(raw, into: &events) }
        return events.first?.time
    }

    @Test func isoTimesAreReadInTheSourcesZoneAcrossDaylightSaving() {
        let enter = "|c1|support|NONE|ENTERQUEUE||7001|1"
        // August in Melbourne is AEST (+10:00); January is AEDT (+11:00).
        #expect(
            Self.decode("2020-08-04 15:09:01" + enter, zone: "Australia/Melbourne")
                == RFC3339.parse("2020-08-04T05:09:01Z"))
        #expect(
            Self.decode("2020-01-15 12:00:00.500" + enter, zone: "Australia/Melbourne")
                == RFC3339.parse("2020-01-15T01:00:00.500Z"))
        // UTC stays as written; an explicit offset always wins over the zone.
        #expect(Self.decode("2020-08-04 15:09:01" + enter, zone: "UTC") == RFC3339.parse("2020-08-04T15:09:01Z"))
        #expect(
            Self.decode("2020-08-04 15:09:01+02:00" + enter, zone: "Australia/Melbourne")
                == RFC3339.parse("2020-08-04T13:09:01Z"))
        // Epoch seconds are UTC by definition.
        #expect(Self.decode("1596553741" + enter, zone: "Australia/Melbourne") == RFC3339.parse("2020-08-04T15:09:01Z"))
    }

    @Test func eachSourceMayNameItsZone() throws {
        let (configuration, _) = try ConfigurationFile.parse(
            """
            [daemon]
            time_zone = "Australia/Melbourne"
            [[tail]]
            path = "/var/log/asterisk/queue_log"
            time_zone = "Europe/London"
            [[listener]]
            transport = "tcp"
            address = "127.0.0.1:7601"
            format = "asterisk-queue-log"
            """)
        #expect(configuration.timeZone == "Australia/Melbourne")
        #expect(configuration.tails.first?.timeZone == "Europe/London")
        #expect(configuration.listeners.first?.timeZone == nil)
        #expect(throws: ConfigurationError.self) {
            try ConfigurationFile.parse("[[tail]]\npath = \"/q\"\ntime_zone = \"Mars/Olympus\"")
        }
    }
}
