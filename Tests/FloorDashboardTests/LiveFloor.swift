import FloorAlerting
import FloorCore
import FloorForecast
import FloorQueryAPI
import FloorStaffing
import FloorTestSupport

@testable import FloorDashboard

/// The dashboard's input as a wall screen gets it during the energy retailer's outage: the
/// simulator's floor through the real engine, alert evaluator and recommender, each published
/// document written as the daemon writes it and read back as `floorwatch dash` reads it.
enum LiveFloor {
    static let start = SimulatedOutage.start

    /// The floor at 09:32 (twelve minutes into the voice surge), computed once.
    static let outage: DashboardInput = make(until: start + .minutes(32))

    static func make(until end: EventTime) -> DashboardInput {
        var outage = SimulatedOutage(seed: 7)
        outage.run(until: end)
        let (snapshot, now) = (outage.snapshot, outage.now)
        let alertBoard = readBack(AlertBoardDocument(outage.alerts.board(at: now)))
        return DashboardInput(
            snapshot: readBack(SnapshotDocument(snapshot)), alerts: alertBoard,
            recommendations: readBack(RecommendationBoardDocument(outage.recommender.board(at: now), live: true)),
            agents: try? AgentDocument.array(
                json: AgentDocument.array(snapshot.agents.map { AgentDocument($0, at: snapshot.generatedAt) })),
            rules: alertBoard.rules, forecast: readBack(ForecastBoardDocument(outage.forecaster.board)),
            clock: "09:32:00 UTC")
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
