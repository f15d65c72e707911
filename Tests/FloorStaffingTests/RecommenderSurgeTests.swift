import FloorCore
import FloorTestSupport
import Testing

@testable import FloorStaffing

/// The recommender on an event stream with a voice surge (an outage tripling calls for 30
/// minutes), a supervisor acting on what it says.
@Suite struct RecommenderSurgeTests {
    @Test func surgePullsEmailAgentsToVoiceAndReleasesThemAfter() throws {
        var floor = MiniFloor(voiceOnly: 10, blended: 8, emailDeadline: .hours(1))
        var recommender = CapacityRecommender()
        let tick = 30.0
        let surgeStart = 3600.0
        let surgeEnd = 5400.0
        var towardVoice: [(Double, Recommendation)] = []
        var fromVoiceDuringSurge: [Recommendation] = []
        var releases: [(Double, Recommendation)] = []
        var log: [String] = []
        var surgeVisible: Double?
        var time = 0.0
        while time < 9000 {
            time += tick
            floor.voicePerHour = (surgeStart..<surgeEnd).contains(time) ? 180 : 60
            floor.run(until: time)
            let snapshot = floor.snapshot()
            // The surge shows on the floor when callers wait with no voice agent free.
            let voice = snapshot.channels.voice
            if time >= surgeStart, surgeVisible == nil, voice.inQueue > 0, voice.agents.available == 0 {
                surgeVisible = time
            }
            for change in recommender.evaluate(snapshot, now: snapshot.generatedAt) where change.kind == .issued {
                let recommendation = change.recommendation
                log.append("\(Int(time)) \(recommendation.summary) | \(recommendation.reason)")
                if recommendation.to == .voice, time >= surgeStart { towardVoice.append((time, recommendation)) }
                if recommendation.from == .voice, (surgeStart..<surgeEnd).contains(time) {
                    fromVoiceDuringSurge.append(recommendation)
                }
                if recommendation.from == .voice, time >= surgeEnd { releases.append((time, recommendation)) }
                // The supervisor accepts and changes routing profiles on the spot.
                _ = recommender.accept(id: recommendation.id, by: "supervisor", note: nil, at: snapshot.generatedAt)
                let ids = Array(recommendation.eligibleAgents.prefix(recommendation.agents))
                floor.setProfile(ids, recommendation.to == .voice ? MiniFloor.voiceOnly : MiniFloor.blended)
            }
        }
        let first = towardVoice.first
        #expect(first != nil, "no move toward voice: \(log)")
        if let (time, recommendation) = first {
            // Within two ticks of the surge showing on the floor, and within minutes of its start.
            let visible = try #require(surgeVisible)
            #expect(
                time <= visible + 2 * tick, "first move toward voice at \(time), surge visible at \(visible): \(log)")
            // Idle agents absorb the first minutes of a surge; it must show within ten.
            #expect(time <= surgeStart + 600, "first move toward voice at \(time): \(log)")
            #expect(recommendation.from == .email)
            #expect(recommendation.agents >= 1)
            #expect((recommendation.toAfter.serviceLevel ?? 0) > (recommendation.toBefore.serviceLevel ?? 1))
            #expect(recommendation.reason.contains("voice SL(20 s) projected"))
        }
        #expect(fromVoiceDuringSurge.isEmpty, "released voice during the surge: \(log)")
        #expect(!releases.isEmpty, "never released agents back to email: \(log)")
        if let (_, release) = releases.first {
            #expect(release.to == .email)
            #expect(release.summary.hasPrefix("move \(release.agents) agent"))
        }
    }
}
