import FloorAlerting
import FloorCore
import FloorForecast
import FloorProtocol
import FloorQueryAPI
import FloorStaffing
import FloorTestSupport
import Testing

/// Every document of the query API written as the daemon writes it and read back as the
/// dashboard and `floorwatch` read it: the same figures come out (a key the writer spells one way
/// and the reader another fails here), from a live engine during the energy retailer's outage.
@Suite("Query documents round-trip")
struct DocumentRoundTripTests {
    static let start = SimulatedOutage.start

    /// The floor 35 minutes in (15 into the voice surge), with alerts and recommendations run
    /// on it as the daemon runs them.
    struct Floor: Sendable {
        var snapshot: FloorSnapshot
        var alerts: AlertBoard
        var recommendations: RecommendationBoard
        var forecast: ForecastBoard
    }

    static let floor: Floor = {
        var outage = SimulatedOutage(seed: 3)
        outage.run(until: start + .minutes(35))
        var evaluator = outage.alerts
        let (snapshot, now, recommender) = (outage.snapshot, outage.now, outage.recommender)
        if let firing = evaluator.board(at: now).firing.first {
            _ = evaluator.acknowledge(id: firing.id, by: "uid 1000 (sam)", reason: "on it", at: now)
        }
        _ = evaluator.addSilence(
            rule: nil, channel: .email, queue: "billing", endsAt: now + .hours(1), by: "uid 0", comment: "planned",
            at: now)
        return Floor(
            snapshot: snapshot, alerts: evaluator.board(at: now), recommendations: recommender.board(at: now),
            forecast: outage.forecaster.board)
    }()

    static func roundTrip<Document: QueryDocument>(_ document: Document) throws -> Document {
        try Document(json: document.json)
    }

    @Test func theSnapshotReadsBackWithEveryFigure() throws {
        let snapshot = Self.floor.snapshot
        let document = SnapshotDocument(snapshot)
        #expect(try Self.roundTrip(document) == document)
        // The figures are the engine's, in the API's units.
        let voice = try #require(document.channels.voice.window("15m"))
        let engineVoice = try #require(snapshot.channels.voice.window("15m"))
        #expect(voice.offered == engineVoice[.offered] && voice.offered > 0)
        #expect(voice.serviceLevel == engineVoice.serviceLevel)
        #expect(voice.asaSeconds == engineVoice.averageSpeedOfAnswer.map { $0 / 1000 })
        #expect(document.queues.keys.sorted() == snapshot.queues.keys.sorted())
        #expect(document.agents.known == snapshot.knownAgents)
        #expect(document.channels.voice.today?.offered == snapshot.channels.voice.today?[.offered])
        #expect(document.channels.voice.windows.map(\.label) == ["5m", "15m", "60m"])
    }

    /// Every window figure set to a distinct value survives the trip: no key is written under
    /// one name and read under another.
    @Test func everyWindowFigureHasOneKey() throws {
        var window = WindowDocument()
        var value: Int64 = 1
        for key in WindowDocument.Key.allCases where key != .arrivalsPerMinute && key != .serviceLevels {
            let name = key.rawValue
            var json = JSONObjectWriter()
            json.integer(name, value)
            // Set the field through the reader, so the test does not know the field names.
            let single = try WindowDocument(json: json.finish())
            #expect(single.figure(name) == Double(value), "\(name)")
            value += 1
        }
        window.offered = 7
        window.serviceLevel = 0.8125
        window.arrivalsPerMinute = [1, 0, 3]
        window.serviceLevels = [
            .init(thresholdSeconds: 10, serviceLevel: 0.5), .init(thresholdSeconds: 20, serviceLevel: 0.8125),
            .init(thresholdSeconds: 90, serviceLevel: nil),
        ]
        #expect(try Self.roundTrip(window) == window)
        #expect(window.figure("service_levels.10") == 0.5)
    }

    @Test func figurePathsNameWhatTheJSONHasThere() throws {
        let document = SnapshotDocument(Self.floor.snapshot)
        let tree = try Array(document.json.utf8).withUnsafeBytes { raw throws(DecodeError) in
            try JSONValue.parse(raw)
        }
        func atPath(_ path: String) -> Double? {
            var current: JSONValue? = tree
            for key in path.split(separator: ".") { current = current?[String(key)] }
            return current?.number
        }
        var paths = ["agents.available", "agents.staffed", "queues.faults.in_queue", "queues.faults.backlog.count"]
        for key in WindowDocument.Key.allCases where key != .arrivalsPerMinute && key != .serviceLevels {
            paths.append("channels.voice.windows.15m.\(key.rawValue)")
            paths.append("queues.faults.today.\(key.rawValue)")
        }
        paths += [
            "channels.voice.in_queue", "channels.voice.oldest_wait_seconds", "channels.voice.service_level_target",
            "channels.chat.agents.on_contact", "channels.email.backlog.oldest_age_seconds",
        ]
        for path in paths {
            #expect(document.figure(path) == atPath(path), "\(path)")
        }
        #expect(document.figure("channels.voice.windows.15m.offered") ?? 0 > 0)
        #expect(document.figure("channels.voice.no_such_figure") == nil)
    }

    @Test func theAgentsReadBackWithTheirDay() throws {
        let snapshot = Self.floor.snapshot
        let agents = snapshot.agents.map { AgentDocument($0, at: snapshot.generatedAt) }
        #expect(!agents.isEmpty)
        #expect(try AgentDocument.array(json: AgentDocument.array(agents)) == agents)
        #expect(agents.contains { ($0.today?.handledTotal ?? 0) > 0 && !$0.slots.isEmpty })
        let waiting = snapshot.waiting.map(WaitingContactDocument.init)
        #expect(!waiting.isEmpty)
        #expect(try WaitingContactDocument.array(json: WaitingContactDocument.array(waiting)) == waiting)
        let abandoned = snapshot.abandoned.map(AbandonedContactDocument.init)
        #expect(!abandoned.isEmpty)
        #expect(try AbandonedContactDocument.array(json: AbandonedContactDocument.array(abandoned)) == abandoned)
        let sources = snapshot.sources.map { SourceDocument($0, at: snapshot.generatedAt) }
        #expect(try SourceDocument.array(json: SourceDocument.array(sources)) == sources)
    }

    @Test func theAlertBoardReadsBackWithAcknowledgementsAndSilences() throws {
        let board = AlertBoardDocument(Self.floor.alerts)
        #expect(board.firing > 0 && !board.history.isEmpty && !board.rules.isEmpty)
        #expect(board.active.contains { $0.acknowledged?.by == "uid 1000 (sam)" })
        #expect(board.silences.first?.matchers == "channel=email queue=billing")
        #expect(try Self.roundTrip(board) == board)
        let live = AlertBoardDocument(Self.floor.alerts, live: true)
        let read = try Self.roundTrip(live)
        #expect(read.live && read.active == board.active && read.rules.isEmpty)
    }

    @Test func recommendationsReadBackWithTheirProjections() throws {
        var board = RecommendationBoardDocument(Self.floor.recommendations)
        #expect(!board.channels.isEmpty)
        // A move in every state field, as the recommender makes them (the outage may leave none open).
        let projection = ChannelProjection(
            agents: 12, serviceLevel: 0.62, averageSpeedOfAnswer: 41.5, backlogClearingSeconds: nil,
            abandonsPerHour: 33.25, queueGrowthPerMinute: 1.5, expectedWaitSeconds: 88)
        var move = Recommendation(
            id: 4, from: .email, to: .voice, agents: 3, eligibleAgents: ["a-1", "a-2"], reason: "voice short",
            summary: "move 3 agents email → voice", toBefore: projection, toAfter: ChannelProjection(agents: 15),
            fromBefore: ChannelProjection(agents: 20, backlogClearingSeconds: 900),
            fromAfter: ChannelProjection(agents: 17, backlogClearingSeconds: 1200), state: .accepted,
            createdAt: Self.start, updatedAt: Self.start + 60_000, decidedBy: "uid 1000 (sam)", decisionNote: "ok",
            moved: 2, movedAt: Self.start + 120_000)
        move.forecast = ForecastOutlook(minutesUntilBreach: 7, arrivalsPerHour: 151.5, projectedServiceLevel: 0.58)
        board.active.append(move)
        board.history = (board.history ?? []) + [move]
        #expect(try Self.roundTrip(board) == board)
        let live = RecommendationBoardDocument(Self.floor.recommendations, live: true)
        #expect(try Self.roundTrip(live) == live)
    }

    @Test func theReadRoutesAnswerWithDocumentsThatReadBack() throws {
        let floor = QueryReads.Floor(
            snapshot: Self.floor.snapshot, degraded: ["source udp silent"], alerts: Self.floor.alerts,
            recommendations: Self.floor.recommendations, snapshotJSON: { SnapshotDocument($0).json },
            metrics: { _ in "" },
            localDay: { _ in
                QueryReads.LocalDay(
                    start: Self.start - .hours(9), end: Self.start + .hours(15), date: "2026-03-02", timeZone: "UTC")
            })
        func get(_ uri: String) -> QueryResponse { QueryReads.respond(method: "GET", uri: uri, floor: floor) }
        let health = try HealthDocument(json: get("/v1/health").body)
        #expect(health.degraded == ["source udp silent"] && !health.isHealthy)
        #expect(try SnapshotDocument(json: get("/v1/snapshot").body) == SnapshotDocument(Self.floor.snapshot))
        let queues = try ScopeMapDocument(json: get("/v1/queues").body)
        #expect(queues.byName == SnapshotDocument(Self.floor.snapshot).queues)
        let channels = try ScopeMapDocument(json: get("/v1/channels").body)
        #expect(channels.byName["voice"] == SnapshotDocument(Self.floor.snapshot).channels.voice)
        #expect(try ScopeDocument(json: get("/v1/queues/faults").body).channel == .voice)
        let day = try IntervalDayDocument(json: get("/v1/intervals?size=30m").body)
        #expect(day.sizeMinutes == 30 && day.intervals.count == 1 && day.intervals[0].channels.voice.offered > 0)
        #expect(try Self.roundTrip(day) == day)
        let error = try ErrorDocument(json: get("/v1/queues/nope").body)
        #expect(error.message == "no queue named nope")
        #expect(get("/v1/queues/nope").status == 404)
        let refused = QueryReads.respond(method: "PUT", uri: "/v1/snapshot", floor: floor)
        #expect(refused.status == 405 && refused.allow == "GET, HEAD")
    }

    /// The next hour as the forecast publishes it: arrivals per five minutes, each live channel's
    /// projected minutes, its objective and the predicted breach, all read back as written.
    @Test func theForecastReadsBackWithItsTrajectoriesAndBreaches() throws {
        let document = ForecastBoardDocument(Self.floor.forecast)
        let scopes = document.board.scopes
        #expect(scopes.contains { $0.scope == .channel(.voice) && !$0.trajectory.isEmpty && $0.objective != nil })
        #expect(scopes.contains { !$0.arrivals.isEmpty })
        #expect(scopes.contains { if case .queue = $0.scope { true } else { false } })
        #expect(scopes.contains { $0.breach != nil }, "the outage's voice surge is predicted to breach")
        #expect(try Self.roundTrip(document) == document)
    }

    /// A what-if asked as `floorwatch what-if` asks it and answered as the daemon answers it.
    @Test func whatIfRequestAndAnswerReadBack() throws {
        let request = WhatIfRequestDocument(moves: [CapacityMove(from: .email, to: .voice, agents: 2)])
        #expect(try Self.roundTrip(request) == request)
        let response = QueryReads.whatIf(body: Array(request.json.utf8), forecast: Self.floor.forecast)
        #expect(response.status == 200, "\(response.body)")
        let answer = try WhatIfDocument(json: response.body)
        #expect(answer.moves == request.moves)
        let voice = try #require(answer.channels.first { $0.channel == .voice })
        #expect(voice.agentsAfter == voice.agentsBefore + 2)
        #expect(try Self.roundTrip(answer) == answer)
    }

    @Test func healthAndRemovalReadBackWhole() throws {
        let snapshot = Self.floor.snapshot
        let health = HealthDocument(snapshot, degraded: ["source udp silent", "checkpoint 3 s late"])
        let read = try Self.roundTrip(health)
        #expect(read == health)
        #expect(read.generatedAt == snapshot.generatedAt && read.snapshotSequence == snapshot.sequence)
        let removed = RemovedDocument(id: 42)
        #expect(try Self.roundTrip(removed) == removed)
    }
}
