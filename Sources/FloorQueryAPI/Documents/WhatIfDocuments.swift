import FloorCore
import FloorForecast
import FloorProtocol

/// `POST /v1/what-if`'s body: `{"moves": [{"from": "email", "to": "voice", "agents": 10}]}`, one to
/// eight moves of 1 to 1,000 agents each. Value type; thread-safe.
public struct WhatIfRequestDocument: QueryDocument {
    public enum Key: String, DocumentKey {
        case moves
    }

    public static let maximumMoves = 8
    public static let maximumAgentsPerMove = 1_000

    public var moves: [CapacityMove]

    public init(moves: [CapacityMove]) { self.moves = moves }

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "what-if")
        moves = try reader.documents(.moves)
        guard (1...Self.maximumMoves).contains(moves.count) else {
            throw DocumentError("moves: 1 to \(Self.maximumMoves) moves")
        }
        for move in moves where !(1...Self.maximumAgentsPerMove).contains(move.agents) {
            throw DocumentError("agents: 1 to \(Self.maximumAgentsPerMove) per move")
        }
    }

    public func write(into json: inout JSONObjectWriter) {
        json.documents(Key.moves, moves)
    }
}

extension CapacityMove: QueryDocument {
    public enum Key: String, DocumentKey {
        case from, to, agents
    }

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "move")
        guard let from = try reader.channel(.from), let to = try reader.channel(.to) else {
            throw DocumentError("a move needs from and to: voice, chat, email or task")
        }
        self.init(from: from, to: to, agents: try reader.count(.agents))
    }

    public func write(into json: inout JSONObjectWriter) {
        json.string(Key.from, from.name)
        json.string(Key.to, to.name)
        json.integer(Key.agents, agents)
    }
}

/// `POST /v1/what-if`'s answer: each channel a move touches, its agents and its projection with
/// and without the moves. Value type; thread-safe.
public struct WhatIfDocument: QueryDocument {
    public enum Key: String, DocumentKey {
        case generatedAt = "generated_at"
        case moves, channels
    }

    public var generatedAt: EventTime
    public var moves: [CapacityMove]
    public var channels: [WhatIfChannel]

    public init(generatedAt: EventTime, moves: [CapacityMove], channels: [WhatIfChannel]) {
        self.generatedAt = generatedAt
        self.moves = moves
        self.channels = channels
    }

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "what-if")
        generatedAt = try reader.time(.generatedAt) ?? EventTime(milliseconds: 0)
        moves = try reader.documents(.moves)
        channels = try reader.documents(.channels)
    }

    public func write(into json: inout JSONObjectWriter) {
        json.time(Key.generatedAt, generatedAt)
        json.documents(Key.moves, moves)
        json.documents(Key.channels, channels)
    }
}

extension WhatIfChannel: QueryDocument {
    public enum Key: String, DocumentKey {
        case channel
        case agentsBefore = "agents_before"
        case agentsAfter = "agents_after"
        case before, after
        case breachBefore = "breach_before"
        case breachAfter = "breach_after"
    }

    public init(reading value: JSONValue) throws(DocumentError) {
        let reader = try DocumentReader<Key>(value, "what-if channel")
        guard let channel = try reader.channel(.channel) else { throw DocumentError("channel: missing") }
        self.init(
            channel: channel, agentsBefore: try reader.count(.agentsBefore),
            agentsAfter: try reader.count(.agentsAfter),
            before: try reader.documents(.before), after: try reader.documents(.after),
            breachBefore: try reader.document(.breachBefore), breachAfter: try reader.document(.breachAfter))
    }

    public func write(into json: inout JSONObjectWriter) {
        json.string(Key.channel, channel.name)
        json.integer(Key.agentsBefore, agentsBefore)
        json.integer(Key.agentsAfter, agentsAfter)
        json.documents(Key.before, before)
        json.documents(Key.after, after)
        json.document(Key.breachBefore, breachBefore)
        json.document(Key.breachAfter, breachAfter)
    }
}
