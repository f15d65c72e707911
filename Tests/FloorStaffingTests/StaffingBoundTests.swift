import FloorCore
import Testing

@testable import FloorStaffing

/// A flood of arrivals (a replay, a load test, bad timestamps) asks the recommender for
/// millions of agents: the search stops at `Staffing.maximumAgents` and says so, instead of
/// summing over millions of agents on the engine loop.
@Suite struct StaffingBoundTests {
    static let targets = StaffingTargets(serviceLevel: 0.8, threshold: 20, maximumOccupancy: 0.9, maximumAbandon: 0.05)

    @Test(arguments: [
        StaffingModel.erlangC, .erlangA(patience: 120), .chat(handleTimes: [300, 400], patience: 180),
    ])
    func aFloodStopsAtTheBound(model: StaffingModel) {
        // 278,000 arrivals a second at 300 s: 83 million Erlangs.
        let requirement = Staffing.required(load: 278_000 * 300, handleTime: 300, model: model, targets: Self.targets)
        #expect(requirement.agents == Staffing.maximumAgents)
        #expect(requirement.beyondBound)
    }

    @Test(arguments: [StaffingModel.erlangC, .erlangA(patience: 120)])
    func anOrdinaryQueueIsNotBounded(model: StaffingModel) {
        let requirement = Staffing.required(load: 120, handleTime: 300, model: model, targets: Self.targets)
        #expect(requirement.agents > 120 && requirement.agents < 160)
        #expect(!requirement.beyondBound)
    }
}
