import FloorCore

/// The alert rule engine: evaluates every rule on the engine's tick and returns the
/// notifications due. Pure (time and local time come in as parameters) and single-threaded:
/// owned by the engine's writer like the engine itself.
///
/// Per alert: inactive → pending (condition true) → firing (true for `for`) → resolved (the
/// figure back past the clear threshold). Hysteresis comes from the clear threshold; `for`
/// also gates escalation from warning to critical; a firing alert is re-sent every `renotify`
/// until acknowledged. Silences and hours suppress notifications, never state.
public struct AlertEvaluator: Sendable {
    public private(set) var rules: [AlertRule]
    private var active: [String: ActiveAlert] = [:]
    private var history: [AlertHistoryEntry] = []
    private var silences: [AlertSilence] = []
    private var nextID: Int64 = 1
    private var errorSamples: [String: [(EventTime, Int64)]] = [:]
    private var limitSamples: [String: [(EventTime, Int64)]] = [:]
    private var udpSamples: [(EventTime, Int64)] = []
    private static let historyLimit = 500

    /// Everything evaluation remembers (alerts with their acknowledgements, history, silences,
    /// the next id, the rate samples), for a checkpoint: a restart keeps a maintenance silence,
    /// an acknowledgement, and ids that `floorwatch alerts ack` named before it.
    public struct State: Sendable, Equatable, Codable {
        public struct Sample: Sendable, Equatable, Codable {
            var at: EventTime
            var value: Int64
        }
        var active: [String: ActiveAlert]
        var history: [AlertHistoryEntry]
        var silences: [AlertSilence]
        var nextID: Int64
        var errorSamples: [String: [Sample]]
        var limitSamples: [String: [Sample]]
        var udpSamples: [Sample]
    }

    public var state: State {
        State(
            active: active, history: history, silences: silences, nextID: nextID,
            errorSamples: errorSamples.mapValues { $0.map { State.Sample(at: $0.0, value: $0.1) } },
            limitSamples: limitSamples.mapValues { $0.map { State.Sample(at: $0.0, value: $0.1) } },
            udpSamples: udpSamples.map { State.Sample(at: $0.0, value: $0.1) })
    }

    /// Takes back a saved state; alerts of rules that no longer exist are dropped.
    public mutating func restore(_ state: State) {
        let names = Set(rules.map(\.name))
        active = state.active.filter { names.contains($0.value.rule) }
        history = state.history
        silences = state.silences
        nextID = max(nextID, state.nextID)
        errorSamples = state.errorSamples.mapValues { $0.map { ($0.at, $0.value) } }
        limitSamples = state.limitSamples.mapValues { $0.map { ($0.at, $0.value) } }
        udpSamples = state.udpSamples.map { ($0.at, $0.value) }
    }

    public init(rules: [AlertRule] = AlertKinds.defaultRules) {
        self.rules = rules
    }

    /// What the daemon knows beyond the snapshot.
    public struct Inputs: Sendable {
        /// The engine's clock (snapshot time): `for`, re-notify and history use it.
        public var now: EventTime
        /// The wall clock, for per-minute rates of decode errors and UDP drops.
        public var wallNow: EventTime
        /// The site's local time for business and quiet hours; nil = always notify.
        public var local: LocalTime?
        /// Kernel UDP drops on floorwatch's sockets so far; nil when unknown.
        public var udpDrops: Int64?
        /// Minutes until each live channel's service level is predicted to fall below target,
        /// for the channels whose forecast predicts it now (`service_level_breach_minutes`).
        public var predictedBreachMinutes: [Channel: Double]

        public init(
            now: EventTime, wallNow: EventTime, local: LocalTime? = nil, udpDrops: Int64? = nil,
            predictedBreachMinutes: [Channel: Double] = [:]
        ) {
            self.now = now
            self.wallNow = wallNow
            self.local = local
            self.udpDrops = udpDrops
            self.predictedBreachMinutes = predictedBreachMinutes
        }
    }

    /// Evaluates every enabled rule against the snapshot; returns the notifications to send.
    public mutating func evaluate(_ snapshot: FloorSnapshot, _ inputs: Inputs) -> [AlertNotification] {
        let now = inputs.now
        silences.removeAll { $0.endsAt <= now }
        let errorRates = sampleErrorRates(snapshot, inputs)
        let limitRates = Self.ratePerMinute(
            snapshot, inputs, samples: &limitSamples, minimum: 1,
            count: { source in Self.limitAnomalies.reduce(0) { $0 + (source.anomalies[$1] ?? 0) } })
        let udpRate = sampleUDPRate(inputs)
        var notifications: [AlertNotification] = []
        var seen: Set<String> = []
        for rule in rules where rule.enabled {
            for scope in scopes(of: rule, in: snapshot) {
                let floorScope = Self.floorScope(of: scope, in: snapshot)
                let key = rule.name + "#" + scope.key
                seen.insert(key)
                let value = measure(
                    rule, scope: scope, floorScope: floorScope, snapshot: snapshot, inputs: inputs,
                    errorRates: errorRates, limitRates: limitRates, udpRate: udpRate)
                step(key: key, rule: rule, scope: scope, goal: floorScope?.goal, value: value, inputs, &notifications)
            }
        }
        // Scopes that vanished (a queue removed, a rule disabled) resolve.
        for key in active.keys.sorted() where !seen.contains(key) {
            guard let alert = active[key] else { continue }
            resolve(key: key, alert: alert, value: nil, now: now, &notifications)
        }
        return notifications
    }

    private mutating func step(
        key: String, rule: AlertRule, scope: AlertScope, goal: ServiceLevelGoal?, value: Double?, _ inputs: Inputs,
        _ notifications: inout [AlertNotification]
    ) {
        let now = inputs.now
        let warning = rule.warning?.resolve(goal: goal)
        let critical = rule.critical?.resolve(goal: goal)
        guard let clear = rule.clear?.resolve(goal: goal) ?? warning ?? critical else { return }
        var level: (AlertSeverity, Double)?
        if let value {
            if let critical, rule.comparison.breaches(value, critical) {
                level = (.critical, critical)
            } else if let warning, rule.comparison.breaches(value, warning) {
                level = (.warning, warning)
            }
        }
        guard var alert = active[key] else {
            guard let (severity, threshold) = level, let value else { return }
            let alert = ActiveAlert(
                id: nextID, rule: rule.name, kind: rule.kind, metric: rule.metric, comparison: rule.comparison,
                scope: scope, window: rule.metric.isWindowed ? rule.window : nil, state: .pending,
                severity: severity, value: value, threshold: threshold, clearThreshold: clear, since: now,
                firingSince: nil, lastNotified: nil, notifications: 0, acknowledgement: nil, suppressed: nil,
                message: "", criticalSince: severity == .critical ? now : nil, calmSince: nil)
            nextID += 1
            active[key] = alert
            if rule.forDuration <= 0 {
                step(key: key, rule: rule, scope: scope, goal: goal, value: value, inputs, &notifications)
            }
            return
        }
        alert.clearThreshold = clear
        if let value { alert.value = value }
        // The engine's clock moved back (event time taking over from wall time): restart `for`.
        if now < alert.since { alert.since = now }
        if let critical = alert.criticalSince, now < critical { alert.criticalSince = now }
        if let calm = alert.calmSince, now < calm { alert.calmSince = now }
        switch alert.state {
        case .pending:
            guard let (severity, threshold) = level else {
                active[key] = nil
                return
            }
            if severity == .critical {
                alert.criticalSince = alert.criticalSince ?? now
            } else {
                alert.criticalSince = nil
            }
            alert.severity = severity
            alert.threshold = threshold
            guard now - alert.since >= rule.forDuration else {
                active[key] = alert
                return
            }
            // Critical only if it has held critical for `for` too.
            if severity == .critical, let since = alert.criticalSince, now - since < rule.forDuration, let warning {
                alert.severity = .warning
                alert.threshold = warning
            }
            alert.state = .firing
            alert.firingSince = now
            alert.message = Self.firingMessage(alert)
            record(alert, .firing, now: now)
            active[key] = alert
            notifyIfDue(key: key, rule: rule, inputs, &notifications)
        case .firing, .resolved:
            guard let value, !rule.comparison.clears(value, clear) else {
                resolve(key: key, alert: alert, value: value, now: now, &notifications)
                return
            }
            var escalated = false
            if let (severity, threshold) = level, severity == .critical, alert.severity == .warning {
                alert.criticalSince = alert.criticalSince ?? now
                if now - alert.criticalSince! >= rule.forDuration {
                    alert.severity = .critical
                    alert.threshold = threshold
                    escalated = true
                }
            } else if level?.0 != .critical {
                alert.criticalSince = nil
            }
            // Back from critical to warning once below the critical threshold for `for` too
            // (nobody is paged for an improvement; the board and Alertmanager's labels follow).
            if alert.severity == .critical, level?.0 != .critical, let warning {
                alert.calmSince = alert.calmSince ?? now
                if now - alert.calmSince! >= rule.forDuration {
                    alert.severity = .warning
                    alert.threshold = warning
                    alert.calmSince = nil
                }
            } else {
                alert.calmSince = nil
            }
            alert.message = Self.firingMessage(alert)
            active[key] = alert
            if escalated {
                record(alert, .escalated, now: now)
                // A worse alert is news: it goes out even if the warning was acknowledged.
                active[key]?.acknowledgement = nil
                active[key]?.lastNotified = nil
            }
            notifyIfDue(key: key, rule: rule, inputs, &notifications)
        }
    }

    /// Sends a firing alert's first notification, or a re-notification when one is due, unless
    /// it is silenced, out of hours or acknowledged.
    private mutating func notifyIfDue(
        key: String, rule: AlertRule, _ inputs: Inputs, _ notifications: inout [AlertNotification]
    ) {
        guard var alert = active[key], alert.state == .firing else { return }
        // Sent since it fired (or since it escalated, which clears `lastNotified`): a re-send is due
        // only after `renotify`.
        let wasNotified = alert.lastNotified != nil
        if let last = alert.lastNotified, inputs.now - last < rule.renotify { return }
        if let silence = silences.first(where: { $0.matches(alert) }) {
            alert.suppressed = "silenced (silence \(silence.id))"
        } else if !rule.mayNotify(at: inputs.local) {
            alert.suppressed = "outside the rule's notification hours"
        } else if let acknowledgement = alert.acknowledgement {
            alert.suppressed = "acknowledged by \(acknowledgement.by)"
        } else {
            alert.suppressed = nil
            alert.lastNotified = inputs.now
            alert.notifications += 1
            if let index = history.firstIndex(where: { $0.id == alert.id && $0.transition != .acknowledged }) {
                history[index].notified = true
            }
            notifications.append(notification(alert, state: .firing, at: inputs.now, isRepeat: wasNotified))
        }
        active[key] = alert
    }

    private mutating func resolve(
        key: String, alert: ActiveAlert, value: Double?, now: EventTime, _ notifications: inout [AlertNotification]
    ) {
        active[key] = nil
        guard alert.state == .firing else { return }
        var resolved = alert
        resolved.state = .resolved
        if let value { resolved.value = value }
        resolved.message = Self.resolvedMessage(resolved, hasValue: value != nil)
        // Any page that went out (before an escalation too) is closed.
        let wasNotified = alert.notifications > 0
        record(resolved, .resolved, now: now, notified: wasNotified)
        // A page that went out is always closed, whatever the hours or silences say now.
        if wasNotified { notifications.append(notification(resolved, state: .resolved, at: now, isRepeat: false)) }
    }

    private mutating func record(
        _ alert: ActiveAlert, _ transition: AlertHistoryEntry.Transition, now: EventTime, notified: Bool = false
    ) {
        history.insert(
            AlertHistoryEntry(
                id: alert.id, rule: alert.rule, scope: alert.scope, transition: transition, severity: alert.severity,
                value: alert.value, at: now, message: alert.message, notified: notified),
            at: 0)
        if history.count > Self.historyLimit { history.removeLast(history.count - Self.historyLimit) }
    }

    private func notification(
        _ alert: ActiveAlert, state: AlertState, at now: EventTime, isRepeat: Bool
    ) -> AlertNotification {
        AlertNotification(
            id: alert.id, rule: alert.rule, kind: alert.kind, metric: alert.metric, state: state,
            severity: alert.severity, scope: alert.scope, window: alert.window, value: alert.value,
            threshold: state == .resolved ? alert.clearThreshold : alert.threshold,
            since: alert.firingSince ?? alert.since, at: now, message: alert.message, isRepeat: isRepeat)
    }
}

// MARK: - Acknowledgements, silences, rules

extension AlertEvaluator {
    public enum AcknowledgeResult: Sendable, Equatable {
        case acknowledged(ActiveAlert)
        case notFound
        case notFiring
    }

    /// Stops re-notification of a firing alert until it resolves (or escalates).
    public mutating func acknowledge(
        id: Int64, by who: String, reason: String, at now: EventTime
    )
        -> AcknowledgeResult
    {
        guard let (key, alert) = active.first(where: { $0.value.id == id }) else { return .notFound }
        guard alert.state == .firing else { return .notFiring }
        var acknowledged = alert
        acknowledged.acknowledgement = AlertAcknowledgement(by: who, reason: reason, at: now)
        active[key] = acknowledged
        history.insert(
            AlertHistoryEntry(
                id: alert.id, rule: alert.rule, scope: alert.scope, transition: .acknowledged,
                severity: alert.severity, value: alert.value, at: now,
                message: "acknowledged by \(who): \(reason)", notified: false), at: 0)
        return .acknowledged(acknowledged)
    }

    /// Adds a silence; at least one matcher is required (a silence of everything is a mistake).
    public mutating func addSilence(
        rule: String?, channel: Channel?, queue: String?, endsAt: EventTime, by who: String, comment: String,
        at now: EventTime
    ) -> AlertSilence? {
        guard rule != nil || channel != nil || queue != nil, endsAt > now else { return nil }
        let silence = AlertSilence(
            id: nextID, rule: rule, channel: channel, queue: queue, endsAt: endsAt, createdBy: who, comment: comment,
            createdAt: now)
        nextID += 1
        silences.append(silence)
        return silence
    }

    public mutating func removeSilence(id: Int64) -> Bool {
        let before = silences.count
        silences.removeAll { $0.id == id }
        return silences.count != before
    }

    /// Replaces the rules (reload); alerts of rules that are gone resolve on the next evaluation.
    public mutating func replaceRules(_ rules: [AlertRule]) { self.rules = rules }

    /// An immutable view for readers.
    public func board(at now: EventTime) -> AlertBoard {
        let ordered = active.values.sorted {
            if $0.state != $1.state { return $0.state == .firing }
            if $0.severity != $1.severity { return $0.severity > $1.severity }
            if $0.since != $1.since { return $0.since < $1.since }
            // Alerts that began together in the order they were raised: the same order every
            // time, in every process (the table's own order is per process).
            return $0.id < $1.id
        }
        return AlertBoard(generatedAt: now, active: ordered, history: history, silences: silences, rules: rules)
    }
}

// MARK: - Scopes, figures and words

extension AlertEvaluator {
    /// The scopes a rule watches, in a stable order. Scopes only: each scope's figures are looked
    /// up as it is measured, so a rule over every queue of a large floor builds no second list of
    /// every queue's figures each second.
    private func scopes(of rule: AlertRule, in snapshot: FloorSnapshot) -> [AlertScope] {
        switch rule.scope {
        case .overall:
            return [AlertScope()]
        case .channels(let channels):
            return channels.map { AlertScope(channel: $0) }
        case .queues(let channels):
            var scopes: [AlertScope] = []
            for (name, queue) in snapshot.queues {
                let channel = queue.channel ?? .voice
                guard channels.isEmpty || channels.contains(channel) else { continue }
                scopes.append(AlertScope(channel: channel, queue: name))
            }
            scopes.sort { $0.queue! < $1.queue! }
            return scopes
        case .namedQueues(let names):
            return names.compactMap { name in
                snapshot.queues[name].map { AlertScope(channel: $0.channel ?? .voice, queue: name) }
            }
        case .sources:
            return snapshot.sources.filter { $0.events > 0 || $0.status != nil }.map { AlertScope(source: $0.name) }
        }
    }

    /// The figures of a scope `scopes(of:in:)` named (none for a source).
    private static func floorScope(of scope: AlertScope, in snapshot: FloorSnapshot) -> ScopeSnapshot? {
        if scope.source != nil { return nil }
        if let queue = scope.queue { return snapshot.queues[queue] }
        if let channel = scope.channel { return snapshot.channels[channel] }
        return snapshot.overall
    }

    private func measure(
        _ rule: AlertRule, scope: AlertScope, floorScope: ScopeSnapshot?, snapshot: FloorSnapshot, inputs: Inputs,
        errorRates: [String: Double], limitRates: [String: Double], udpRate: Double?
    ) -> Double? {
        switch rule.metric {
        case .sourceSilence:
            guard let name = scope.source, let source = snapshot.sources.first(where: { $0.name == name }),
                let last = source.lastReceivedAt
            else { return nil }
            // Receive times are on the engine's clock (the wall clock, or event time in replays).
            return Double(max(0, inputs.now - last)) / 1000
        case .decodeErrorsPerMinute:
            return scope.source.flatMap { errorRates[$0] }
        case .limitHitsPerMinute:
            return scope.source.flatMap { limitRates[$0] }
        case .udpDropsPerMinute:
            return udpRate
        case .minutesUntilServiceLevelBreach:
            // Channels only: the forecast projects a channel's queue (its agents serve it whole).
            guard scope.queue == nil, let channel = scope.channel else { return nil }
            return inputs.predictedBreachMinutes[channel]
        default:
            guard let floorScope else { return nil }
            let window = rule.window.flatMap { floorScope.window($0) }
            if rule.metric.isWindowed {
                guard let window else { return nil }
                if rule.minimumOffered > 0, window.counts[.offered] < rule.minimumOffered { return nil }
            }
            return rule.metric.value(in: floorScope, window: window)
        }
    }

    /// Rejected inputs needed in a minute before the rate is more than noise: one bad line, or a
    /// few at a restart, never page anyone.
    static let minimumRejectedPerMinute: Int64 = 5

    /// Rejected inputs over the last full minute, from the running totals: no rate until a whole
    /// minute has been sampled (a count over one second is never scaled up to a minute), and 0
    /// below `minimumRejectedPerMinute`. Ignored inputs are not in `decodeErrors` at all.
    private mutating func sampleErrorRates(_ snapshot: FloorSnapshot, _ inputs: Inputs) -> [String: Double] {
        Self.ratePerMinute(
            snapshot, inputs, samples: &errorSamples, minimum: Self.minimumRejectedPerMinute,
            count: { $0.decodeErrors.values.reduce(0, +) })
    }

    /// The anomalies that mean a limit was reached (`EngineLimits`).
    static let limitAnomalies = [Anomaly.contactLimit, .agentLimit, .queueLimit, .endedMemoryFull].map(\.rawValue)

    /// A per-source counter's increase over the last full minute, from running totals: no rate
    /// until a whole minute has been sampled (a count over one second is never scaled up to a
    /// minute), and 0 below `minimum` in that minute.
    private static func ratePerMinute(
        _ snapshot: FloorSnapshot, _ inputs: Inputs, samples store: inout [String: [(EventTime, Int64)]],
        minimum: Int64, count: (SourceSnapshot) -> Int64
    ) -> [String: Double] {
        var rates: [String: Double] = [:]
        for source in snapshot.sources {
            var samples = store[source.name] ?? []
            samples.append((inputs.wallNow, count(source)))
            // Keep the newest sample at least a minute old, so the span covers the whole minute.
            while samples.count > 2, inputs.wallNow - samples[1].0 >= 60_000 { samples.removeFirst() }
            store[source.name] = samples
            guard let first = samples.first, let last = samples.last, last.0 - first.0 >= 60_000 else { continue }
            let increase = max(0, last.1 - first.1)
            rates[source.name] = increase < minimum ? 0 : Double(increase) * 60_000 / Double(last.0 - first.0)
        }
        return rates
    }

    private mutating func sampleUDPRate(_ inputs: Inputs) -> Double? {
        guard let drops = inputs.udpDrops else { return nil }
        udpSamples.append((inputs.wallNow, drops))
        udpSamples.removeAll { inputs.wallNow - $0.0 > 60_000 }
        return Self.perMinute(udpSamples)
    }

    private static func perMinute(_ samples: [(EventTime, Int64)]) -> Double? {
        guard let first = samples.first, let last = samples.last, last.0 > first.0 else { return nil }
        // Over less than a minute of samples the rate is scaled to a minute, never beyond the count.
        let span = max(Double(last.0 - first.0), 1000)
        return Double(max(0, last.1 - first.1)) * min(60_000 / span, 60)
    }

    static func firingMessage(_ alert: ActiveAlert) -> String {
        if alert.metric == .minutesUntilServiceLevelBreach {
            // A prediction, not a measurement: no threshold to quote, the trend is the reason.
            return
                "\(alert.scope.subject): \(alert.metric.phrase) \(alert.metric.format(alert.value)) at the current trend"
        }
        let window = alert.window.map { " over \($0)" } ?? ""
        return "\(alert.scope.subject): \(alert.metric.phrase) \(alert.metric.format(alert.value))\(window) "
            + "(\(alert.severity.rawValue) \(alert.comparison.rawValue) \(alert.metric.format(alert.threshold)))"
    }

    static func resolvedMessage(_ alert: ActiveAlert, hasValue: Bool) -> String {
        if alert.metric == .minutesUntilServiceLevelBreach {
            return
                "\(alert.scope.subject): resolved, the predicted fall below target has happened or is no longer expected"
        }
        let window = alert.window.map { " over \($0)" } ?? ""
        let figure =
            hasValue
            ? "\(alert.metric.phrase) \(alert.metric.format(alert.value))\(window) "
                + "(clear \(alert.comparison == .above ? "below" : "above") \(alert.metric.format(alert.clearThreshold)))"
            : "no longer measured"
        return "\(alert.scope.subject): resolved, \(figure)"
    }
}
