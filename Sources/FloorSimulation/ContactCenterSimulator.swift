import FloorCore

/// A discrete-event contact-center simulation that emits canonical events. Pure: time starts
/// at `start` and advances only through the simulation; all randomness comes from the generator
/// it is given, so a seed and a start give the same day every time.
///
/// Arrivals are Poisson with the profile's intraday curve and surges (exact, by thinning);
/// handle times lognormal; patience exponential with a share of misdial hang-ups; routing is
/// voice first across blended agents (an agent with a call takes nothing else; chats up to the
/// agent's slots, each slower with more held; email and tasks one at a time); after-contact work
/// keeps the slot; agents take a break and lunch after their current contact.
public struct ContactCenterSimulator<Generator: RandomNumberGenerator & Sendable>: Sendable {
    public let profile: SimulationProfile
    public let start: EventTime
    public private(set) var truth = SimulationTruth()
    private var random: Generator
    private var clock = 0.0
    private var heap = TimedHeap<Happening>()
    private var agents: [Agent] = []
    private var contacts: [LiveContact] = []
    private var waiting = PerChannel<[Int]>(repeating: [])
    private var output: [Event] = []
    private var started = false
    private let peakRate: PerChannel<Double>

    struct Agent: Sendable {
        var id: String
        var slots: PerChannel<Int>
        var held: [Int] = []
        var away = false
        var idleSince = 0.0
        var pendingBreak: (reason: String, duration: Double)?

        func count(_ channel: Channel, in contacts: [LiveContact]) -> Int {
            held.count { contacts[$0].channel == channel }
        }
    }

    struct LiveContact: Sendable {
        var id: String
        var queue: String
        var channel: Channel
        var enqueuedAt: Double
        var waiting = true
        var truthIndex: Int
    }

    public init(profile: SimulationProfile, start: EventTime, random: Generator) {
        self.profile = profile
        self.start = start
        self.random = random
        let maximumFactor = PerChannel { channel in
            profile.surges.filter { $0.channel == channel }.map(\.factor).max() ?? 1
        }
        peakRate = PerChannel { profile.peakPerHour[$0] * max(1, maximumFactor[$0]) / 3600 }
    }

    /// Runs the simulation up to `end` and returns the events of that stretch, in time order.
    public mutating func run(until end: EventTime) -> [Event] {
        if !started { begin() }
        let limit = Double(end - start) / 1000
        while let next = heap.peek(), next.time <= limit {
            _ = heap.pop()
            clock = next.time
            handle(next.item)
        }
        clock = max(clock, limit)
        defer { output.removeAll(keepingCapacity: true) }
        return output
    }

    // MARK: Set-up

    private mutating func begin() {
        started = true
        var index = 0
        for group in profile.agents {
            for member in 0..<group.count {
                let id = "\(group.team.prefix(1))\(1000 + index)"
                index += 1
                agents.append(Agent(id: id, slots: group.slots))
                emit(.agent(id: id, .login(name: "\(group.team) agent \(member + 1)", team: group.team)))
                emit(.agent(id: id, .profile(RoutingProfile(name: group.team, slots: group.slots))))
                emit(.agent(id: id, .status(.available)))
                if profile.breaks {
                    let breakAt = 1800 + random.unit() * 3600
                    let lunchAt = 9000 + random.unit() * 5400
                    heap.push(breakAt, .breakStart(agent: agents.count - 1, reason: "break", duration: 900))
                    heap.push(lunchAt, .breakStart(agent: agents.count - 1, reason: "lunch", duration: 1800))
                }
            }
        }
        for channel in Channel.allCases where peakRate[channel] > 0 { scheduleArrival(channel) }
    }

    // MARK: Events

    private mutating func handle(_ kind: Happening) {
        switch kind {
        case .arrival(let channel): arrive(channel)
        case .patienceEnds(let contact): abandon(contact)
        case .handled(let agent, let contact): finishHandling(agent: agent, contact: contact)
        case .afterContactWorkEnds(let agent, let contact): release(agent: agent, contact: contact)
        case .breakStart(let agent, let reason, let duration):
            if agents[agent].held.isEmpty {
                goAway(agent, reason: reason, duration: duration)
            } else {
                agents[agent].pendingBreak = (reason, duration)
            }
        case .breakEnds(let agent):
            agents[agent].away = false
            agents[agent].idleSince = clock
            emit(.agent(id: agents[agent].id, .status(.available)))
            routeFree(agent)
        }
    }

    private func rate(_ channel: Channel, at time: Double) -> Double {
        let absoluteHours = Double(start.milliseconds) / 3_600_000 + time / 3600
        let hour = Int(absoluteHours.truncatingRemainder(dividingBy: 24))
        var rate = profile.peakPerHour[channel] * profile.intraday[max(0, min(23, hour))] / 3600
        for surge in profile.surges where surge.channel == channel { rate *= surge.factor(at: time) }
        return rate
    }

    /// The next candidate at the channel's peak rate; `arrive` keeps it with rate(t)/peak.
    private mutating func scheduleArrival(_ channel: Channel) {
        heap.push(clock + random.exponential(mean: 1 / peakRate[channel]), .arrival(channel))
    }

    private mutating func arrive(_ channel: Channel) {
        defer { scheduleArrival(channel) }
        let current = rate(channel, at: clock)
        guard random.unit() < current / peakRate[channel] else { return }
        let queue = pickQueue(channel, rate: current)
        let id = "\(channel.name.prefix(1))-\(random.hexID(length: 12))"
        let number = String(random.next() % 100_000_000 + 100_000_000).dropFirst()
        let caller: String? = channel == .voice ? "+614" + number : nil
        let truthIndex = truth.contacts.count
        truth.contacts.append(
            SimulationTruth.Contact(id: id, queue: queue, channel: channel, enqueuedAt: now, outcome: .waiting))
        contacts.append(
            LiveContact(id: id, queue: queue, channel: channel, enqueuedAt: clock, truthIndex: truthIndex))
        let index = contacts.count - 1
        emit(.contact(id: id, .queued(queue: queue, channel: channel, caller: caller)))
        if let patienceMean = profile.patience[channel] {
            let patience =
                random.unit() < profile.shortAbandonShare
                ? 1 + random.unit() * 3 : random.exponential(mean: patienceMean)
            heap.push(clock + patience, .patienceEnds(contact: index))
        }
        waiting[channel].append(index)
        if let agent = freeAgent(for: channel) { assign(contact: index, to: agent) }
    }

    private mutating func pickQueue(_ channel: Channel, rate: Double) -> String {
        let queues = profile.queues.filter { $0.channel == channel }
        if let surge = profile.surges.first(where: { $0.channel == channel && $0.contains(clock) }),
            let surgeQueue = surge.queue, random.unit() < 1 - 1 / surge.factor(at: clock)
        {
            return surgeQueue
        }
        var pick = random.unit() * queues.reduce(0) { $0 + $1.share }
        for queue in queues {
            pick -= queue.share
            if pick < 0 { return queue.name }
        }
        return queues.last?.name ?? channel.name
    }

    private mutating func abandon(_ index: Int) {
        guard contacts[index].waiting else { return }
        contacts[index].waiting = false
        waiting[contacts[index].channel].removeAll { $0 == index }
        truth.contacts[contacts[index].truthIndex].outcome = .abandoned(at: now)
        emit(.contact(id: contacts[index].id, .ended(.abandoned, afterContactWork: false)))
    }

    private mutating func finishHandling(agent: Int, contact: Int) {
        let channel = contacts[contact].channel
        let acwMean = profile.afterContactWork[channel]
        if acwMean > 0 {
            emit(.contact(id: contacts[contact].id, .ended(.completed, afterContactWork: true)))
            heap.push(clock + random.exponential(mean: acwMean), .afterContactWorkEnds(agent: agent, contact: contact))
        } else {
            emit(.contact(id: contacts[contact].id, .ended(.completed, afterContactWork: false)))
            release(agent: agent, contact: contact, emitEnd: false)
        }
    }

    private mutating func release(agent: Int, contact: Int, emitEnd: Bool = true) {
        if emitEnd { emit(.contact(id: contacts[contact].id, .afterContactWorkEnded)) }
        agents[agent].held.removeAll { $0 == contact }
        if agents[agent].held.isEmpty {
            agents[agent].idleSince = clock
            if let pending = agents[agent].pendingBreak {
                agents[agent].pendingBreak = nil
                goAway(agent, reason: pending.reason, duration: pending.duration)
                return
            }
        }
        routeFree(agent)
    }

    private mutating func goAway(_ agent: Int, reason: String, duration: Double) {
        agents[agent].away = true
        emit(.agent(id: agents[agent].id, .status(.away(reason: reason))))
        heap.push(clock + duration, .breakEnds(agent: agent))
    }

    // MARK: Routing

    private func canTake(_ agent: Agent, _ channel: Channel) -> Bool {
        guard !agent.away, agent.pendingBreak == nil, agent.slots[channel] > 0 else { return false }
        if agent.held.isEmpty { return true }
        // Only chats stack, and only with chats.
        guard channel == .chat else { return false }
        return agent.held.allSatisfy { contacts[$0].channel == .chat } && agent.held.count < agent.slots.chat
    }

    /// The agent idle longest (for chat: the least loaded) who can take this channel now.
    private func freeAgent(for channel: Channel) -> Int? {
        var best: Int?
        for index in agents.indices where canTake(agents[index], channel) {
            guard let current = best else {
                best = index
                continue
            }
            let candidate = agents[index]
            let incumbent = agents[current]
            if (candidate.held.count, candidate.idleSince) < (incumbent.held.count, incumbent.idleSince) {
                best = index
            }
        }
        return best
    }

    /// A free agent takes work voice first, then chat, email, tasks.
    private mutating func routeFree(_ agent: Int) {
        for channel in Channel.allCases {
            while canTake(agents[agent], channel), let next = waiting[channel].first {
                assign(contact: next, to: agent)
            }
        }
    }

    private mutating func assign(contact index: Int, to agent: Int) {
        let channel = contacts[index].channel
        contacts[index].waiting = false
        waiting[channel].removeAll { $0 == index }
        let alreadyHeld = agents[agent].held.count
        agents[agent].held.append(index)
        truth.contacts[contacts[index].truthIndex].outcome = .answered(at: now)
        emit(.contact(id: contacts[index].id, .connected(agent: agents[agent].id, queue: nil, channel: nil)))
        var duration = random.lognormal(median: profile.handleMedian[channel], sigma: profile.handleSigma)
        if channel == .chat { duration *= 1 + profile.chatSlowdownPerChat * Double(alreadyHeld) }
        heap.push(clock + max(5, duration), .handled(agent: agent, contact: index))
    }

    // MARK: Output

    /// The simulation's "now", rounded to the millisecond exactly as the events carry it.
    private var now: EventTime { start + Milliseconds((clock * 1000).rounded()) }

    private mutating func emit(_ body: Event.Body) {
        output.append(Event(time: now, body: body))
    }
}
