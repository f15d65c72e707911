import Testing

@testable import FloorStaffing

/// Properties of the models, and agreement with the brute-force chain (ReferenceChain).
@Suite struct ModelPropertyTests {
    /// (load, handle time, patience, agents) over small to very large queues.
    static let erlangACases: [(Double, Double, Double, Int)] = [
        (0.1, 180, 60, 1), (0.1, 180, 60, 3), (2.5, 240, 45, 2), (10, 180, 60, 11), (10, 100.0 / 12, 2, 10),
        (100, 300, 30, 95), (100, 300, 30, 60), (100, 300, 600, 101), (480, 180, 120, 470), (2000, 300, 90, 1900),
    ]

    @Test(arguments: erlangACases) func erlangAMatchesTheBruteForceChain(
        load: Double, handleTime: Double, patience: Double, agents: Int
    ) {
        let model = ErlangA.evaluate(
            agents: agents, load: load, handleTime: handleTime, patience: patience, threshold: 20)
        let lambda = load / handleTime
        let reference = ReferenceChain(
            servers: agents, arrivalRate: lambda, abandonRate: 1 / patience, cap: agents + 40 * Int(load) + 2000
        ) { Double($0) / handleTime }
        #expect(abs(model.probabilityWait - reference.probabilityWait) < 1e-9)
        #expect(abs(model.probabilityAbandon - reference.probabilityAbandon) < 1e-9)
        #expect(abs(model.meanWait! - reference.meanWait) < 1e-9 * max(1, reference.meanWait))
        #expect(abs(model.occupancy - reference.meanBusy / Double(agents)) < 1e-9)
    }

    @Test func chatMatchesTheBruteForceChain() {
        let handleTimes = [300.0, 390, 480]
        for patience in [nil, 90.0] {
            let model = ChatModel.evaluate(
                agents: 4, arrivalRate: 60.0 / 3600, handleTimes: handleTimes, patience: patience, threshold: 30)
            let reference = ReferenceChain(
                servers: 12, arrivalRate: 60.0 / 3600, abandonRate: 1 / (patience ?? 1e300), cap: 4000
            ) { total in
                let low = total / 4
                let high = total % 4
                var rate = Double(high) * Double(low + 1) / handleTimes[min(low, 2)]
                if low >= 1 { rate += Double(4 - high) * Double(low) / handleTimes[low - 1] }
                return rate
            }
            #expect(abs(model.probabilityWait - reference.probabilityWait) < 1e-9)
            #expect(abs(model.probabilityAbandon - reference.probabilityAbandon) < 1e-9)
            #expect(abs(model.occupancy - reference.meanBusy / 12) < 1e-9)
        }
    }

    @Test func serviceLevelRisesWithAgents() {
        for load in [0.5, 10, 48, 300] {
            var previousC = -1.0
            var previousA = -1.0
            var previousAbandon = 2.0
            for agents in max(1, Int(load) - 5)...(Int(load) + 30) {
                let c = ErlangC.evaluate(agents: agents, load: load, handleTime: 180, threshold: 20)
                let a = ErlangA.evaluate(agents: agents, load: load, handleTime: 180, patience: 120, threshold: 20)
                #expect(c.serviceLevelOffered >= previousC - 1e-12)
                #expect(a.serviceLevelOffered >= previousA - 1e-12)
                #expect(a.probabilityAbandon <= previousAbandon + 1e-12)
                previousC = c.serviceLevelOffered
                previousA = a.serviceLevelOffered
                previousAbandon = a.probabilityAbandon
            }
        }
    }

    @Test func erlangATendsToErlangCAsPatienceGrows() {
        // A07: patience 10^7 s converges to Erlang C (E02) within 2e-6; the gap is O(1/patience).
        let e02 = ErlangA.evaluate(agents: 14, load: 10, handleTime: 180, patience: 1e7, threshold: 20)
        let erlangC = ErlangC.evaluate(agents: 14, load: 10, handleTime: 180, threshold: 20)
        #expect(abs(e02.serviceLevelOffered - erlangC.serviceLevelOffered) < 2e-6)
        #expect(abs(e02.probabilityWait - erlangC.probabilityWait) < 2e-6)
        for (load, agents) in [(10.0, 14), (48.0, 55), (500.0, 520)] {
            let c = ErlangC.evaluate(agents: agents, load: load, handleTime: 180, threshold: 20)
            var previousGap = Double.infinity
            for patience in [1e5, 1e6, 1e7, 1e8] {
                let a = ErlangA.evaluate(
                    agents: agents, load: load, handleTime: 180, patience: patience, threshold: 20)
                let gap =
                    abs(a.serviceLevelOffered - c.serviceLevelOffered) + abs(a.probabilityWait - c.probabilityWait)
                #expect(gap < previousGap / 8)
                #expect(gap < 0.1 / patience * 1e3)
                previousGap = gap
            }
        }
    }

    @Test func chatWithOneChatPerAgentIsErlang() {
        for (agents, load) in [(3, 1.7), (14, 10.0), (60, 55.0)] {
            let c = ErlangC.evaluate(agents: agents, load: load, handleTime: 200, threshold: 30)
            let chatC = ChatModel.evaluate(
                agents: agents, arrivalRate: load / 200, handleTimes: [200], patience: nil, threshold: 30)
            #expect(abs(chatC.serviceLevelOffered - c.serviceLevelOffered) < 1e-12)
            #expect(abs(chatC.averageSpeedOfAnswer! - c.averageSpeedOfAnswer!) < 1e-9)
            #expect(abs(chatC.occupancy - c.occupancy) < 1e-12)
            let a = ErlangA.evaluate(agents: agents, load: load, handleTime: 200, patience: 75, threshold: 30)
            let chatA = ChatModel.evaluate(
                agents: agents, arrivalRate: load / 200, handleTimes: [200], patience: 75, threshold: 30)
            #expect(abs(chatA.serviceLevelOffered - a.serviceLevelOffered) < 1e-12)
            #expect(abs(chatA.probabilityAbandon - a.probabilityAbandon) < 1e-12)
            #expect(abs(chatA.occupancy - a.occupancy) < 1e-9)
        }
    }

    @Test func twoChatsAtConstantHandleTimeIsTwiceTheServers() {
        // H04: k = 2 with one handle time equals M/M/2N.
        let chat = ChatModel.evaluate(
            agents: 5, arrivalRate: 8.0 / 300, handleTimes: [300, 300], patience: nil, threshold: 30)
        let doubled = ErlangC.evaluate(agents: 10, load: 8, handleTime: 300, threshold: 30)
        #expect(abs(chat.serviceLevelOffered - doubled.serviceLevelOffered) < 1e-12)
        #expect(abs(chat.probabilityWait - doubled.probabilityWait) < 1e-12)
    }

    @Test func requirementNeverFallsWhenLoadRises() {
        let targets = StaffingTargets(serviceLevel: 0.8, threshold: 20, maximumOccupancy: 0.9, maximumAbandon: 0.05)
        for model in [StaffingModel.erlangC, .erlangA(patience: 90)] {
            var previous = 0
            var load = 0.1
            while load < 400 {
                let agents = Staffing.required(load: load, handleTime: 240, model: model, targets: targets).agents
                #expect(agents >= previous)
                previous = agents
                load *= 1.13
            }
        }
    }

    @Test func searchReturnsTheSmallestStaffingThatMeetsTheTargets() {
        let targets = StaffingTargets(serviceLevel: 0.9, threshold: 15, averageSpeedOfAnswer: 10, maximumAbandon: 0.03)
        for load in [0.3, 4.2, 37.0, 250.0] {
            for model in [StaffingModel.erlangC, .erlangA(patience: 45)] {
                let agents = Staffing.required(load: load, handleTime: 200, model: model, targets: targets).agents
                let at = Staffing.evaluate(agents: agents, load: load, handleTime: 200, model: model, threshold: 15)
                #expect(targets.isMet(by: at))
                if agents > 1 {
                    let below = Staffing.evaluate(
                        agents: agents - 1, load: load, handleTime: 200, model: model, threshold: 15)
                    #expect(!targets.isMet(by: below))
                }
            }
        }
    }

    @Test func fiveThousandErlangs() {
        let targets = StaffingTargets(serviceLevel: 0.8, threshold: 20)
        let c = Staffing.required(load: 5000, handleTime: 180, model: .erlangC, targets: targets)
        let a = Staffing.required(load: 5000, handleTime: 180, model: .erlangA(patience: 120), targets: targets)
        #expect(c.agents > 5000 && c.agents < 5100)
        #expect(a.agents <= c.agents)
        #expect(c.performance.serviceLevelOffered >= 0.8 && c.performance.serviceLevelOffered < 0.9)
        let overloaded = ErlangA.evaluate(agents: 4000, load: 5000, handleTime: 180, patience: 120, threshold: 20)
        #expect(overloaded.probabilityAbandon > 0.19 && overloaded.probabilityAbandon < 0.21)
        #expect(overloaded.serviceLevelOffered.isFinite && overloaded.occupancy <= 1)
    }

    @Test func deadlineCapacity() {
        // Three items 8 minutes from breach needing 6 minutes each: 18 minutes of work in 8.
        let items = [
            DeferredItem(dueIn: 480, work: 360), DeferredItem(dueIn: 480, work: 360),
            DeferredItem(dueIn: 480, work: 360),
            DeferredItem(dueIn: 14_000, work: 360),
        ]
        let requirement = DeferredWork.deadlineCapacity(
            items: items, arrivalRate: 10.0 / 3600, handleTime: 360, deadline: 4 * 3600)
        #expect(abs(requirement.erlangs - 2.25) < 1e-12)
        #expect(requirement.bindingDeadline == 480)
        // With no urgent work the inflow sets the floor.
        let calm = DeferredWork.deadlineCapacity(
            items: [DeferredItem(dueIn: 14_000, work: 360)], arrivalRate: 30.0 / 3600, handleTime: 360,
            deadline: 4 * 3600)
        #expect(abs(calm.erlangs - 3) < 1e-12)
        #expect(calm.bindingDeadline == nil)
        // An item due before its own work could be done is flagged, not used to inflate need.
        let hopeless = DeferredWork.deadlineCapacity(
            items: [DeferredItem(dueIn: 60, work: 360), DeferredItem(dueIn: -5, work: 360)], arrivalRate: 0,
            handleTime: 360, deadline: 3600)
        #expect(hopeless.atRisk == 1)
        #expect(hopeless.overdue == 1)
        #expect(hopeless.erlangs == 0)
    }

    @Test func conditionalWaitAgreesWithErlangAFormulas() {
        let longPatience = ConditionalWait.erlangA(
            waiting: 5, agents: 10, handleTime: 180, patience: 1e8, threshold: 20)
        let erlangC = ConditionalWait.erlangC(waiting: 5, agents: 10, handleTime: 180, threshold: 20)
        #expect(
            abs(longPatience.probabilityAnsweredWithinThreshold - erlangC.probabilityAnsweredWithinThreshold) < 1e-6)
        #expect(abs(longPatience.expectedWaitIfAnswered - erlangC.expectedWaitIfAnswered) < 1e-3)
        let impatient = ConditionalWait.erlangA(waiting: 5, agents: 10, handleTime: 180, patience: 60, threshold: 20)
        #expect(abs(impatient.probabilityAnswered - 10.0 / 3 / (10.0 / 3 + 6)) < 1e-12)
    }
}
