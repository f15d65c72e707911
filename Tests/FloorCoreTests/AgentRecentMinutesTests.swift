import FloorTestSupport
import Testing

@testable import FloorCore

/// The run-length store of an agent's recent minutes against a naive model of what it promises:
/// every minute's sums kept apart, work older than the longest window before the newest minute
/// counted nowhere, a window of N minutes = the minute `now` is in and the N − 1 before it.
@Suite("An agent's recent minutes, run-length encoded")
struct AgentRecentMinutesTests {
    /// The naive model: a dictionary of minutes.
    struct NaiveMinutes {
        var minutes: [Int64: AgentSums] = [:]
        var newest = Int64.min

        mutating func add(_ work: AgentWork, at time: EventTime, ringMinutes: Int) {
            let minute = Int64((Double(time.milliseconds) / 60_000).rounded(.down))
            newest = max(newest, minute)
            guard minute > newest - Int64(ringMinutes) else { return }
            minutes[minute, default: AgentSums()].add(work)
            minutes = minutes.filter { $0.key > newest - Int64(ringMinutes) }
        }

        func sums(over length: Milliseconds, now: EventTime) -> AgentSums {
            let nowMinute = Int64((Double(now.milliseconds) / 60_000).rounded(.down))
            let count = Int64((Double(length) / 60_000).rounded(.up))
            var sums = AgentSums()
            for (minute, value) in minutes where minute <= nowMinute && minute > nowMinute - count {
                sums.handled = PerChannel { sums.handled[$0] + value.handled[$0] }
                sums.handleMs += value.handleMs
                sums.holdMs += value.holdMs
                sums.afterContactWorkMs += value.afterContactWorkMs
                sums.missed += value.missed
                sums.onContactMs += value.onContactMs
                sums.idleMs += value.idleMs
                sums.slotBusyMs += value.slotBusyMs
                sums.slotCapacityMs += value.slotCapacityMs
            }
            return sums
        }
    }

    @Test(arguments: 1...40)
    func runsAgreeWithEveryMinuteKeptApart(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var runs = AgentRecentMinutes()
        var naive = NaiveMinutes()
        let ringMinutes = 60
        var clock: Int64 = 1_767_225_600_000 + Int64(random.next() % 60_000)
        var timeUsed: [Int64: Int64] = [:]
        for _ in 0..<400 {
            // Mostly forward in small steps (an idle agent accounted each tick), now and then a
            // long gap or a late fact for an earlier minute.
            switch random.next() % 20 {
            case 0: clock += Int64(random.next() % (90 * 60_000))
            case 1...2: clock -= Int64(random.next() % (70 * 60_000))
            default: clock += Int64(random.next() % 40_000)
            }
            let time = EventTime(milliseconds: clock)
            // A minute holds at most 60,000 ms of time: the rest of this one, or part of it.
            let minute = Int64((Double(clock) / 60_000).rounded(.down))
            let left = 60_000 - timeUsed[minute, default: 0]
            let duration = random.next() % 3 == 0 ? left : min(left, Int64(random.next() % 30_000))
            let work: AgentWork =
                switch random.next() % 10 {
                case 0: .handled(channel: .voice, handleMs: 200_000, holdMs: 10_000, afterContactWorkMs: 30_000)
                case 1: .missed
                case 2...5: .time(onContactMs: duration, idleMs: 0, slotBusyMs: duration, slotCapacityMs: duration)
                default: .time(onContactMs: 0, idleMs: duration, slotBusyMs: 0, slotCapacityMs: duration)
                }
            if case .time = work { timeUsed[minute, default: 0] += duration }
            runs.add(work, at: time, minutes: ringMinutes)
            naive.add(work, at: time, ringMinutes: ringMinutes)
            for length in [Milliseconds.minutes(1), .minutes(15), .minutes(60)] {
                for now in [time, time + .minutes(7), time - .minutes(3)] {
                    #expect(runs.sums(over: length, now: now) == naive.sums(over: length, now: now))
                }
            }
            // Runs stay ordered, apart and within the ring.
            for (earlier, later) in zip(runs.runs, runs.runs.dropFirst()) {
                #expect(earlier.lastMinute < later.firstMinute)
            }
            #expect((runs.runs.first?.firstMinute ?? .max) > runs.newestMinute - Int64(ringMinutes))
        }
    }

    @Test func anIdleHourIsOneRun() {
        var recent = AgentRecentMinutes()
        let start = EventTime(milliseconds: 1_767_225_600_000)
        // Accounted every 250 ms for an hour, as the engine does on each publication.
        var time = start
        while time < start + .minutes(60) {
            recent.add(.time(onContactMs: 0, idleMs: 250, slotBusyMs: 0, slotCapacityMs: 250), at: time, minutes: 60)
            time = time + 250
        }
        #expect(recent.runs.count == 1)
        #expect(recent.sums(over: .minutes(15), now: time - 1).idleMs == 15 * 60_000)
        recent.releaseIfIdle(now: time + .minutes(61), minutes: 60)
        #expect(recent.runs.isEmpty)
    }

    @Test func theCheckpointsRingOfFormatFiveReadsBackAsTheSameRuns() {
        var recent = AgentRecentMinutes()
        let start = EventTime(milliseconds: 1_767_225_600_000)
        for minute in 0..<50 where minute % 7 != 3 {
            recent.add(
                .time(onContactMs: 0, idleMs: 60_000, slotBusyMs: 0, slotCapacityMs: 60_000),
                at: start + .minutes(Int64(minute)), minutes: 60)
        }
        recent.add(.missed, at: start + .minutes(20), minutes: 60)
        let converted = AgentRecentMinutes(
            ringRows: recent.ringRows, newestMinute: recent.newestMinute, lastContactEnded: nil)
        #expect(converted.runs == recent.runs)
    }

    /// A late minute between two equal ones joins both into one run.
    @Test func aLateMinuteJoinsBothNeighbours() {
        var recent = AgentRecentMinutes()
        let start = EventTime(milliseconds: 1_767_225_600_000)
        recent.add(.missed, at: start + .minutes(10), minutes: 60)
        recent.add(.missed, at: start + .minutes(12), minutes: 60)
        #expect(recent.runs.count == 2)
        recent.add(.missed, at: start + .minutes(11), minutes: 60)
        #expect(recent.runs.count == 1)
        #expect(recent.runs.first?.count == 3)
    }

    /// Damaged runs in a checkpoint are refused, never trapped on: a run ending past the newest
    /// minute, one whose end overflows, runs out of order.
    @Test func damagedRunsInACheckpointAreRefused() throws {
        let engine = FloorEngine.eventClock()
        let minute = AgentRecentMinutes.Minute()
        let damaged: [AgentRecentMinutes] = [
            AgentRecentMinutes(
                runs: [.init(firstMinute: .min, count: 2, minute: minute)], newestMinute: .min, lastContactEnded: nil),
            AgentRecentMinutes(
                runs: [.init(firstMinute: .max, count: 5, minute: minute)], newestMinute: .max, lastContactEnded: nil),
            AgentRecentMinutes(
                runs: [.init(firstMinute: 100, count: 5, minute: minute)], newestMinute: 101, lastContactEnded: nil),
            AgentRecentMinutes(
                runs: [
                    .init(firstMinute: 100, count: 5, minute: minute),
                    .init(firstMinute: 103, count: 1, minute: minute),
                ], newestMinute: 200, lastContactEnded: nil),
        ]
        for recent in damaged {
            var checkpoint = engine.checkpoint()
            checkpoint.agentRecent = [recent]
            #expect(throws: BinaryReader.Malformed.self) { try EngineCheckpoint(decoding: checkpoint.encoded()) }
        }
        // A format 5 ring whose newest minute is near the bottom of the range reads as empty.
        let ring = AgentRecentMinutes(
            ringRows: Array(repeating: minute, count: 60), newestMinute: .min + 3, lastContactEnded: nil)
        #expect(ring.runs.isEmpty)
    }
}
