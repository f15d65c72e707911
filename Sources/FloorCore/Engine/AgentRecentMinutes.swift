/// One agent's work minute by minute over the longest window, for its sliding-window figures
/// (`/v1/agents` `windows`), and when its last contact ended. Minutes are whole UTC minutes: a
/// window of 15 minutes is the current minute and the 14 before it, as the scopes' windows are
/// their current bucket and the ones before.
///
/// The rows are allocated when the agent first does something in a window and released once a
/// whole window has passed with nothing, so an agent logged out for an hour costs nothing.
///
/// Not thread-safe: owned by the engine (single writer).
struct AgentRecentMinutes: Sendable, Equatable {
    static let width: Milliseconds = .minutes(1)

    /// A minute's sums, narrowed: a minute holds at most 60,000 ms of time per slot, and an
    /// agent finishes far fewer than 255 contacts a minute on one channel.
    struct Minute: Sendable, Equatable {
        var handleMs: Int32 = 0
        var holdMs: Int32 = 0
        var afterContactWorkMs: Int32 = 0
        var slotBusyMs: Int32 = 0
        var slotCapacityMs: Int32 = 0
        var onContactMs: UInt16 = 0
        var idleMs: UInt16 = 0
        var handled: SIMD4<UInt8> = .zero
        var missed: UInt8 = 0

        mutating func add(_ work: AgentWork) {
            switch work {
            case .handled(let channel, let handle, let hold, let afterContactWork):
                let index = Int(channel.rawValue)
                handled[index] = handled[index] &+ (handled[index] == .max ? 0 : 1)
                handleMs = Self.sum(handleMs, handle)
                holdMs = Self.sum(holdMs, hold)
                afterContactWorkMs = Self.sum(afterContactWorkMs, afterContactWork)
            case .missed: missed = missed &+ (missed == .max ? 0 : 1)
            case .time(let onContact, let idle, let slotBusy, let slotCapacity):
                onContactMs = UInt16(clamping: Int64(onContactMs) + onContact)
                idleMs = UInt16(clamping: Int64(idleMs) + idle)
                slotBusyMs = Self.sum(slotBusyMs, slotBusy)
                slotCapacityMs = Self.sum(slotCapacityMs, slotCapacity)
            }
        }

        func add(to sums: inout AgentSums) {
            for channel in Channel.allCases { sums.handled[channel] += Int64(handled[Int(channel.rawValue)]) }
            sums.handleMs += Int64(handleMs)
            sums.holdMs += Int64(holdMs)
            sums.afterContactWorkMs += Int64(afterContactWorkMs)
            sums.missed += Int64(missed)
            sums.onContactMs += Int64(onContactMs)
            sums.idleMs += Int64(idleMs)
            sums.slotBusyMs += Int64(slotBusyMs)
            sums.slotCapacityMs += Int64(slotCapacityMs)
        }

        private static func sum(_ value: Int32, _ more: Int64) -> Int32 { Int32(clamping: Int64(value) + more) }
    }

    /// One row per minute of the longest window, by minute modulo the count; empty when idle.
    private(set) var rows: [Minute] = []
    /// The newest minute written (rows hold it and the ones before it).
    private(set) var newestMinute = Int64.min
    /// When the agent's last contact ended (after-contact work included).
    var lastContactEnded: EventTime?

    init() {}

    init(rows: [Minute], newestMinute: Int64, lastContactEnded: EventTime?) {
        self.rows = rows
        self.newestMinute = newestMinute
        self.lastContactEnded = lastContactEnded
    }

    static func minute(of time: EventTime) -> Int64 { floorDivide(time.milliseconds, width) }

    /// Adds `work` done in the minute `time` falls in; `minutes`: the ring's length (the longest
    /// window). Work older than the ring counts in no window.
    mutating func add(_ work: AgentWork, at time: EventTime, minutes: Int) {
        let minute = Self.minute(of: time)
        if rows.count != minutes {
            rows = Array(repeating: Minute(), count: minutes)
            newestMinute = minute
        }
        if minute > newestMinute {
            let cleared = min(minute - newestMinute, Int64(minutes))
            for step in 0..<cleared { rows[slot(minute - step)] = Minute() }
            newestMinute = minute
        }
        guard minute > newestMinute - Int64(minutes) else { return }
        rows[slot(minute)].add(work)
    }

    /// The sums of the `length` up to and including the minute `now` is in.
    func sums(over length: Milliseconds, now: EventTime) -> AgentSums {
        var sums = AgentSums()
        guard !rows.isEmpty else { return sums }
        let nowMinute = Self.minute(of: now)
        let windowMinutes = max(1, (length + Self.width - 1) / Self.width)
        let first = max(nowMinute - windowMinutes + 1, newestMinute - Int64(rows.count) + 1)
        let last = min(nowMinute, newestMinute)
        guard first <= last else { return sums }
        for minute in first...last { rows[slot(minute)].add(to: &sums) }
        return sums
    }

    /// Frees the rows once nothing written is inside any window at `now`.
    mutating func releaseIfIdle(now: EventTime) {
        guard !rows.isEmpty, newestMinute <= Self.minute(of: now) - Int64(rows.count) else { return }
        rows = []
        newestMinute = .min
    }

    private func slot(_ minute: Int64) -> Int { ScopeWindows.slot(of: minute, ringLength: rows.count) }
}
