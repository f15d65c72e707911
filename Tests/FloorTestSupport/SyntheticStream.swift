import FloorCore

/// A deterministic stream of realistic contact-center events in arrival order, for stress tests,
/// property tests and benchmarks: contacts arrive on four queues, wait, get answered (with hold
/// and after-contact work) or abandon or time out; chats run concurrently. Optional duplicates and
/// late deliveries imitate real transports.
///
/// Not thread-safe (an iterator).
public struct SyntheticStream: IteratorProtocol, Sequence {
    public struct Options: Sendable {
        public var seed: UInt64 = 1
        public var contacts = 1000
        public var agents = 250
        /// Mean seconds between arrivals.
        public var meanInterarrival = 1.0
        public var duplicateProbability = 0.0
        /// Probability that an event is delivered late, after up to `maximumDelaySteps` others.
        public var lateProbability = 0.0
        public var maximumDelaySteps = 20
        public var source = SourceID(0)

        public init() {}
    }

    public static let queues: [(name: String, channel: Channel)] = [
        ("billing", .voice), ("outage", .voice), ("web", .chat), ("mail", .email),
    ]

    private var options: Options
    private var random: SplitMix64
    private var scheduled = TimedHeap<Event>()
    private var arrivals = 0
    private var nextArrival: Double = 0
    private var delayed: [(release: Int, event: Event)] = []
    private var emitted = 0
    private var heldBack: [String: Int] = [:]

    private static func contactID(_ event: Event) -> String? {
        if case .contact(let id, _) = event.body { return id }
        return nil
    }

    public init(_ options: Options) {
        self.options = options
        random = SplitMix64(seed: options.seed)
    }

    public mutating func next() -> Event? {
        while true {
            if let index = delayed.firstIndex(where: { $0.release <= emitted }) {
                emitted += 1
                return delayed.remove(at: index).event
            }
            guard let event = nextInTimeOrder() else {
                if delayed.isEmpty { return nil }
                emitted += 1
                return delayed.removeFirst().event
            }
            // A contact's own steps keep their order: a later step waits behind a delayed one.
            let contact = Self.contactID(event)
            if let contact, let release = heldBack[contact],
                delayed.contains(where: { Self.contactID($0.event) == contact })
            {
                delayed.append((release, event))
                continue
            }
            if random.unit() < options.lateProbability {
                let release = emitted + 1 + Int(random.next() % UInt64(options.maximumDelaySteps))
                if let contact { heldBack[contact] = release }
                delayed.append((release, event))
                continue
            }
            if random.unit() < options.duplicateProbability {
                delayed.append((emitted + 1 + Int(random.next() % 5), event))
            }
            emitted += 1
            return event
        }
    }

    private mutating func nextInTimeOrder() -> Event? {
        while arrivals < options.contacts, scheduled.peek().map({ $0.time >= nextArrival }) ?? true {
            scheduleContact(at: nextArrival)
            arrivals += 1
            nextArrival += random.exponential(mean: options.meanInterarrival)
        }
        return scheduled.pop()?.item
    }

    private mutating func at(_ seconds: Double) -> EventTime { Script.origin + Milliseconds(seconds * 1000) }

    private mutating func add(_ seconds: Double, _ id: String, _ change: ContactChange) {
        scheduled.push(seconds, Event(source: options.source, time: at(seconds), body: .contact(id: id, change)))
    }

    private mutating func scheduleContact(at start: Double) {
        let queue = Self.queues[Int(random.next() % UInt64(Self.queues.count))]
        let id = "c-\(arrivals)"
        let agent = "a-\(Int(random.next() % UInt64(options.agents)))"
        add(start, id, .queued(queue: queue.name, channel: queue.channel, caller: nil))
        let waitMean = queue.channel == .email ? 600.0 : 25.0
        let wait = (random.exponential(mean: waitMean) * 1000).rounded() / 1000
        let outcome = random.unit()
        if outcome < 0.12 {
            add(start + wait, id, .ended(.abandoned, afterContactWork: false))
            return
        }
        if outcome < 0.15 {
            add(start + wait, id, .ended(.timedOut, afterContactWork: false))
            return
        }
        var time = start + wait
        if random.unit() < 0.1 {
            add(time - 0.5 * Swift.min(wait, 10), id, .offered(agent: agent))
            add(time - 0.1 * Swift.min(wait, 10), id, .missed(agent: agent))
        }
        add(time, id, .connected(agent: agent, queue: nil, channel: nil))
        let talk = (random.exponential(mean: 240) * 1000).rounded() / 1000
        if random.unit() < 0.2 {
            add(time + talk / 3, id, .held)
            add(time + talk / 2, id, .resumed)
        }
        time += talk
        let wrap = random.unit() < 0.7
        add(time, id, .ended(.completed, afterContactWork: wrap))
        if wrap { add(time + (random.exponential(mean: 30) * 1000).rounded() / 1000, id, .afterContactWorkEnded) }
    }
}
