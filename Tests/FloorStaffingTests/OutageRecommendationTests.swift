import FloorCore
import FloorStaffing
import FloorTestSupport
import Testing

/// The moves the recommender makes during the energy retailer's outage (calls triple for half
/// an hour), read as a supervisor reads them: what changes, in figures that change at that load,
/// and what it would take when no move is enough.
@Suite("recommendations during the outage")
struct OutageRecommendationTests {
    struct Issued {
        var recommendation: Recommendation
        var voice: ChannelRequirement
    }

    static func issued(seed: UInt64) -> [Issued] {
        var outage = SimulatedOutage(seed: seed)
        var issued: [Issued] = []
        outage.run(until: SimulatedOutage.start + .minutes(60)) { changes, board in
            guard let voice = board.channels.first(where: { $0.channel == .voice }) else { return }
            for change in changes where change.kind == .issued && change.recommendation.to == .voice {
                issued.append(Issued(recommendation: change.recommendation, voice: voice))
            }
        }
        return issued
    }

    static let outages: [(UInt64, [Issued])] = [3, 7, 11].map { ($0, issued(seed: $0)) }

    @Test func everyMoveSaysWhatChangesNeverSLZeroToZero() {
        var count = 0
        for (seed, moves) in Self.outages {
            for move in moves {
                count += 1
                let text = move.recommendation.summary
                #expect(text.hasPrefix("move \(move.recommendation.agents) agent"), "seed \(seed): \(text)")
                #expect(!text.contains("SL 0 % → 0 %"), "seed \(seed): \(text)")
                // The figures it quotes are the projections it carries.
                if let growth = move.recommendation.toBefore.queueGrowthPerMinute {
                    #expect(text.contains("grows \(NumberText.number(growth)) a minute"), "seed \(seed): \(text)")
                }
            }
        }
        #expect(count >= 3, "the outage calls for moves on every seed")
    }

    /// Beyond the agents' capacity: without a patience estimate (Erlang C) the queue grows by the
    /// arrivals a minute less what the agents finish a minute (λ − c/AHT); with one (Erlang A)
    /// callers hang up instead, at least as many an hour as the agents cannot take (the agents
    /// finish at most c/AHT, so abandons = λ − throughput ≥ λ − c/AHT).
    @Test func theQueueGrowthIsArrivalsLessWhatTheAgentsFinish() {
        var checked = 0
        for (seed, moves) in Self.outages {
            for move in moves {
                for projection in [move.recommendation.toBefore, move.recommendation.toAfter] {
                    let capacity = Double(projection.agents) * 60 / move.voice.handleTimeSeconds
                    let arrivals = move.voice.arrivalsPerHour / 60
                    if let growth = projection.queueGrowthPerMinute {
                        checked += 1
                        #expect(abs(growth - (arrivals - capacity)) < 1e-6 * arrivals, "seed \(seed)")
                    } else if arrivals > capacity {
                        checked += 1
                        let abandons = projection.abandonsPerHour ?? -1
                        #expect(abandons >= (arrivals - capacity) * 60 * (1 - 1e-6), "seed \(seed)")
                    }
                }
            }
        }
        #expect(checked > 0)
    }

    @Test func aMoveThatCannotReachTheGoalSaysWhatItWouldTake() {
        var short = 0
        for (seed, moves) in Self.outages {
            for move in moves {
                let after = move.recommendation.toAfter.agents
                let text = move.recommendation.summary
                if move.voice.required > after {
                    short += 1
                    #expect(
                        text.hasSuffix(
                            "; still short: voice needs \(move.voice.required) agents, \(after) after this move"),
                        "seed \(seed): \(text)")
                } else {
                    #expect(!text.contains("still short"), "seed \(seed): \(text)")
                }
            }
        }
        // Calls triple: on some seeds no donor has enough agents to spare.
        #expect(short > 0)
    }
}
