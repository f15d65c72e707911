import FloorCore
import FloorForecast

/// A plain discrete-event simulation of an M/M/N+M queue (Poisson arrivals, exponential handle
/// times and patience, FIFO), one minute at a time: the independent "what actually happened" the
/// predictive alert is judged against. Deliberately naive: linear scans, no clever structures.
struct SimulatedQueue {
    let agents: Int
    let handleTime: Double
    let patience: Double
    let threshold: Double
    private var random: SplitMix64
    private(set) var now = 0.0
    /// Waiting contacts, oldest first: when they arrived and when they will hang up.
    private var waiting: [(arrival: Double, hangUp: Double)] = []
    /// Busy agents: when their contact started and when it will end.
    private var busy: [(start: Double, end: Double)] = []

    init(agents: Int, handleTime: Double, patience: Double, threshold: Double, seed: UInt64) {
        self.agents = agents
        self.handleTime = handleTime
        self.patience = patience
        self.threshold = threshold
        self.random = SplitMix64(seed: seed)
    }

    var queueLength: Int { waiting.count }
    var oldestWait: Double { waiting.first.map { now - $0.arrival } ?? 0 }

    /// Runs the next 60 seconds with arrivals at `arrivalsPerMinute` and returns what happened.
    mutating func runMinute(arrivalsPerMinute: Double) -> MinuteObservation {
        var minute = MinuteObservation(arrivals: 0)
        let end = now + 60
        var nextArrival =
            arrivalsPerMinute > 0 ? now + random.nextExponential(mean: 60 / arrivalsPerMinute) : .infinity
        while true {
            let completion = busy.indices.min { busy[$0].end < busy[$1].end }
            let hangUp = waiting.indices.min { waiting[$0].hangUp < waiting[$1].hangUp }
            let completionTime = completion.map { busy[$0].end } ?? .infinity
            let hangUpTime = hangUp.map { waiting[$0].hangUp } ?? .infinity
            let next = min(nextArrival, completionTime, hangUpTime)
            guard next < end else { break }
            now = next
            if next == completionTime, let completion {
                minute.handled += 1
                minute.handleSeconds += busy[completion].end - busy[completion].start
                busy.remove(at: completion)
                if !waiting.isEmpty {
                    let head = waiting.removeFirst()
                    answer(waited: now - head.arrival, into: &minute)
                }
            } else if next == hangUpTime, let hangUp {
                let wait = now - waiting[hangUp].arrival
                waiting.remove(at: hangUp)
                minute.abandoned += 1
                if wait <= threshold { minute.abandonedWithinThreshold += 1 }
                minute.waitSeconds += wait
            } else {
                minute.arrivals += 1
                if busy.count < agents {
                    answer(waited: 0, into: &minute)
                } else {
                    waiting.append((arrival: now, hangUp: now + random.nextExponential(mean: patience)))
                }
                nextArrival = now + random.nextExponential(mean: 60 / arrivalsPerMinute)
            }
        }
        now = end
        return minute
    }

    private mutating func answer(waited: Double, into minute: inout MinuteObservation) {
        minute.answered += 1
        if waited <= threshold { minute.answeredWithinThreshold += 1 }
        minute.waitSeconds += waited
        busy.append((start: now, end: now + random.nextExponential(mean: handleTime)))
    }
}
