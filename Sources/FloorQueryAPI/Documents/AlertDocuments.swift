import FloorAlerting
import FloorCore
import FloorProtocol

/// `GET /v1/alerts`: active alerts, recent history, silences and the rules in force. The stream's
/// `alerts` event is the live part only: `{"active": […]}`.
///
/// Value type; thread-safe.
public struct AlertBoardDocument: QueryDocument {
    public enum Key: String, DocumentKey {
        case generatedAt = "generated_at"
        case firing, active, history, silences, rules
    }

    public var generatedAt = EventTime(milliseconds: 0)
    public var firing = 0
    /// Pending and firing alerts, most severe first, then oldest first.
    public var active: [AlertDocument] = []
    /// Recent transitions, newest first.
    public var history: [AlertHistoryDocument] = []
    public var silences: [SilenceDocument] = []
    public var rules: [AlertRuleDocument] = []
    /// The stream's event: only `active` is written (and was read).
    public var live = false

    public init() {}

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "alerts")
        live = reader.value(.generatedAt) == nil
        generatedAt = try reader.time(.generatedAt) ?? generatedAt
        firing = try reader.count(.firing)
        active = try reader.documents(.active)
        history = try reader.documents(.history)
        silences = try reader.documents(.silences)
        rules = try reader.documents(.rules)
    }

    public func write(into json: inout JSONObjectWriter) {
        if live {
            json.documents(Key.active, active)
            return
        }
        json.time(Key.generatedAt, generatedAt)
        json.integer(Key.firing, firing)
        json.documents(Key.active, active)
        json.documents(Key.history, history)
        json.documents(Key.silences, silences)
        json.documents(Key.rules, rules)
    }

    /// Alerts firing now (pending ones have not yet held for their rule's time).
    public var firingAlerts: [AlertDocument] { active.filter { $0.state == .firing } }
}

extension AlertBoardDocument {
    public init(_ board: AlertBoard, live: Bool = false) {
        self.live = live
        if live {
            active = board.active.map(AlertDocument.init)
            return
        }
        generatedAt = board.generatedAt
        firing = board.firing.count
        active = board.active.map(AlertDocument.init)
        history = board.history.map(AlertHistoryDocument.init)
        silences = board.silences.map(SilenceDocument.init)
        rules = board.rules.map(AlertRuleDocument.init)
    }
}

/// The members naming an alert's scope (`channel`, `queue`, `source`), written null when absent.
enum AlertScopeKey: String, DocumentKey {
    case channel, queue, source

    static func write(_ scope: AlertScope, into json: inout JSONObjectWriter) {
        json.string(Self.channel, scope.channel?.name)
        json.string(Self.queue, scope.queue)
        json.string(Self.source, scope.source)
    }

    static func read(_ value: JSONValue) throws(DocumentError) -> AlertScope {
        let reader = try DocumentReader<Self>(value, "alert")
        return AlertScope(
            channel: try reader.channel(.channel), queue: try reader.optionalString(.queue),
            source: try reader.optionalString(.source))
    }
}

/// One pending or firing alert (`active` in `/v1/alerts`, the ack route's answer, the stream's
/// `alerts` event).
public struct AlertDocument: QueryDocument {
    public enum Key: String, DocumentKey {
        case id, rule, kind, state, severity, metric, window, value, comparison, threshold
        case clearThreshold = "clear_threshold"
        case since
        case firingSince = "firing_since"
        case notifications
        case lastNotified = "last_notified"
        case acknowledged, suppressed, message
        // Members of `acknowledged`.
        case by, reason, at
    }

    public struct Acknowledgement: Sendable, Equatable {
        public var by: String
        public var reason: String
        public var at: EventTime
    }

    public var id: Int64 = 0
    public var rule = ""
    public var kind = ""
    public var state = AlertState.pending
    public var severity = AlertSeverity.warning
    public var scope = AlertScope()
    public var metric = ""
    public var window: String?
    /// The figure now (live, not when it fired), in the metric's unit.
    public var value: Double?
    public var comparison = AlertComparison.above
    public var threshold: Double?
    public var clearThreshold: Double?
    public var since = EventTime(milliseconds: 0)
    public var firingSince: EventTime?
    public var notifications = 0
    public var lastNotified: EventTime?
    public var acknowledged: Acknowledgement?
    public var suppressed: String?
    public var message = ""

    public init() {}

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "alert")
        id = try reader.integer(.id)
        rule = try reader.string(.rule)
        kind = try reader.string(.kind)
        state = try AlertState(rawValue: reader.string(.state)) ?? .pending
        severity = try AlertSeverity(rawValue: reader.string(.severity)) ?? .warning
        scope = try AlertScopeKey.read(value)
        metric = try reader.string(.metric)
        window = try reader.optionalString(.window)
        self.value = try reader.number(.value)
        comparison = try AlertComparison(rawValue: reader.string(.comparison)) ?? .above
        threshold = try reader.number(.threshold)
        clearThreshold = try reader.number(.clearThreshold)
        since = try reader.time(.since) ?? since
        firingSince = try reader.time(.firingSince)
        notifications = try reader.count(.notifications)
        lastNotified = try reader.time(.lastNotified)
        if let ack = reader.value(.acknowledged) {
            let ack = try DocumentReader<Key>(ack, "acknowledged")
            acknowledged = Acknowledgement(
                by: try ack.string(.by), reason: try ack.string(.reason),
                at: try ack.time(.at) ?? EventTime(milliseconds: 0))
        }
        suppressed = try reader.optionalString(.suppressed)
        message = try reader.string(.message)
    }

    public func write(into json: inout JSONObjectWriter) {
        json.integer(Key.id, id)
        json.string(Key.rule, rule)
        json.string(Key.kind, kind)
        json.string(Key.state, state.rawValue)
        json.string(Key.severity, severity.rawValue)
        AlertScopeKey.write(scope, into: &json)
        json.string(Key.metric, metric)
        json.string(Key.window, window)
        json.number(Key.value, value)
        json.string(Key.comparison, comparison.rawValue)
        json.number(Key.threshold, threshold)
        json.number(Key.clearThreshold, clearThreshold)
        json.time(Key.since, since)
        json.time(Key.firingSince, firingSince)
        json.integer(Key.notifications, notifications)
        json.time(Key.lastNotified, lastNotified)
        if let acknowledged {
            var ack = JSONObjectWriter()
            ack.string(Key.by, acknowledged.by)
            ack.string(Key.reason, acknowledged.reason)
            ack.time(Key.at, acknowledged.at)
            json.raw(Key.acknowledged.rawValue, ack.finish())
        } else {
            json.null(Key.acknowledged.rawValue)
        }
        json.string(Key.suppressed, suppressed)
        json.string(Key.message, message)
    }
}

extension AlertDocument {
    public init(_ alert: ActiveAlert) {
        id = alert.id
        rule = alert.rule
        kind = alert.kind
        state = alert.state
        severity = alert.severity
        scope = alert.scope
        metric = alert.metric.rawValue
        window = alert.window
        value = alert.value
        comparison = alert.comparison
        threshold = alert.threshold
        clearThreshold = alert.clearThreshold
        since = alert.since
        firingSince = alert.firingSince
        notifications = alert.notifications
        lastNotified = alert.lastNotified
        acknowledged = alert.acknowledgement.map { Acknowledgement(by: $0.by, reason: $0.reason, at: $0.at) }
        suppressed = alert.suppressed
        message = alert.message
    }
}

/// One transition in the alert history.
public struct AlertHistoryDocument: QueryDocument {
    public enum Key: String, DocumentKey {
        case id, rule, transition, severity, value, at, notified, message
    }

    public var id: Int64 = 0
    public var rule = ""
    public var transition = ""
    public var severity = AlertSeverity.warning
    public var scope = AlertScope()
    public var value: Double?
    public var at = EventTime(milliseconds: 0)
    public var notified = false
    public var message = ""

    public init() {}

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "history")
        id = try reader.integer(.id)
        rule = try reader.string(.rule)
        transition = try reader.string(.transition)
        severity = try AlertSeverity(rawValue: reader.string(.severity)) ?? .warning
        scope = try AlertScopeKey.read(value)
        self.value = try reader.number(.value)
        at = try reader.time(.at) ?? at
        notified = try reader.bool(.notified)
        message = try reader.string(.message)
    }

    public func write(into json: inout JSONObjectWriter) {
        json.integer(Key.id, id)
        json.string(Key.rule, rule)
        json.string(Key.transition, transition)
        json.string(Key.severity, severity.rawValue)
        AlertScopeKey.write(scope, into: &json)
        json.number(Key.value, value)
        json.time(Key.at, at)
        json.bool(Key.notified, notified)
        json.string(Key.message, message)
    }

    public init(_ entry: AlertHistoryEntry) {
        id = entry.id
        rule = entry.rule
        transition = entry.transition.rawValue
        severity = entry.severity
        scope = entry.scope
        value = entry.value
        at = entry.at
        notified = entry.notified
        message = entry.message
    }
}

/// A silence (`GET /v1/silences`, `silences` in `/v1/alerts`, the answer to `POST /v1/silences`).
public struct SilenceDocument: QueryDocument {
    public enum Key: String, DocumentKey {
        case id, rule, channel, queue
        case endsAt = "ends_at"
        case createdBy = "created_by"
        case createdAt = "created_at"
        case comment
    }

    public var id: Int64 = 0
    public var rule: String?
    public var channel: Channel?
    public var queue: String?
    public var endsAt = EventTime(milliseconds: 0)
    public var createdBy = ""
    public var createdAt = EventTime(milliseconds: 0)
    public var comment = ""

    public init() {}

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "silence")
        id = try reader.integer(.id)
        rule = try reader.optionalString(.rule)
        channel = try reader.channel(.channel)
        queue = try reader.optionalString(.queue)
        endsAt = try reader.time(.endsAt) ?? endsAt
        createdBy = try reader.string(.createdBy)
        createdAt = try reader.time(.createdAt) ?? createdAt
        comment = try reader.string(.comment)
    }

    public func write(into json: inout JSONObjectWriter) {
        json.integer(Key.id, id)
        json.string(Key.rule, rule)
        json.string(Key.channel, channel?.name)
        json.string(Key.queue, queue)
        json.time(Key.endsAt, endsAt)
        json.string(Key.createdBy, createdBy)
        json.time(Key.createdAt, createdAt)
        json.string(Key.comment, comment)
    }

    public init(_ silence: AlertSilence) {
        id = silence.id
        rule = silence.rule
        channel = silence.channel
        queue = silence.queue
        endsAt = silence.endsAt
        createdBy = silence.createdBy
        createdAt = silence.createdAt
        comment = silence.comment
    }

    /// What it matches, as `rule=… channel=… queue=…`.
    public var matchers: String {
        [(Key.rule, rule), (Key.channel, channel?.name), (Key.queue, queue)]
            .compactMap { key, value in value.map { "\(key.rawValue)=\($0)" } }.joined(separator: " ")
    }
}

/// An alert rule as configured (`rules` in `/v1/alerts`): thresholds as written in the
/// configuration (`0.8`, `target`, `sla*2`), so a wall screen colours tiles by the same rules.
public struct AlertRuleDocument: QueryDocument {
    public enum Key: String, DocumentKey {
        case name, kind, enabled, metric, scope, window, comparison, warning, critical, clear
        case forSeconds = "for_seconds"
        case renotifySeconds = "renotify_seconds"
        case minimumOffered = "minimum_offered"
        case businessHours = "business_hours"
        case quietHours = "quiet_hours"
    }

    public var name = ""
    public var kind = ""
    public var enabled = true
    public var metric = ""
    /// `overall`, `channels:voice,chat`, `queues:*`, `queue:residential`, `sources`.
    public var scope = ""
    public var window: String?
    public var comparison = AlertComparison.above
    public var warning = ""
    public var critical = ""
    public var clear = ""
    public var forSeconds: Int64 = 0
    public var renotifySeconds: Int64 = 0
    public var minimumOffered: Int64 = 0
    public var businessHours = ""
    public var quietHours = ""

    public init() {}

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "rule")
        name = try reader.string(.name)
        kind = try reader.string(.kind)
        enabled = reader.value(.enabled) == nil ? true : try reader.bool(.enabled)
        metric = try reader.string(.metric)
        scope = try reader.string(.scope)
        window = try reader.optionalString(.window)
        comparison = try AlertComparison(rawValue: reader.string(.comparison)) ?? .above
        warning = try reader.string(.warning)
        critical = try reader.string(.critical)
        clear = try reader.string(.clear)
        forSeconds = try reader.integer(.forSeconds)
        renotifySeconds = try reader.integer(.renotifySeconds)
        minimumOffered = try reader.integer(.minimumOffered)
        businessHours = try reader.string(.businessHours)
        quietHours = try reader.string(.quietHours)
    }

    public func write(into json: inout JSONObjectWriter) {
        json.string(Key.name, name)
        json.string(Key.kind, kind)
        json.bool(Key.enabled, enabled)
        json.string(Key.metric, metric)
        json.string(Key.scope, scope)
        json.string(Key.window, window)
        json.string(Key.comparison, comparison.rawValue)
        json.string(Key.warning, warning)
        json.string(Key.critical, critical)
        json.string(Key.clear, clear)
        json.integer(Key.forSeconds, forSeconds)
        json.integer(Key.renotifySeconds, renotifySeconds)
        json.integer(Key.minimumOffered, minimumOffered)
        json.string(Key.businessHours, businessHours)
        json.string(Key.quietHours, quietHours)
    }

    public init(_ rule: AlertRule) {
        name = rule.name
        kind = rule.kind
        enabled = rule.enabled
        metric = rule.metric.rawValue
        scope = Self.scopeText(rule.scope)
        window = rule.metric.isWindowed ? rule.window : nil
        comparison = rule.comparison
        warning = rule.warning?.description ?? ""
        critical = rule.critical?.description ?? ""
        clear = rule.clear?.description ?? ""
        forSeconds = rule.forDuration / 1000
        renotifySeconds = rule.renotify / 1000
        minimumOffered = rule.minimumOffered
        businessHours = rule.businessHours?.description ?? ""
        quietHours = rule.quietHours?.description ?? ""
    }

    static func scopeText(_ scope: AlertScopeSelector) -> String {
        switch scope {
        case .overall: "overall"
        case .channels(let channels): "channels:" + channels.map(\.name).joined(separator: ",")
        case .queues(let channels): "queues:" + (channels.isEmpty ? "*" : channels.map(\.name).joined(separator: ","))
        case .namedQueues(let names): "queue:" + names.joined(separator: ",")
        case .sources: "sources"
        }
    }
}
