import FloorAlerting
import Testing

@testable import FloorCore

/// The rule engine with an injected clock: `for`, hysteresis, re-notify, acknowledgements,
/// silences, hours and the journald wording.
@Suite struct AlertEvaluatorTests {
    static let settings = EngineSettings()
    static let start = EventTime(milliseconds: 1_764_000_000_000)

    /// A floor with one voice queue whose oldest contact has waited `oldestWait` seconds.
    static func floor(oldestWait: Double?, queue: String = "billing", at time: EventTime) -> FloorSnapshot {
        var scope = ScopeSnapshot.empty(
            channel: .voice, goal: settings.channelGoals.voice, windows: settings.windows)
        scope.oldestWait = oldestWait.map { Milliseconds($0 * 1000) }
        scope.inQueue = oldestWait == nil ? 0 : 3
        let empty = FloorSnapshot.empty(settings: settings, at: time)
        return FloorSnapshot(
            sequence: 1, generatedAt: time, clock: .event, overall: empty.overall, channels: empty.channels,
            queues: [queue: scope], sources: [], lifetime: WindowCounts(), openContacts: 3, knownAgents: 0)
    }

    static func oldestWaitRule(forSeconds: Int64 = 10, renotifyMinutes: Int64 = 15) -> AlertRule {
        AlertRule(
            name: "voice_oldest_wait", kind: "oldest_wait", metric: .oldestWait, scope: .queues(channels: [.voice]),
            comparison: .above, warning: .value(60), critical: .value(120), clear: .value(45),
            forDuration: .seconds(forSeconds), renotify: .minutes(renotifyMinutes))
    }

    /// Feeds one figure per step of `stepMs`, returning every notification with its time.
    static func run(
        _ evaluator: inout AlertEvaluator, values: [Double?], stepMs: Int64, from time: EventTime = start,
        local: LocalTime? = nil
    ) -> [(Int64, AlertNotification)] {
        var sent: [(Int64, AlertNotification)] = []
        for (index, value) in values.enumerated() {
            let now = time + Int64(index) * stepMs
            let notifications = evaluator.evaluate(
                floor(oldestWait: value, at: now), .init(now: now, wallNow: now, local: local))
            sent += notifications.map { (now - start, $0) }
        }
        return sent
    }

    @Test func oscillatingAroundTheThresholdDoesNotFlap() {
        var evaluator = AlertEvaluator(rules: [Self.oldestWaitRule(forSeconds: 0)])
        // Above 60, then oscillating 55…65 (never below the clear threshold of 45): one firing.
        let values: [Double?] = [61] + (0..<200).map { $0 % 2 == 0 ? 55 : 65 }
        let sent = Self.run(&evaluator, values: values, stepMs: 1000)
        #expect(sent.count == 1)
        #expect(sent.first?.1.state == .firing)
        // Below the clear threshold it resolves once.
        let after = Self.run(&evaluator, values: [44, 50, 44], stepMs: 1000, from: Self.start + 201_000)
        #expect(after.map(\.1.state) == [.resolved])
    }

    @Test func forHoldsToTheSecond() {
        var evaluator = AlertEvaluator(rules: [Self.oldestWaitRule(forSeconds: 10)])
        // 100 ms steps: the condition starts at 0 and holds; the alert fires at exactly 10.000 s.
        let sent = Self.run(&evaluator, values: Array(repeating: 70, count: 120), stepMs: 100)
        #expect(sent.count == 1)
        #expect(sent.first?.0 == 10_000)
        // A dip below the threshold restarts the wait.
        var second = AlertEvaluator(rules: [Self.oldestWaitRule(forSeconds: 10)])
        let dipped = Self.run(
            &second, values: Array(repeating: 70, count: 95) + [50] + Array(repeating: 70, count: 120), stepMs: 100)
        #expect(dipped.first?.0 == 19_600)
    }

    @Test func renotifyHoldsToTheSecondAndAcknowledgementStopsIt() {
        var evaluator = AlertEvaluator(rules: [Self.oldestWaitRule(forSeconds: 0, renotifyMinutes: 15)])
        // One step a second for 31 minutes: sent at 0, 15:00 and 30:00, not a moment earlier.
        let sent = Self.run(&evaluator, values: Array(repeating: 80, count: 31 * 60 + 1), stepMs: 1000)
        #expect(sent.map(\.0) == [0, 900_000, 1_800_000])
        #expect(sent.map(\.1.isRepeat) == [false, true, true])
        let id = sent[0].1.id
        let now = Self.start + 1_800_001
        guard case .acknowledged = evaluator.acknowledge(id: id, by: "ops", reason: "on it", at: now) else {
            Issue.record("acknowledge failed")
            return
        }
        let later = Self.run(&evaluator, values: Array(repeating: 80, count: 40 * 60), stepMs: 1000, from: now)
        #expect(later.isEmpty)
        // Escalation is news even after an acknowledgement.
        let worse = Self.run(&evaluator, values: [130], stepMs: 1000, from: now + 40 * 60_000)
        #expect(worse.map(\.1.severity) == [.critical])
        #expect(evaluator.acknowledge(id: 999, by: "ops", reason: "", at: now) == .notFound)
    }

    @Test func escalationWaitsForTheForDurationToo() {
        var evaluator = AlertEvaluator(rules: [Self.oldestWaitRule(forSeconds: 10)])
        let values: [Double?] = Array(repeating: 70, count: 11) + Array(repeating: 130, count: 15)
        let sent = Self.run(&evaluator, values: values, stepMs: 1000)
        #expect(sent.map(\.0) == [10_000, 21_000])
        #expect(sent.map(\.1.severity) == [.warning, .critical])
    }

    @Test func silencesAndHoursSuppressNotificationsNotState() {
        var evaluator = AlertEvaluator(rules: [Self.oldestWaitRule(forSeconds: 0)])
        let silence = evaluator.addSilence(
            rule: nil, channel: .voice, queue: "billing", endsAt: Self.start + 60_000, by: "ops", comment: "outage",
            at: Self.start)
        #expect(silence != nil)
        let silenced = Self.run(&evaluator, values: Array(repeating: 80, count: 60), stepMs: 1000)
        #expect(silenced.isEmpty)
        #expect(evaluator.board(at: Self.start).firing.count == 1)
        // When the silence ends the alert (still firing) goes out.
        let after = Self.run(&evaluator, values: [80], stepMs: 1000, from: Self.start + 60_000)
        #expect(after.count == 1)
        #expect(
            evaluator.addSilence(
                rule: nil, channel: nil, queue: nil, endsAt: Self.start + 1, by: "ops", comment: "", at: Self.start)
                == nil)

        var rule = Self.oldestWaitRule(forSeconds: 0)
        rule.businessHours = WeeklyHours(parsing: "Mon-Fri 08:00-18:00")
        var hours = AlertEvaluator(rules: [rule])
        let saturday = LocalTime(weekday: 6, minuteOfDay: 10 * 60)
        #expect(Self.run(&hours, values: [80, 80], stepMs: 1000, local: saturday).isEmpty)
        let monday = LocalTime(weekday: 1, minuteOfDay: 8 * 60)
        #expect(Self.run(&hours, values: [80], stepMs: 1000, from: Self.start + 5000, local: monday).count == 1)
    }

    @Test func silencedAlertsThatWereNeverSentResolveQuietly() {
        var evaluator = AlertEvaluator(rules: [Self.oldestWaitRule(forSeconds: 0)])
        _ = evaluator.addSilence(
            rule: "voice_oldest_wait", channel: nil, queue: nil, endsAt: Self.start + 3_600_000, by: "ops",
            comment: "", at: Self.start)
        #expect(Self.run(&evaluator, values: [80, 80, 10], stepMs: 1000).isEmpty)
        #expect(evaluator.board(at: Self.start).history.first?.transition == .resolved)
    }

    @Test func wordingAndFieldsCarryTheNumbers() {
        var evaluator = AlertEvaluator(rules: [Self.oldestWaitRule(forSeconds: 0)])
        let sent = Self.run(&evaluator, values: [134, nil], stepMs: 1000)
        #expect(sent.count == 2)
        let firing = sent[0].1
        #expect(firing.message == "billing (voice): oldest contact has waited 134 s (critical above 120 s)")
        #expect(firing.priority == 2)
        #expect(firing.valueText == "134")
        #expect(firing.thresholdText == "120")
        #expect(firing.scope.channel == .voice)
        let resolved = sent[1].1
        #expect(resolved.state == .resolved)
        #expect(resolved.priority == 5)
        #expect(resolved.since == firing.since)
    }

    @Test func serviceLevelThresholdsFollowEachScopesTarget() {
        var scope = ScopeSnapshot.empty(
            channel: .voice, goal: Self.settings.channelGoals.voice, windows: Self.settings.windows)
        var counts = WindowCounts()
        counts[.offered] = 20
        counts[.answered] = 20
        counts[.answeredWithWait] = 20
        counts[.answeredWithinThreshold] = 14
        scope.windows[1] = WindowSnapshot(
            length: .minutes(15), counts: counts, definition: .connect, waitP50: nil, waitP90: nil, waitP99: nil,
            waitMax: nil, arrivalsPerMinute: [])
        let empty = FloorSnapshot.empty(settings: Self.settings, at: Self.start)
        var channels = empty.channels
        channels.voice = scope
        let snapshot = FloorSnapshot(
            sequence: 1, generatedAt: Self.start, clock: .event, overall: empty.overall, channels: channels,
            queues: [:], sources: [], lifetime: WindowCounts(), openContacts: 0, knownAgents: 0)
        var rule = AlertKinds.kind(named: "service_level")!.defaultRules[0]
        rule.forDuration = 0
        var evaluator = AlertEvaluator(rules: [rule])
        let sent = evaluator.evaluate(snapshot, .init(now: Self.start, wallNow: Self.start))
        #expect(sent.count == 1)
        #expect(sent.first?.message == "voice: service level is 70 % over 15m (warning below 80 %)")
        #expect(sent.first?.thresholdText == "0.8")
    }

    @Test func defaultRulesAreUniqueAndOfKnownKinds() {
        let names = AlertKinds.defaultRules.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(AlertKinds.defaultRules.allSatisfy { AlertKinds.kind(named: $0.kind) != nil })
    }

    @Test func parsingThresholdsAndHours() {
        #expect(AlertThreshold(parsing: "target-0.1") == .target(offset: -0.1))
        #expect(AlertThreshold(parsing: "sla*0.8") == .slaShare(0.8))
        #expect(AlertThreshold(parsing: "60") == .value(60))
        #expect(AlertThreshold(parsing: "soon") == nil)
        let night = WeeklyHours(parsing: "22:00-07:00")!
        #expect(night.contains(LocalTime(weekday: 3, minuteOfDay: 23 * 60)))
        #expect(night.contains(LocalTime(weekday: 4, minuteOfDay: 6 * 60)))
        #expect(!night.contains(LocalTime(weekday: 4, minuteOfDay: 12 * 60)))
        let weekdays = WeeklyHours(parsing: "Mon-Fri 08:00-18:00")!
        #expect(weekdays.days == Set(1...5))
        #expect(WeeklyHours(parsing: "Funday 08:00-18:00") == nil)
    }
}

/// Rules on sources and on the daemon itself.
@Suite struct SourceAlertTests {
    static let start = AlertEvaluatorTests.start

    static func floor(lastReceived: EventTime, errors: Int64, at time: EventTime) -> FloorSnapshot {
        let empty = FloorSnapshot.empty(settings: EngineSettings(), at: time)
        let source = SourceSnapshot(
            id: SourceID(0), name: "tcp://127.0.0.1:7600=native", format: "native",
            instance: "source:tcp://127.0.0.1:7600=native",
            events: 10, bytes: 100, anomalies: [:], decodeErrors: errors > 0 ? ["malformed_json": errors] : [:],
            ignored: [:], latestEventTime: lastReceived,
            lastReceivedAt: lastReceived, lateEvents: 0, maximumLateness: 0, lastLateness: 0, status: nil,
            reconnects: 0)
        return FloorSnapshot(
            sequence: 1, generatedAt: time, clock: .wall, overall: empty.overall, channels: empty.channels, queues: [:],
            sources: [source], lifetime: WindowCounts(), openContacts: 0, knownAgents: 0)
    }

    @Test func aSilentSourceGoesStaleAndRecovers() {
        var evaluator = AlertEvaluator(rules: AlertKinds.kind(named: "source_stale")!.defaultRules)
        let lastInput = Self.start
        var sent: [AlertNotification] = []
        for second in stride(from: 0, through: 130, by: 10) {
            let now = Self.start + Int64(second) * 1000
            sent += evaluator.evaluate(
                Self.floor(lastReceived: lastInput, errors: 0, at: now), .init(now: now, wallNow: now))
        }
        #expect(sent.count == 1)
        #expect(
            sent.first?.message
                == "source tcp://127.0.0.1:7600=native: nothing received for 130 s (warning above 120 s)")
        #expect(sent.first?.scope.source == "tcp://127.0.0.1:7600=native")
        let now = Self.start + 131_000
        let back = evaluator.evaluate(Self.floor(lastReceived: now, errors: 0, at: now), .init(now: now, wallNow: now))
        #expect(back.map(\.state) == [.resolved])
    }

    @Test func decodeErrorSpikesAreRatesNotTotals() {
        var evaluator = AlertEvaluator(rules: AlertKinds.kind(named: "decode_errors")!.defaultRules)
        var sent: [AlertNotification] = []
        // 1000 old errors, then 2 a second (120 a minute) for 90 s: a spike, critical above 100,
        // measured once a whole minute has been sampled (never scaled up from a second).
        for second in 0...90 {
            let now = Self.start + Int64(second) * 1000
            let fired = evaluator.evaluate(
                Self.floor(lastReceived: now, errors: 1000 + Int64(second) * 2, at: now), .init(now: now, wallNow: now))
            if !fired.isEmpty { #expect(second >= 60) }
            sent += fired
        }
        #expect(sent.map(\.severity) == [.critical])
        #expect(abs((sent.first?.value ?? 0) - 120) < 1e-9)
        // The total stays at its level: after a minute the rate is 0 and the alert resolves.
        var later: [AlertNotification] = []
        for second in 91...200 {
            let now = Self.start + Int64(second) * 1000
            later += evaluator.evaluate(
                Self.floor(lastReceived: now, errors: 1180, at: now), .init(now: now, wallNow: now))
        }
        #expect(later.map(\.state) == [.resolved])
    }

    @Test func aFewBadLinesNeverPage() {
        var evaluator = AlertEvaluator(rules: AlertKinds.kind(named: "decode_errors")!.defaultRules)
        var sent: [AlertNotification] = []
        // Two bad lines at start-up, one more a minute later: below the minimum count in any minute.
        for second in 0...300 {
            let now = Self.start + Int64(second) * 1000
            let errors: Int64 = second < 1 ? 0 : second < 70 ? 2 : 3
            sent += evaluator.evaluate(
                Self.floor(lastReceived: now, errors: errors, at: now), .init(now: now, wallNow: now))
        }
        #expect(sent.isEmpty)
    }

    @Test func udpDropsFireOnNewDropsOnly() {
        var evaluator = AlertEvaluator(rules: AlertKinds.kind(named: "udp_drops")!.defaultRules)
        var sent: [AlertNotification] = []
        for (second, drops) in [(0, 500), (1, 500), (2, 500), (3, 520), (4, 520)] {
            let now = Self.start + Int64(second) * 1000
            sent += evaluator.evaluate(
                Self.floor(lastReceived: now, errors: 0, at: now), .init(now: now, wallNow: now, udpDrops: Int64(drops))
            )
        }
        #expect(sent.count == 1)
        #expect(sent.first?.severity == .warning)
    }
}

@Suite struct AlertSeverityTests {
    @Test func aCriticalAlertStepsBackToWarningWithoutAPage() {
        var evaluator = AlertEvaluator(rules: [AlertEvaluatorTests.oldestWaitRule(forSeconds: 10)])
        // Critical for a while, then 90 s (warning range) for 15 s, then below the clear threshold.
        let values: [Double?] = Array(repeating: 130, count: 15) + Array(repeating: 90, count: 15) + [40]
        let sent = AlertEvaluatorTests.run(&evaluator, values: values, stepMs: 1000)
        #expect(sent.map(\.1.state) == [.firing, .resolved])
        #expect(sent.first?.1.severity == .critical)
        // After 10 s below 120 s the board says warning, with the warning threshold in the words.
        var check = AlertEvaluator(rules: [AlertEvaluatorTests.oldestWaitRule(forSeconds: 10)])
        _ = AlertEvaluatorTests.run(&check, values: Array(values.prefix(28)), stepMs: 1000)
        let alert = check.board(at: AlertEvaluatorTests.start).firing.first
        #expect(alert?.severity == .warning)
        #expect(alert?.message.contains("(warning above 60 s)") == true)
        var early = AlertEvaluator(rules: [AlertEvaluatorTests.oldestWaitRule(forSeconds: 10)])
        _ = AlertEvaluatorTests.run(&early, values: Array(values.prefix(20)), stepMs: 1000)
        #expect(early.board(at: AlertEvaluatorTests.start).firing.first?.severity == .critical)
    }
}

@Suite struct AlertResolutionTests {
    @Test func aPagedWarningWhoseEscalationWasSilencedStillSendsItsResolution() {
        var evaluator = AlertEvaluator(rules: [AlertEvaluatorTests.oldestWaitRule(forSeconds: 0)])
        let start = AlertEvaluatorTests.start
        let warned = AlertEvaluatorTests.run(&evaluator, values: [80], stepMs: 1000)
        #expect(warned.map(\.1.severity) == [.warning])
        _ = evaluator.addSilence(
            rule: "voice_oldest_wait", channel: nil, queue: nil, endsAt: start + 3_600_000, by: "ops", comment: "",
            at: start)
        // Escalates under the silence (no page), then clears: the warning page must be closed.
        let later = AlertEvaluatorTests.run(&evaluator, values: [130, 130, 10], stepMs: 1000, from: start + 1000)
        #expect(later.map(\.1.state) == [.resolved])
    }
}
