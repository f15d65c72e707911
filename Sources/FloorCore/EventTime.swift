/// A point in time as milliseconds since the Unix epoch (UTC).
///
/// FloorCore never reads a clock: every "now" is passed in as an `EventTime`. Value type;
/// thread-safe.
public struct EventTime: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public init(seconds: Double) { self.milliseconds = Int64((seconds * 1000).rounded()) }

    public static func < (lhs: EventTime, rhs: EventTime) -> Bool { lhs.milliseconds < rhs.milliseconds }

    public static func + (lhs: EventTime, rhs: Milliseconds) -> EventTime {
        EventTime(milliseconds: lhs.milliseconds + rhs)
    }

    public static func - (lhs: EventTime, rhs: Milliseconds) -> EventTime {
        EventTime(milliseconds: lhs.milliseconds - rhs)
    }

    /// The signed distance `lhs - rhs` in milliseconds.
    public static func - (lhs: EventTime, rhs: EventTime) -> Milliseconds { lhs.milliseconds - rhs.milliseconds }

    public var seconds: Double { Double(milliseconds) / 1000 }

    public var description: String { RFC3339.format(self) }
}

/// A duration in milliseconds. Plain integers keep window arithmetic exact.
public typealias Milliseconds = Int64

extension Milliseconds {
    public static func seconds(_ value: Int64) -> Milliseconds { value * 1000 }
    public static func minutes(_ value: Int64) -> Milliseconds { value * 60_000 }
    public static func hours(_ value: Int64) -> Milliseconds { value * 3_600_000 }
}
