import FloorCore
import FloorTestSupport
import Testing

@testable import FloorStaffing

/// How many agents the next caller's outlook asks for: the search must agree with trying every
/// count in turn (the naive reference), and the outlook it relies on must never fall as agents
/// are added.
@Suite struct NextCallerStaffingTests {
    /// Linear search: the first count that meets the target.
    static func firstByTrying(_ limit: Int, _ meets: (Int) -> Bool) -> Int? {
        limit >= 1 ? (1...limit).first(where: meets) : nil
    }

    @Test func agreesWithTryingEveryCountOnMonotonePredicates() {
        var random = SplitMix64(seed: 11)
        for _ in 0..<2_000 {
            let limit = Int(random.next() % 300)
            let threshold = Int(random.next() % 400)
            let meets = { (count: Int) in count >= threshold }
            #expect(fewestAdded(upTo: limit, meets: meets) == Self.firstByTrying(limit, meets))
        }
    }

    /// The real outlooks, with queues from 1 to 5,000 waiting: the same answer as trying every
    /// count, which is what the recommender did before.
    @Test(arguments: [1, 7, 60, 400, 5_000]) func agreesOnTheNextCallersOutlook(waiting: Int) {
        for (agents, patience) in [(10, 60.0), (50, 120.0), (200, 300.0)] {
            for target in [0.5, 0.8, 0.95] {
                let erlangA = { (added: Int) in
                    ConditionalWait.erlangA(
                        waiting: waiting, agents: agents + added, handleTime: 300, patience: patience, threshold: 20
                    ).probabilityAnsweredWithinThreshold >= target
                }
                let erlangC = { (added: Int) in
                    ConditionalWait.erlangC(waiting: waiting, agents: agents + added, handleTime: 300, threshold: 20)
                        .probabilityAnsweredWithinThreshold >= target
                }
                let limit = min(waiting + 1, 600)
                #expect(fewestAdded(upTo: limit, meets: erlangA) == Self.firstByTrying(limit, erlangA))
                #expect(fewestAdded(upTo: limit, meets: erlangC) == Self.firstByTrying(limit, erlangC))
            }
        }
    }

    @Test func theOutlookNeverFallsAsAgentsAreAdded() {
        for waiting in [0, 3, 40, 500] {
            var previousA = -1.0
            var previousC = -1.0
            for agents in 1...400 {
                let a = ConditionalWait.erlangA(
                    waiting: waiting, agents: agents, handleTime: 240, patience: 90, threshold: 20)
                let c = ConditionalWait.erlangC(waiting: waiting, agents: agents, handleTime: 240, threshold: 20)
                #expect(a.probabilityAnsweredWithinThreshold >= previousA - 1e-12)
                #expect(c.probabilityAnsweredWithinThreshold >= previousC - 1e-12)
                previousA = a.probabilityAnsweredWithinThreshold
                previousC = c.probabilityAnsweredWithinThreshold
            }
        }
    }
}
