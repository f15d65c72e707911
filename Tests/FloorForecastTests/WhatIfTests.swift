import FloorCore
import FloorForecast
import Testing

/// Trying a move on the published forecast: the channels it touches, their agents before and
/// after, and projections where an added agent never looks worse.
@Suite struct WhatIfTests {
    /// Voice in an outage (48 calls a minute, 98 waiting, 179 agents: overloaded), email with 20.
    static func board(voiceAgents: Int = 179) -> ForecastBoard {
        let forecast = (1...30).map { offset in
            ArrivalForecastPoint(
                minute: 1_000 + Int64(offset), stepsAhead: offset, expected: 48, modelVariance: 4, lower: 40, upper: 56,
                expectedLower: 45, expectedUpper: 51)
        }
        let inputs = ProjectionInputs(
            conditions: QueueConditions(
                waiting: 98, oldestWaitSeconds: 120, agents: voiceAgents, handleTime: 385, patience: 400),
            objective: ServiceLevelObjective(thresholdSeconds: 20, target: 0.8), forecast: forecast,
            recentMinutes: Array(repeating: MinuteObservation(arrivals: 48, answeredWithinThreshold: 10), count: 14),
            serversPerAgent: 1)
        var agents = PerChannel(repeating: 0)
        agents.voice = voiceAgents
        agents.email = 20
        return ForecastBoard(
            generatedAt: EventTime(milliseconds: 60_000_000), scopes: [], agents: agents,
            projectionInputs: [.voice: inputs])
    }

    @Test(arguments: [1, 5, 15, 60])
    func addingAgentsNeverLooksWorse(agents: Int) throws {
        let channels = try WhatIf.evaluate(
            [CapacityMove(from: .email, to: .voice, agents: min(agents, 20))], on: Self.board()
        ).get()
        #expect(channels.map(\.channel) == [.voice, .email])
        let voice = channels[0]
        #expect(voice.agentsBefore == 179 && voice.agentsAfter == 179 + min(agents, 20))
        #expect(voice.before.count == 30 && voice.after.count == 30)
        for (before, after) in zip(voice.before, voice.after) {
            #expect(after.trailingServiceLevel >= before.trailingServiceLevel)
            #expect(after.queueLength <= before.queueLength)
        }
        #expect(channels[1].before.isEmpty, "email's backlog is not projected")
        #expect(channels[1].agentsAfter == 20 - min(agents, 20))
    }

    @Test func enoughAgentsEndTheOverload() throws {
        // 48 a minute at 385 s is 308 Erlangs: 140 more agents bring the queue down within the half hour.
        var board = Self.board()
        board = ForecastBoard(
            generatedAt: board.generatedAt, scopes: [],
            agents: {
                var agents = board.agents; agents.email = 200; return agents
            }(),
            projectionInputs: board.projectionInputs)
        let voice = try WhatIf.evaluate([CapacityMove(from: .email, to: .voice, agents: 140)], on: board).get()[0]
        #expect(voice.after.last!.queueLength < 10)
        #expect(voice.after.last!.serviceLevel > 0.5)
        #expect(voice.before.last!.serviceLevel < 0.01)
        #expect(voice.breachAfter?.minutesUntilBreach != nil, "the trailing 15 minutes still hold the outage")
    }

    @Test func impossibleMovesAreRefused() throws {
        let nothing = try WhatIf.evaluate([CapacityMove(from: .voice, to: .voice, agents: 5)], on: Self.board()).get()
        #expect(nothing.count == 1 && nothing[0].agentsAfter == nothing[0].agentsBefore)
        #expect(nothing[0].after == nothing[0].before)
        #expect(
            WhatIf.evaluate([CapacityMove(from: .email, to: .voice, agents: 21)], on: Self.board())
                == .failure(.tooFewAgents(.email, have: 20, moving: 21)))
        let cold = ForecastBoard(generatedAt: EventTime(milliseconds: 0), scopes: [])
        #expect(
            WhatIf.evaluate([CapacityMove(from: .email, to: .chat, agents: 0)], on: cold) == .failure(.notWarm))
    }
}
