import FloorAlerting
import FloorCore
import FloorForecast
import FloorProtocol
import FloorStaffing

/// The query API's read side as a pure function of a request and the floor as last published:
/// routes, documents, errors, testable without sockets. The daemon supplies what needs its
/// own parts (the Prometheus exposition, the snapshot's cached JSON, the site's local day).
///
/// Value types; thread-safe.
public enum QueryReads {
    /// One of the site's local days, for `/v1/intervals`: 23, 24 or 25 hours long.
    public struct LocalDay: Sendable, Equatable {
        public var start: EventTime
        public var end: EventTime
        /// `yyyy-MM-dd`.
        public var date: String
        public var timeZone: String

        public init(start: EventTime, end: EventTime, date: String, timeZone: String) {
            self.start = start
            self.end = end
            self.date = date
            self.timeZone = timeZone
        }
    }

    /// Which local day a read asks for.
    public enum LocalDayQuery: Sendable {
        /// The day a time falls in.
        case containing(EventTime)
        /// The day of a local date, `yyyy-MM-dd`; nil when that is not a date.
        case named(String)
    }

    /// What a read is answered from.
    public struct Floor: Sendable {
        public var snapshot: FloorSnapshot
        /// Why the daemon is degraded; empty when healthy.
        public var degraded: [String]
        public var alerts: AlertBoard?
        public var recommendations: RecommendationBoard?
        /// The forecast as of the last completed minute; nil where it is not made.
        public var forecast: ForecastBoard? = nil
        /// The snapshot's JSON (`SnapshotDocument(snapshot).json`), rendered once per snapshot.
        public var snapshotJSON: @Sendable (FloorSnapshot) -> String
        /// The health document (`HealthDocument`) of the snapshot with `degraded`.
        public var healthJSON: @Sendable (FloorSnapshot, [String]) -> String
        /// A queue's document (`ScopeDocument` with its channel), nil when there is no such queue.
        public var queueJSON: @Sendable (FloorSnapshot, String) -> String?
        /// The Prometheus text exposition of the snapshot.
        public var metrics: @Sendable (FloorSnapshot) -> String
        public var localDay: @Sendable (LocalDayQuery) -> LocalDay?

        public init(
            snapshot: FloorSnapshot, degraded: [String], alerts: AlertBoard?, recommendations: RecommendationBoard?,
            snapshotJSON: @escaping @Sendable (FloorSnapshot) -> String = { SnapshotDocument($0).json },
            healthJSON: @escaping @Sendable (FloorSnapshot, [String]) -> String = {
                HealthDocument($0, degraded: $1).json
            },
            queueJSON: @escaping @Sendable (FloorSnapshot, String) -> String? = { snapshot, name in
                snapshot.queues[name].map { ScopeDocument($0, includeChannel: true).json }
            },
            metrics: @escaping @Sendable (FloorSnapshot) -> String,
            localDay: @escaping @Sendable (LocalDayQuery) -> LocalDay?
        ) {
            self.snapshot = snapshot
            self.degraded = degraded
            self.alerts = alerts
            self.recommendations = recommendations
            self.snapshotJSON = snapshotJSON
            self.healthJSON = healthJSON
            self.queueJSON = queueJSON
            self.metrics = metrics
            self.localDay = localDay
        }
    }

    /// Answers a request; write routes and the stream are answered elsewhere (500 here).
    public static func respond(method: String, uri: String, floor: Floor) -> QueryResponse {
        let parts = uri.split(separator: "?", maxSplits: 1)
        let path = parts.first.map(String.init) ?? uri
        let query = QueryRoute.queryItems(parts.count > 1 ? String(parts[1]) : "")
        switch QueryRoute.resolve(method: method, path: path) {
        case .route(let route): return respond(route, query: query, floor: floor, path: path)
        case .methodNotAllowed(let allowed): return .methodNotAllowed(allowed)
        case .badIdentifier(let message): return .error(400, message)
        case .notFound: return .error(404, "no such resource: \(path)")
        }
    }

    /// `POST /v1/what-if`: the live channels' projections with and without the moves in `body`,
    /// from the published forecast (nothing changes).
    public static func whatIf(body: [UInt8], forecast: ForecastBoard?) -> QueryResponse {
        guard let board = forecast else { return .error(503, "the forecast is not made here") }
        let request: WhatIfRequestDocument
        do {
            request = try WhatIfRequestDocument(json: String(decoding: body, as: UTF8.self))
        } catch {
            return .error(
                400,
                "the body must be {\"moves\": [{\"from\": \"email\", \"to\": \"voice\", \"agents\": 10}]}: \(error)")
        }
        switch WhatIf.evaluate(request.moves, on: board) {
        case .success(let channels):
            return .document(WhatIfDocument(generatedAt: board.generatedAt, moves: request.moves, channels: channels))
        case .failure(let refusal):
            // The floor has not the agents to move, or the forecast has not seen enough minutes
            // yet: the request conflicts with the floor's state (ask again later).
            return .error(409, refusal.description)
        }
    }

    static func respond(_ route: QueryRoute, query: [String: String], floor: Floor, path: String) -> QueryResponse {
        let snapshot = floor.snapshot
        switch route {
        case .health:
            return .json(floor.healthJSON(snapshot, floor.degraded))
        case .snapshot: return .json(floor.snapshotJSON(snapshot))
        case .channels: return .document(ScopeMapDocument(channels: SnapshotDocument.channels(snapshot)))
        case .queues: return .document(ScopeMapDocument(queues: SnapshotDocument.queues(snapshot)))
        case .queue(let name):
            guard let json = floor.queueJSON(snapshot, name) else { return .error(404, "no queue named \(name)") }
            return .json(json)
        case .sources:
            return .json(SourceDocument.array(snapshot.sources.map { SourceDocument($0, at: snapshot.generatedAt) }))
        case .agents:
            return .json(AgentDocument.array(snapshot.agents.map { AgentDocument($0, at: snapshot.generatedAt) }))
        case .alerts:
            guard let alerts = floor.alerts else { return .error(503, "alerts are not evaluated here") }
            return .document(AlertBoardDocument(alerts))
        case .recommendations:
            guard let recommendations = floor.recommendations else {
                return .error(503, "the recommender does not run here")
            }
            return .document(RecommendationBoardDocument(recommendations))
        case .silences:
            guard let alerts = floor.alerts else { return .error(503, "alerts are not evaluated here") }
            return .json(SilenceDocument.array(alerts.silences.map(SilenceDocument.init)))
        case .intervals:
            let size: Milliseconds
            switch query[.size] ?? "15m" {
            case "15m": size = .minutes(15)
            case "30m": size = .minutes(30)
            case "60m", "1h": size = .minutes(60)
            default: return .error(400, "size must be 15m, 30m or 60m")
            }
            let asked: LocalDayQuery = query[.date].map { .named($0) } ?? .containing(snapshot.generatedAt)
            guard let day = floor.localDay(asked) else { return .error(400, "date must be a local date, yyyy-MM-dd") }
            return .document(IntervalDayDocument(snapshot, size: size, day: day))
        case .contacts:
            switch query[.state] ?? "waiting" {
            case "waiting":
                return .json(WaitingContactDocument.array(snapshot.waiting.map(WaitingContactDocument.init)))
            case "abandoned":
                return .json(AbandonedContactDocument.array(snapshot.abandoned.map(AbandonedContactDocument.init)))
            default: return .error(400, "state must be waiting or abandoned")
            }
        case .forecast:
            guard let forecast = floor.forecast else { return .error(503, "the forecast is not made here") }
            return .document(ForecastBoardDocument(forecast))
        case .metrics:
            return QueryResponse(
                status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: floor.metrics(snapshot))
        case .stream, .acknowledgeAlert, .decideRecommendation, .addSilence, .removeSilence, .whatIf:
            // Served by the query server itself (a stream) and by the write side (the engine's loop).
            return .error(500, "\(path) is not served by the read side")
        }
    }
}
