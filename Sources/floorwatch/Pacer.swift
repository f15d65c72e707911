import FloorCore
import Foundation
import Glibc

/// Advances simulated time at `speed` simulated seconds per real second, in small steps, so a
/// long run never holds a day of events in memory.
struct Pacer {
    var speed: Double

    func run(from start: EventTime, to end: EventTime, step: (EventTime) throws -> Void) throws {
        let began = Self.monotonic()
        var cursor = start
        while cursor < end {
            if speed == 0 {
                cursor = min(end, cursor + .minutes(1))
            } else {
                usleep(100_000)
                let elapsed = Self.monotonic() - began
                cursor = min(end, start + Milliseconds(elapsed * speed * 1000))
            }
            try step(cursor)
        }
    }

    static func monotonic() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
