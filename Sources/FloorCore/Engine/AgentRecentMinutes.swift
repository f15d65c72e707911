/// One agent's work minute by minute over the longest window, for its sliding-window figures
/// (`/v1/agents` `windows`), and when its last contact ended. Minutes are whole UTC minutes: a
/// window of 15 minutes is the current minute and the 14 before it, as the scopes' windows are
/// their current bucket and the ones before.
///
/// Stored as runs of identical minutes (`Run`), so an idle agent's hour costs one run and an
/// agent logged out for an hour nothing.
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

        /// Adds this minute's sums `times` over (a run of identical minutes).
        func add(to sums: inout AgentSums, times: Int64) {
            for channel in Channel.allCases { sums.handled[channel] += Int64(handled[Int(channel.rawValue)]) * times }
            sums.handleMs += Int64(handleMs) * times
            sums.holdMs += Int64(holdMs) * times
            sums.afterContactWorkMs += Int64(afterContactWorkMs) * times
            sums.missed += Int64(missed) * times
            sums.onContactMs += Int64(onContactMs) * times
            sums.idleMs += Int64(idleMs) * times
            sums.slotBusyMs += Int64(slotBusyMs) * times
            sums.slotCapacityMs += Int64(slotCapacityMs) * times
        }

        private static func sum(_ value: Int32, _ more: Int64) -> Int32 { Int32(clamping: Int64(value) + more) }
    }

    /// A stretch of consecutive minutes with the same sums: an idle agent's hour is one run, a
    /// busy agent's a few per contact (the minute it starts, the whole minutes on it, the minute it
    /// ends), instead of a row for every minute of the longest window.
    struct Run: Sendable, Equatable {
        var firstMinute: Int64
        var count: Int32
        var minute: Minute

        var lastMinute: Int64 { firstMinute + Int64(count) - 1 }
    }

    /// Oldest first, not overlapping, the newest ending at `newestMinute`; minutes without a run
    /// had nothing. Empty when idle.
    private(set) var runs: [Run] = []
    /// The newest minute written; windows reach back at most the longest window from it.
    private(set) var newestMinute = Int64.min
    /// When the agent's last contact ended (after-contact work included).
    var lastContactEnded: EventTime?

    init() {}

    init(runs: [Run], newestMinute: Int64, lastContactEnded: EventTime?) {
        self.runs = runs
        self.newestMinute = newestMinute
        self.lastContactEnded = lastContactEnded
    }

    /// From the ring of the checkpoint's format 5: one row per minute, by minute modulo the count.
    init(ringRows rows: [Minute], newestMinute: Int64, lastContactEnded: EventTime?) {
        self.lastContactEnded = lastContactEnded
        let (oldest, overflow) = newestMinute.subtractingReportingOverflow(Int64(rows.count) - 1)
        guard !rows.isEmpty, !overflow else { return }
        self.newestMinute = newestMinute
        for minute in oldest...newestMinute {
            let row = rows[ScopeWindows.slot(of: minute, ringLength: rows.count)]
            if row != Minute() { append(Run(firstMinute: minute, count: 1, minute: row)) }
        }
    }

    /// The ring of the checkpoint's format 5 (for writing that format): a row per minute from the
    /// oldest run to the newest minute, by minute modulo the count.
    var ringRows: [Minute] {
        guard let oldest = runs.first?.firstMinute else { return [] }
        let count = Int(newestMinute - oldest + 1)
        var rows = Array(repeating: Minute(), count: count)
        for run in runs {
            for minute in run.firstMinute...run.lastMinute {
                rows[ScopeWindows.slot(of: minute, ringLength: count)] = run.minute
            }
        }
        return rows
    }

    static func minute(of time: EventTime) -> Int64 { floorDivide(time.milliseconds, width) }

    /// Adds `work` done in the minute `time` falls in; `minutes`: the longest window in minutes.
    /// Work older than that before the newest minute counts in no window.
    mutating func add(_ work: AgentWork, at time: EventTime, minutes: Int) {
        let minute = Self.minute(of: time)
        // Most work lands in the newest minute, already a run of its own: nothing to forget, split
        // or merge on its right.
        let last = runs.count - 1
        if minute == newestMinute, last >= 0, runs[last].firstMinute == minute {
            runs[last].minute.add(work)
            if last > 0 { mergeIfSame(last - 1, last) }
            return
        }
        if minute > newestMinute { newestMinute = minute }
        guard minute > newestMinute - Int64(minutes) else { return }
        forgetBefore(newestMinute - Int64(minutes) + 1)
        let index = isolate(minute)
        runs[index].minute.add(work)
        // A finished minute joins its neighbours when their sums are the same (the later one
        // first: merging into the earlier one moves this run's index).
        if index + 1 < runs.count { mergeIfSame(index, index + 1) }
        if index > 0 { mergeIfSame(index - 1, index) }
    }

    /// The sums of the `length` up to and including the minute `now` is in.
    func sums(over length: Milliseconds, now: EventTime) -> AgentSums {
        var sums = AgentSums()
        let nowMinute = Self.minute(of: now)
        let windowMinutes = max(1, (length + Self.width - 1) / Self.width)
        let first = nowMinute - windowMinutes + 1
        for run in runs.reversed() {
            guard run.firstMinute <= nowMinute else { continue }
            guard run.lastMinute >= first else { break }
            let covered = min(run.lastMinute, nowMinute) - max(run.firstMinute, first) + 1
            run.minute.add(to: &sums, times: covered)
        }
        return sums
    }

    /// Forgets what no window can reach at `now` (the longest window is `minutes` long), and
    /// frees the storage once nothing is left.
    mutating func releaseIfIdle(now: EventTime, minutes: Int) {
        guard !runs.isEmpty else { return }
        forgetBefore(Self.minute(of: now) - Int64(minutes) + 1)
        if runs.isEmpty {
            runs = []
            newestMinute = .min
        }
    }

    /// Drops the minutes before `oldest`.
    private mutating func forgetBefore(_ oldest: Int64) {
        guard let first = runs.first, first.firstMinute < oldest else { return }
        var dropped = 0
        while dropped < runs.count, runs[dropped].lastMinute < oldest { dropped += 1 }
        runs.removeFirst(dropped)
        if let head = runs.first, head.firstMinute < oldest {
            runs[0].count = Int32(head.lastMinute - oldest + 1)
            runs[0].firstMinute = oldest
        }
    }

    /// The index of a run holding `minute` alone, split out of a longer run or inserted empty.
    private mutating func isolate(_ minute: Int64) -> Int {
        // Most work lands in the newest minute: search from the end.
        var index = runs.count
        while index > 0, runs[index - 1].firstMinute > minute { index -= 1 }
        if index > 0, runs[index - 1].lastMinute >= minute {
            let run = runs[index - 1]
            let row = run.minute
            if run.count == 1 { return index - 1 }
            var replacement: [Run] = []
            if run.firstMinute < minute {
                replacement.append(
                    Run(firstMinute: run.firstMinute, count: Int32(minute - run.firstMinute), minute: row))
            }
            replacement.append(Run(firstMinute: minute, count: 1, minute: row))
            if run.lastMinute > minute {
                replacement.append(Run(firstMinute: minute + 1, count: Int32(run.lastMinute - minute), minute: row))
            }
            runs.replaceSubrange((index - 1)..<index, with: replacement)
            return index - 1 + (run.firstMinute < minute ? 1 : 0)
        }
        runs.insert(Run(firstMinute: minute, count: 1, minute: Minute()), at: index)
        return index
    }

    private mutating func mergeIfSame(_ earlier: Int, _ later: Int) {
        guard runs[earlier].lastMinute + 1 == runs[later].firstMinute, runs[earlier].minute == runs[later].minute
        else { return }
        runs[earlier].count += runs[later].count
        runs.remove(at: later)
    }

    private mutating func append(_ run: Run) {
        runs.append(run)
        if runs.count > 1 { mergeIfSame(runs.count - 2, runs.count - 1) }
    }
}
