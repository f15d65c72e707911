import FloorCore
import Testing

@testable import FloorSimulation

@Suite struct SimulatorTests {
    static let start = EventTime(milliseconds: 1_772_442_000_000)  // 2026-03-02T09:00:00Z

    static func day(
        _ profile: SimulationProfile, seed: UInt64, minutes: Int64
    ) -> (
        [Event], SimulationTruth
    ) {
        var simulator = ContactCenterSimulator(profile: profile, start: start, random: SeededGenerator(seed: seed))
        let events = simulator.run(until: start + .minutes(minutes))
        return (events, simulator.truth)
    }

    @Test func theSameSeedGivesTheSameDayAndAnotherSeedAnother() {
        let (first, _) = Self.day(.small, seed: 42, minutes: 30)
        let (second, _) = Self.day(.small, seed: 42, minutes: 30)
        let (other, _) = Self.day(.small, seed: 43, minutes: 30)
        #expect(first == second)
        #expect(first != other)
        #expect(first.count > 100)
    }

    @Test func runningInStepsGivesTheSameEventsAsOneRun() {
        let (whole, _) = Self.day(.small, seed: 9, minutes: 40)
        var simulator = ContactCenterSimulator(profile: .small, start: Self.start, random: SeededGenerator(seed: 9))
        var pieces: [Event] = []
        for minute in stride(from: Int64(1), through: 40, by: 1) {
            pieces += simulator.run(until: Self.start + .minutes(minute))
        }
        #expect(pieces == whole)
    }

    @Test func eventsAreInTimeOrderAndEveryContactHasAConsistentLife() {
        let (events, truth) = Self.day(.energyRetailer, seed: 1, minutes: 60)
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.time <= $1.time })
        var queued: Set<String> = []
        var connected: Set<String> = []
        for event in events {
            guard case .contact(let id, let change) = event.body else { continue }
            switch change {
            case .queued: #expect(queued.insert(id).inserted)
            case .connected:
                #expect(queued.contains(id))
                #expect(connected.insert(id).inserted)
            case .ended(.abandoned, _): #expect(!connected.contains(id))
            case .ended(.completed, _): #expect(connected.contains(id))
            default: break
            }
        }
        #expect(truth.contacts.count == queued.count)
        #expect(
            truth.contacts.filter { if case .answered = $0.outcome { true } else { false } }.count == connected.count)
    }

    @Test func arrivalsFollowTheProfileAndTheSurgeTriplesVoice() {
        let (_, truth) = Self.day(.energyRetailer, seed: 5, minutes: 80)
        let voice = truth.contacts.filter { $0.channel == .voice }
        let minute = { (contact: SimulationTruth.Contact) in (contact.enqueuedAt - Self.start) / 60_000 }
        // 09:00–09:20 at the peak hour's weight (0.98 of 1150 an hour at 09:00 UTC): ~376 in 20 min.
        let before = voice.filter { minute($0) < 20 }.count
        let during = voice.filter { minute($0) >= 20 && minute($0) < 50 }.count
        #expect(abs(Double(before) - 1150 * 1.0 / 3) < 4 * (1150.0 / 3).squareRoot())
        // Three times the rate for 30 minutes, the extra landing in the faults queue.
        #expect(abs(Double(during) / 1.5 / Double(before) - 3) < 0.35)
        let faults = voice.filter { minute($0) >= 20 && minute($0) < 50 && $0.queue == "faults" }.count
        #expect(Double(faults) / Double(during) > 0.6)
    }

    @Test func impatientCallersAbandonAndSomeAreShortAbandons() {
        let (events, truth) = Self.day(.energyRetailer, seed: 3, minutes: 60)
        let abandoned = truth.contacts.filter { if case .abandoned = $0.outcome { true } else { false } }
        #expect(abandoned.count > 20)
        #expect(abandoned.contains { ($0.wait ?? 0) <= 5000 })
        #expect(
            events.contains { if case .agent(_, .status(.away(reason: "break"))) = $0.body { true } else { false } })
    }
}
