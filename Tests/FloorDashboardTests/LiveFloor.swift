import FloorAlerting
import FloorCore
import FloorQueryAPI
import FloorSimulation
import FloorStaffing
import FloorTestSupport

@testable import FloorDashboard

/// The dashboard's input as a wall screen gets it during the energy retailer's outage: the
/// simulator's floor through the real engine, alert evaluator and recommender, each published
/// document written as the daemon writes it and read back as `floorwatch dash` reads it.
enum LiveFloor {
    static let start = RFC3339.parse("2026-03-02T09:00:00Z")!

    /// The floor at 09:32 (twelve minutes into the voice surge), computed once.
    static let outage: DashboardInput = make(until: start + .minutes(32))

    static func make(until end: EventTime) -> DashboardInput {
        var simulator = ContactCenterSimulator(
            profile: .energyRetailer, start: start, random: SeededGenerator(seed: 7))
        let engine = FloorEngine.eventClock()
        var alerts = AlertEvaluator()
        var recommender = CapacityRecommender()
        var now = start
        var snapshot = engine.makeSnapshot(wallNow: now, dayStart: start - .hours(9))
        // The daemon evaluates alerts every second and recommendations every 30 s; ten seconds
        // is fine-grained enough for rules that hold for 10 s or more.
        while now < end {
            now = now + .seconds(10)
            engine.apply(simulator.run(until: now), wallNow: now)
            snapshot = engine.makeSnapshot(wallNow: now, dayStart: start - .hours(9))
            _ = alerts.evaluate(snapshot, AlertEvaluator.Inputs(now: now, wallNow: now))
            if (now - start) % .seconds(30) == 0 { _ = recommender.evaluate(snapshot, now: now) }
        }
        let alertBoard = readBack(AlertBoardDocument(alerts.board(at: now)))
        return DashboardInput(
            snapshot: readBack(SnapshotDocument(snapshot)), alerts: alertBoard,
            recommendations: readBack(RecommendationBoardDocument(recommender.board(at: now), live: true)),
            agents: try? AgentDocument.array(
                json: AgentDocument.array(snapshot.agents.map { AgentDocument($0, at: snapshot.generatedAt) })),
            rules: alertBoard.rules, clock: "09:32:00 UTC")
    }

    /// Through the wire format and back, failing loudly if a document does not survive it.
    static func readBack<Document: QueryDocument>(_ document: Document) -> Document {
        do {
            return try Document(json: document.json)
        } catch {
            fatalError("\(Document.self) does not read back: \(error)")
        }
    }
}
