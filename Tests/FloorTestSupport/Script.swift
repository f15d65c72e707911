import FloorCore

/// Builds event streams for tests in seconds from a fixed origin (2026-11-25T09:00:00Z).
public struct Script {
    public static let origin = EventTime(milliseconds: 1_795_597_200_000)
    public var events: [Event] = []
    public var source: SourceID

    public init(source: SourceID = SourceID(0)) { self.source = source }

    public static func at(_ seconds: Double) -> EventTime { origin + Milliseconds((seconds * 1000).rounded()) }

    public mutating func contact(_ id: String, _ change: ContactChange, at seconds: Double) {
        events.append(Event(source: source, time: Self.at(seconds), body: .contact(id: id, change)))
    }

    public mutating func agent(_ id: String, _ change: AgentChange, at seconds: Double) {
        events.append(Event(source: source, time: Self.at(seconds), body: .agent(id: id, change)))
    }

    public mutating func queued(
        _ id: String, _ queue: String = "billing", _ channel: Channel = .voice, at seconds: Double
    ) {
        contact(id, .queued(queue: queue, channel: channel, caller: nil), at: seconds)
    }

    public mutating func connected(_ id: String, agent: String = "a1", at seconds: Double) {
        contact(id, .connected(agent: agent, queue: nil, channel: nil), at: seconds)
    }

    public mutating func ended(_ id: String, _ reason: EndReason = .completed, acw: Bool = false, at seconds: Double) {
        contact(id, .ended(reason, afterContactWork: acw), at: seconds)
    }
}

extension FloorEngine {
    /// An engine on the event clock, the mode tests use to be exact.
    public static func eventClock(_ configure: (inout EngineSettings) -> Void = { _ in }) -> FloorEngine {
        var settings = EngineSettings(clock: .event)
        configure(&settings)
        return FloorEngine(settings: settings)
    }

    public func run(_ script: Script) -> FloorSnapshot {
        apply(script.events, wallNow: Script.origin)
        return makeSnapshot(wallNow: Script.origin)
    }

    /// One source's count of an anomaly, or every source's together (events built by hand or
    /// straight from a decoder are unattributed).
    public func anomalies(_ anomaly: Anomaly, source: SourceID? = nil) -> Int64 {
        makeSnapshot(wallNow: now ?? Script.origin).sources.filter { source == nil || $0.id == source }
            .reduce(0) { $0 + ($1.anomalies[anomaly.rawValue] ?? 0) }
    }
}

extension ScopeSnapshot {
    public var fiveMinutes: WindowSnapshot { self.windows[0] }
    public var fifteenMinutes: WindowSnapshot { self.windows[1] }
    public var sixtyMinutes: WindowSnapshot { self.windows[2] }
}
