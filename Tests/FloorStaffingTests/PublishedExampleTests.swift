import Testing

@testable import FloorStaffing

/// Published worked examples (STAFFING-MATH §3.2, §7, §9) and the traps of §3.3 and §5.
@Suite struct PublishedExampleTests {
    /// Call Centre Helper / CRAN ErlangC: 100 calls per 30 minutes, AHT 180 s, 80/20.
    let load = 100.0 * 180 / 1800

    @Test func callCentreHelperEvaluations() {
        let eleven = ErlangC.evaluate(agents: 11, load: load, handleTime: 180, threshold: 20)
        #expect(abs(eleven.probabilityWait - 0.6821182) < 5e-8)
        #expect(abs(eleven.serviceLevelOffered - 0.3896138) < 5e-8)
        let fourteen = ErlangC.evaluate(agents: 14, load: load, handleTime: 180, threshold: 20)
        #expect(abs(fourteen.probabilityWait - 0.1741319) < 5e-8)
        #expect(abs(fourteen.serviceLevelOffered - 0.88835) < 5e-6)
        #expect(abs(fourteen.averageSpeedOfAnswer! - 7.835937) < 5e-7)
        #expect(abs(fourteen.immediateAnswer - 0.8258681) < 5e-8)
        #expect(abs(fourteen.occupancy - 0.7142857) < 5e-8)
        let thirteen = ErlangC.evaluate(agents: 13, load: load, handleTime: 180, threshold: 20)
        #expect(abs(thirteen.serviceLevelOffered - 0.79559) < 5e-6)
    }

    @Test func callCentreHelperStaffing() {
        let targets = StaffingTargets(serviceLevel: 0.8, threshold: 20, maximumOccupancy: 0.85, shrinkage: 0.3)
        let requirement = Staffing.required(load: load, handleTime: 180, model: .erlangC, targets: targets)
        #expect(requirement.agents == 14)
        #expect(requirement.scheduledAgents == 20)
        #expect(!requirement.occupancyBound)
    }

    @Test func westbayMitanRow() {
        // 360 calls per half hour, 4-minute calls, 55 agents, T = 15 s.
        let performance = ErlangC.evaluate(agents: 55, load: 360.0 * 240 / 1800, handleTime: 240, threshold: 15)
        #expect(abs(performance.occupancy - 0.8727) < 5e-5)
        #expect(abs(performance.probabilityWait - 0.2387009) < 5e-8)
        #expect(abs(performance.serviceLevelOffered - 0.8458831) < 5e-8)
        #expect(abs(performance.averageSpeedOfAnswer! - 8.184) < 5e-4)
    }

    @Test func erlangBAtLargeLoad() {
        let blocking = ErlangB.blocking(servers: 5000, load: 4900)
        #expect(abs(blocking - 0.0022157679024972) / 0.0022157679024972 < 1e-12)
    }

    @Test func unstableErlangCIsNeverGarbage() {
        // At A = 5, N = 4 naive closed forms give Pw 1.607 and SL −0.795.
        let performance = ErlangC.evaluate(agents: 4, load: 5, handleTime: 180, threshold: 20)
        #expect(!performance.isStable)
        #expect(performance.probabilityWait == 1)
        #expect(performance.serviceLevelOffered == 0)
        #expect(performance.averageSpeedOfAnswer == nil)
    }

    @Test func loadThatIsWholeOnlyOnPaperIsUnstable() {
        // λ = 1200/3600 per second, AHT 300 s: A is 100 give or take the last bit.
        let load = (1200.0 / 3600) * 300
        let atLoad = ErlangC.evaluate(agents: 100, load: load, handleTime: 300, threshold: 20)
        #expect(!atLoad.isStable)
        #expect(ErlangC.evaluate(agents: 101, load: load, handleTime: 300, threshold: 20).isStable)
    }

    @Test func occupancyCapAndShrinkageAreFloatSafe() {
        // 21 / 0.7 = 30.000000000000004: the answer is 30 raw and 43 scheduled, not 31 / 45.
        let targets = StaffingTargets(maximumOccupancy: 0.7, shrinkage: 0.3)
        let requirement = Staffing.required(load: 21, handleTime: 180, model: .erlangC, targets: targets)
        #expect(requirement.agents == 30)
        #expect(requirement.scheduledAgents == 43)
        #expect(requirement.occupancyBound)
        #expect(safeCeil(21 / 0.7) == 30)
        #expect(safeCeil(30.2) == 31)
    }

    @Test func smallLoadsStartAtTheSmallestStableStaffing() {
        // A = 0.4: one agent is stable; round(A+1) or ceil(A)+1 would start at 2.
        let requirement = Staffing.required(
            load: 0.4, handleTime: 180, model: .erlangC, targets: StaffingTargets(serviceLevel: 0.5, threshold: 60))
        let one = ErlangC.evaluate(agents: 1, load: 0.4, handleTime: 180, threshold: 60)
        #expect(one.serviceLevelOffered >= 0.5)
        #expect(requirement.agents == 1)
    }

    @Test func erlangAWithPatience() {
        // A = 10, N = 11: Erlang C 39.0 % in 20 s; with 60 s patience 79.7 %, 11.2 % abandon.
        let performance = ErlangA.evaluate(agents: 11, load: 10, handleTime: 180, patience: 60, threshold: 20)
        #expect(abs(performance.serviceLevelOffered - 0.797) < 5e-4)
        #expect(abs(performance.probabilityAbandon - 0.112) < 5e-4)
    }

    @Test func erlangAAbandonmentCap() {
        // AS4: A = 10, 80/20, 60 s patience, at most 2 % abandon → 15 agents.
        let targets = StaffingTargets(serviceLevel: 0.8, threshold: 20, maximumAbandon: 0.02)
        let requirement = Staffing.required(load: 10, handleTime: 180, model: .erlangA(patience: 60), targets: targets)
        #expect(requirement.agents == 15)
    }

    @Test func erlangAStaffsBelowTheLoadAndTheCapOnRealisedOccupancy() {
        // §4.5 (AHT 300 s): 80/20 at A = 500 with 90 s patience needs 446 (< A) at 99.8 %
        // occupancy and 11 % abandonment; Erlang C needs 513.
        let targets = StaffingTargets(serviceLevel: 0.8, threshold: 20)
        let patient = Staffing.required(load: 500, handleTime: 300, model: .erlangA(patience: 90), targets: targets)
        #expect(patient.agents == 446)
        #expect(abs(patient.performance.probabilityAbandon - 0.11) < 0.005)
        #expect(abs(patient.performance.occupancy - 0.998) < 0.0005)
        #expect(Staffing.required(load: 500, handleTime: 300, model: .erlangC, targets: targets).agents == 513)
        // A = 100, 30 s patience: 86 with 16 % abandonment against Erlang C's 108; a cap of
        // 85 % on the realised occupancy gives 117, where A/N would demand 118.
        let short = Staffing.required(load: 100, handleTime: 300, model: .erlangA(patience: 30), targets: targets)
        #expect(short.agents == 86)
        #expect(abs(short.performance.probabilityAbandon - 0.16) < 0.005)
        #expect(Staffing.required(load: 100, handleTime: 300, model: .erlangC, targets: targets).agents == 108)
        var capped = targets
        capped.maximumOccupancy = 0.85
        let cappedRequirement = Staffing.required(
            load: 100, handleTime: 300, model: .erlangA(patience: 30), targets: capped)
        #expect(cappedRequirement.agents == 117)
        #expect(cappedRequirement.occupancyBound)
    }

    @Test func erlangAInOverload() {
        // A04: A = 100, N = 95, patience 30 s, AHT 300 s, T = 20 s.
        let performance = ErlangA.evaluate(agents: 95, load: 100, handleTime: 300, patience: 30, threshold: 20)
        #expect(abs(performance.serviceLevelOffered - 0.89405) < 5e-6)
        #expect(abs(performance.probabilityAbandon - 0.09163) < 5e-6)
        #expect(abs(performance.probabilityWait - 0.36831) < 5e-6)
        #expect(abs(performance.averageSpeedOfAnswer! - 2.3935) < 5e-5)
    }

    @Test func chatWithConcurrency() {
        // H01: N = 4, k = 3, AHT 300/390/480 s, 60 chats an hour, T = 30 s.
        let performance = ChatModel.evaluate(
            agents: 4, arrivalRate: 60.0 / 3600, handleTimes: [300, 390, 480], patience: nil, threshold: 30)
        #expect(abs(performance.serviceLevelOffered - 0.9428) < 5e-5)
        #expect(abs(performance.probabilityWait - 0.0734) < 5e-5)
    }

    @Test func backOfficeThroughput() {
        // Turnella: 200 backlog, 5 days of 5.5 productive hours, 80 a day, AHT 25 minutes → 9.09 → 10.
        let day = 5.5 * 3600
        let agents = DeferredWork.throughputAgents(
            backlog: 200, arrivalRate: 80 / day, handleTime: 25 * 60, horizon: 5 * day)
        #expect(abs(agents - 9.0909) < 1e-4)
        #expect(safeCeil(agents) == 10)
        // W02: 120 backlog, 30 an hour, AHT 6 minutes, 4 hours, 90 % occupancy, 30 % shrinkage → 7 → 10.
        let email = DeferredWork.throughputAgents(
            backlog: 120, arrivalRate: 30.0 / 3600, handleTime: 360, horizon: 4 * 3600, occupancy: 0.9)
        #expect(abs(email - 6.6667) < 1e-4)
        #expect(Staffing.scheduled(productive: safeCeil(email), shrinkage: 0.3) == 10)
    }

    @Test func conditionalWaitOfTheNextCaller() {
        // N = 10, AHT 180 s, T = 20 s, 5 already queued: P(answer ≤ T) ≈ 0.001.
        let outlook = ConditionalWait.erlangC(waiting: 5, agents: 10, handleTime: 180, threshold: 20)
        #expect(abs(outlook.probabilityAnsweredWithinThreshold - 0.001) < 5e-4)
        #expect(outlook.probabilityAnsweredWithinThreshold > 0)
    }
}
