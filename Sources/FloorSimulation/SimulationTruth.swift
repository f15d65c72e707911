import FloorCore

/// What really happened to every contact, as the simulator knows it: the ground truth the
/// daemon's figures are checked against. Value type; thread-safe.
public struct SimulationTruth: Sendable {
    public enum Outcome: Sendable, Equatable {
        case waiting
        case answered(at: EventTime)
        case abandoned(at: EventTime)
    }

    public struct Contact: Sendable, Equatable {
        public var id: String
        public var queue: String
        public var channel: Channel
        public var enqueuedAt: EventTime
        public var outcome: Outcome

        /// Queue time, once the contact has left the queue.
        public var wait: Milliseconds? {
            switch outcome {
            case .waiting: nil
            case .answered(let at), .abandoned(let at): at - enqueuedAt
            }
        }

        var removedAt: EventTime? {
            switch outcome {
            case .waiting: nil
            case .answered(let at), .abandoned(let at): at
            }
        }
    }

    public internal(set) var contacts: [Contact] = []

    /// The figures of one window computed from the truth, by the engine's documented rules
    /// (docs/metrics.md): 10 s buckets by each fact's own time, the window being the bucket of
    /// `now` and the buckets before it.
    public struct WindowFigures: Sendable, Equatable {
        public var offered = 0
        public var answered = 0
        public var abandoned = 0
        public var shortAbandoned = 0
        public var answeredWithinThreshold = 0
        public var abandonedWithinThreshold = 0
        public var answeredWaitMs: Int64 = 0
        public var waits: [Milliseconds] = []

        /// Connect's service level: removed within T over removed.
        public var serviceLevel: Double? {
            let removed = answered + abandoned
            return removed > 0 ? Double(answeredWithinThreshold + abandonedWithinThreshold) / Double(removed) : nil
        }

        public var averageSpeedOfAnswer: Double? {
            answered > 0 ? Double(answeredWaitMs) / Double(answered) : nil
        }

        public var abandonRate: Double? {
            answered + abandoned > 0 ? Double(abandoned) / Double(answered + abandoned) : nil
        }

        /// Nearest-rank percentile of the queue times of contacts that left the queue.
        public func waitPercentile(_ fraction: Double) -> Milliseconds? {
            guard !waits.isEmpty else { return nil }
            let sorted = waits.sorted()
            let rank = max(1, Int((fraction * Double(sorted.count)).rounded(.up)))
            return sorted[min(rank, sorted.count) - 1]
        }
    }

    public func window(
        channel: Channel, length: Milliseconds, now: EventTime, threshold: Milliseconds,
        shortAbandon: Milliseconds = .seconds(5), bucket: Milliseconds = .seconds(10)
    ) -> WindowFigures {
        let current = Self.floorDivide(now.milliseconds, bucket)
        let first = current - length / bucket + 1
        let inWindow = { (time: EventTime) in
            let index = Self.floorDivide(time.milliseconds, bucket)
            return index >= first && index <= current
        }
        var figures = WindowFigures()
        for contact in contacts where contact.channel == channel {
            if inWindow(contact.enqueuedAt) { figures.offered += 1 }
            guard let removed = contact.removedAt, inWindow(removed), let wait = contact.wait else { continue }
            figures.waits.append(wait)
            switch contact.outcome {
            case .answered:
                figures.answered += 1
                figures.answeredWaitMs += wait
                if wait <= threshold { figures.answeredWithinThreshold += 1 }
            case .abandoned:
                figures.abandoned += 1
                if wait <= shortAbandon { figures.shortAbandoned += 1 }
                if wait <= threshold { figures.abandonedWithinThreshold += 1 }
            case .waiting: break
            }
        }
        return figures
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }
}
