import FloorCore
import FloorProtocol

/// `GET /v1/snapshot` and the stream's `snapshot` event: the whole floor. Units are in the names;
/// times are RFC 3339 UTC; counts are 0 when nothing happened, ratios, averages and percentiles
/// null without data (docs/query-api.md).
///
/// Value type; thread-safe.
public struct SnapshotDocument: QueryDocument {
    public enum Key: String, DocumentKey {
        case generatedAt = "generated_at"
        case clock, channels, queues, agents, sources
    }

    public var generatedAt = EventTime(milliseconds: 0)
    /// `wall` in production, `event` for replays and simulations.
    public var clock = ""
    public var channels = PerChannel<ScopeDocument>(repeating: ScopeDocument())
    public var queues: [String: ScopeDocument] = [:]
    public var agents = AgentCountsDocument()
    public var sources: [SourceDocument] = []

    public init() {}

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "snapshot")
        generatedAt = try reader.time(.generatedAt) ?? EventTime(milliseconds: 0)
        clock = try reader.string(.clock)
        channels = try Self.channels(reading: reader.value(.channels) ?? .object([:]))
        queues = try Self.queues(reading: reader.value(.queues) ?? .object([:]))
        agents = try reader.document(.agents) ?? AgentCountsDocument()
        sources = try reader.documents(.sources)
    }

    public func write(into json: inout JSONObjectWriter) {
        json.time(Key.generatedAt, generatedAt)
        json.string(Key.clock, clock)
        json.document(Key.channels, ScopeMapDocument(channels: channels))
        json.document(Key.queues, ScopeMapDocument(queues: queues))
        json.document(Key.agents, agents)
        json.documents(Key.sources, sources)
    }

    /// A figure by its API path (`channels.voice.windows.15m.service_level`,
    /// `queues.residential.in_queue`, `agents.available`): what a layout's metric tile names.
    public func figure(_ path: String) -> Double? {
        let parts = path.split(separator: ".", maxSplits: 2)
        guard let first = parts.first.flatMap({ Key(rawValue: String($0)) }) else { return nil }
        switch first {
        case .agents where parts.count == 2: return agents.figure(String(parts[1]))
        case .channels where parts.count == 3:
            return Channel(name: String(parts[1])).flatMap { channels[$0].figure(String(parts[2])) }
        case .queues where parts.count == 3: return queues[String(parts[1])]?.figure(String(parts[2]))
        default: return nil
        }
    }

    /// The scope a figure path names (`channels.voice…`, `queues.residential…`), for its goal.
    public func scope(of path: String) -> ScopeDocument? {
        let parts = path.split(separator: ".", maxSplits: 2)
        guard parts.count >= 2, let first = Key(rawValue: String(parts[0])) else { return nil }
        switch first {
        case .channels: return Channel(name: String(parts[1])).map { channels[$0] }
        case .queues: return queues[String(parts[1])]
        default: return nil
        }
    }

    public static func channels(reading value: JSONValue) throws(DocumentError) -> PerChannel<ScopeDocument> {
        guard case .object(let members) = value else { throw DocumentError("channels: expected an object") }
        var channels = PerChannel<ScopeDocument>(repeating: ScopeDocument())
        for channel in Channel.allCases {
            if let scope = members[channel.name] { channels[channel] = try ScopeDocument(reading: scope) }
        }
        return channels
    }

    public static func queues(reading value: JSONValue) throws(DocumentError) -> [String: ScopeDocument] {
        guard case .object(let members) = value else { throw DocumentError("queues: expected an object") }
        var queues: [String: ScopeDocument] = [:]
        for (name, scope) in members { queues[name] = try ScopeDocument(reading: scope) }
        return queues
    }
}

extension SnapshotDocument {
    /// The API's view of an engine snapshot.
    public init(_ snapshot: FloorSnapshot) {
        generatedAt = snapshot.generatedAt
        clock = snapshot.clock.rawValue
        channels = Self.channels(snapshot)
        queues = Self.queues(snapshot)
        agents = AgentCountsDocument(snapshot.overall.agents, known: snapshot.knownAgents)
        sources = snapshot.sources.map { SourceDocument($0, at: snapshot.generatedAt) }
    }

    public static func channels(_ snapshot: FloorSnapshot) -> PerChannel<ScopeDocument> {
        PerChannel { ScopeDocument(snapshot.channels[$0], includeChannel: false) }
    }

    public static func queues(_ snapshot: FloorSnapshot) -> [String: ScopeDocument] {
        snapshot.queues.mapValues { ScopeDocument($0, includeChannel: true) }
    }
}

/// `GET /v1/channels` and `GET /v1/queues`: scopes under their names (channels in channel order,
/// queues by name).
public struct ScopeMapDocument: QueryDocument {
    public struct NamedScope: Sendable, Equatable {
        public var name: String
        public var scope: ScopeDocument
    }

    public var scopes: [NamedScope] = []

    public init(channels: PerChannel<ScopeDocument>) {
        scopes = Channel.allCases.map { NamedScope(name: $0.name, scope: channels[$0]) }
    }

    public init(queues: [String: ScopeDocument]) {
        scopes = queues.keys.sorted().map { NamedScope(name: $0, scope: queues[$0]!) }
    }

    public init(reading value: JSONValue) throws(DocumentError) {
        guard case .object(let members) = value else { throw DocumentError("scopes: expected an object") }
        for name in members.keys.sorted() {
            scopes.append(NamedScope(name: name, scope: try ScopeDocument(reading: members[name]!)))
        }
    }

    /// Members in the writer's order; a channel map read back is in name order (JSON objects
    /// have none), so compare maps by `byName`.
    public func write(into json: inout JSONObjectWriter) {
        for named in scopes { json.raw(named.name, named.scope.json) }
    }

    public var byName: [String: ScopeDocument] {
        Dictionary(scopes.map { ($0.name, $0.scope) }, uniquingKeysWith: { first, _ in first })
    }
}

/// One source's health and error figures (`GET /v1/sources`, `sources` in the snapshot).
public struct SourceDocument: QueryDocument {
    public enum Key: String, DocumentKey {
        case id, name, format, instance, events, bytes
        case decodeErrors = "decode_errors"
        case ignored, anomalies
        case latestEventTime = "latest_event_time"
        case lastReceivedAt = "last_received_at"
        case lastEventAgeSeconds = "last_event_age_seconds"
        case lateEvents = "late_events"
        case maximumLatenessSeconds = "max_lateness_seconds"
        case lastLatenessSeconds = "last_lateness_seconds"
        case connection, reconnects
    }

    public var id = 0
    public var name = ""
    public var format = ""
    public var instance = ""
    public var events: Int64 = 0
    public var bytes: Int64 = 0
    public var decodeErrors: [String: Int64] = [:]
    public var ignored: [String: Int64] = [:]
    public var anomalies: [String: Int64] = [:]
    public var latestEventTime: EventTime?
    public var lastReceivedAt: EventTime?
    public var lastEventAgeSeconds: Double?
    public var lateEvents: Int64 = 0
    public var maximumLatenessSeconds: Double?
    public var lastLatenessSeconds: Double?
    /// Subscriptions: the connection's state and how often it reconnected; followed files:
    /// `reading` or why they cannot be read.
    public var connection: String?
    public var reconnects: Int64 = 0

    public init() {}

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "source")
        id = try reader.count(.id)
        name = try reader.string(.name)
        format = try reader.string(.format)
        instance = try reader.string(.instance)
        events = try reader.integer(.events)
        bytes = try reader.integer(.bytes)
        decodeErrors = try reader.counts(.decodeErrors)
        ignored = try reader.counts(.ignored)
        anomalies = try reader.counts(.anomalies)
        latestEventTime = try reader.time(.latestEventTime)
        lastReceivedAt = try reader.time(.lastReceivedAt)
        lastEventAgeSeconds = try reader.number(.lastEventAgeSeconds)
        lateEvents = try reader.integer(.lateEvents)
        maximumLatenessSeconds = try reader.number(.maximumLatenessSeconds)
        lastLatenessSeconds = try reader.number(.lastLatenessSeconds)
        connection = try reader.optionalString(.connection)
        reconnects = try reader.integer(.reconnects)
    }

    public func write(into json: inout JSONObjectWriter) {
        json.integer(Key.id, id)
        json.string(Key.name, name)
        json.string(Key.format, format)
        json.string(Key.instance, instance)
        json.integer(Key.events, events)
        json.integer(Key.bytes, bytes)
        json.counts(Key.decodeErrors, decodeErrors)
        json.counts(Key.ignored, ignored)
        json.counts(Key.anomalies, anomalies)
        json.time(Key.latestEventTime, latestEventTime)
        json.time(Key.lastReceivedAt, lastReceivedAt)
        json.number(Key.lastEventAgeSeconds, lastEventAgeSeconds)
        json.integer(Key.lateEvents, lateEvents)
        json.number(Key.maximumLatenessSeconds, maximumLatenessSeconds)
        json.number(Key.lastLatenessSeconds, lastLatenessSeconds)
        if let connection {
            json.string(Key.connection, connection)
            json.integer(Key.reconnects, reconnects)
        }
    }

    /// Rejected inputs of every reason.
    public var decodeErrorTotal: Int64 { decodeErrors.values.reduce(0, +) }
}

extension SourceDocument {
    public init(_ source: SourceSnapshot, at now: EventTime) {
        id = Int(source.id.index)
        name = source.name
        format = source.format
        instance = source.instance
        events = source.events
        bytes = source.bytes
        decodeErrors = source.decodeErrors
        ignored = source.ignored
        anomalies = source.anomalies
        latestEventTime = source.latestEventTime
        lastReceivedAt = source.lastReceivedAt
        lastEventAgeSeconds = source.lastReceivedAt.map { Double(now - $0) / 1000 }
        lateEvents = source.lateEvents
        maximumLatenessSeconds = Double(source.maximumLateness) / 1000
        lastLatenessSeconds = Double(source.lastLateness) / 1000
        connection = source.status
        reconnects = source.reconnects
    }
}
