import FloorProtocol
import Foundation

extension TimeZone {
    /// Converts a wall-clock time of this zone, read as if it were UTC, to the real UTC time (for
    /// Asterisk's ISO queue_log times). Across a DST change the offset at the resulting instant is
    /// used; a time that a spring-forward skips lands an hour later, as the clock on the wall did.
    var localTimeConversion: AsteriskQueueLogDecoder.LocalTimeConversion {
        let zone = self
        return { naive in
            let naiveDate = Date(timeIntervalSince1970: Double(naive) / 1000)
            let first = Int64(zone.secondsFromGMT(for: naiveDate)) * 1000
            let guess = naive - first
            let second = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(guess) / 1000))) * 1000
            return naive - second
        }
    }

    /// The zone a source's local times are in: its own `time_zone`, else the site's, else the system's.
    static func sourceZone(_ identifier: String?, site: String?) -> TimeZone {
        identifier.flatMap(TimeZone.init(identifier:)) ?? site.flatMap(TimeZone.init(identifier:)) ?? .current
    }
}
