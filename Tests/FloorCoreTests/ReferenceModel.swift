import FloorCore

/// A deliberately naive reference for the windowed metrics: it keeps every fact with its time and
/// recomputes each window by brute force over the whole list. It follows the documented
/// semantics (docs/metrics.md) for streams whose contacts start with `queued` and whose own steps
/// arrive in order (other contacts' steps may interleave late, and any step may be duplicated).
struct ReferenceModel {
    struct Fact {
        var field: WindowField
        var value: Int64
        var time: EventTime
        var channel: Channel
        var queue: String
    }

    struct Sample {
        var wait: Int64
        var time: EventTime
        var channel: Channel
        var queue: String
    }

    private struct Contact {
        var queue: String
        var channel: Channel
        var enqueuedAt: EventTime
        var connectedAt: EventTime?
        var agent: String?
        var holdStart: EventTime?
        var hold: Int64 = 0
        var talkEnd: EventTime?
        var chatLevel = 1
        var ended = false
    }

    let settings: EngineSettings
    private(set) var facts: [Fact] = []
    private(set) var samples: [Sample] = []
    private var contacts: [String: Contact] = [:]
    private var seenSteps: Set<String> = []
    private var liveChats: [String: Int] = [:]
    private(set) var newest: EventTime?

    init(settings: EngineSettings) { self.settings = settings }

    private func goal(_ channel: Channel, _ queue: String) -> ServiceLevelGoal {
        settings.queues[queue]?.goal(over: settings.channelGoals[channel]) ?? settings.channelGoals[channel]
    }

    private mutating func add(_ field: WindowField, _ value: Int64, _ time: EventTime, _ contact: Contact) {
        facts.append(Fact(field: field, value: value, time: time, channel: contact.channel, queue: contact.queue))
    }

    mutating func apply(_ event: Event) {
        newest = max(newest ?? event.time, event.time)
        guard case .contact(let id, let change) = event.body else { return }
        let stepKey = "\(id)|\(String(describing: change).prefix(12))|\(event.time.milliseconds)"
        guard seenSteps.insert(stepKey).inserted else { return }
        let time = event.time
        if case .queued(let queue, let channel, _, _) = change {
            guard contacts[id] == nil else { return }
            let contact = Contact(queue: queue, channel: channel, enqueuedAt: time)
            contacts[id] = contact
            add(.offered, 1, time, contact)
            return
        }
        guard var contact = contacts[id], !contact.ended else { return }
        let threshold = goal(contact.channel, contact.queue).threshold
        switch change {
        case .missed:
            add(.agentNonResponse, 1, time, contact)
        case .connected(let agent, _, _, _):
            let wait = time - contact.enqueuedAt
            add(.answered, 1, time, contact)
            add(.answeredWaitMs, wait, time, contact)
            add(.answeredWithWait, 1, time, contact)
            if wait <= threshold { add(.answeredWithinThreshold, 1, time, contact) }
            samples.append(Sample(wait: wait, time: time, channel: contact.channel, queue: contact.queue))
            contact.connectedAt = time
            contact.agent = agent
            if contact.channel == .chat {
                liveChats[agent, default: 0] += 1
                contact.chatLevel = liveChats[agent]!
            }
        case .held:
            contact.holdStart = time
        case .resumed:
            contact.hold += time - (contact.holdStart ?? time)
            contact.holdStart = nil
        case .ended(let reason, let wrap):
            if let connectedAt = contact.connectedAt {
                contact.talkEnd = time
                if contact.channel == .chat, let agent = contact.agent { liveChats[agent, default: 1] -= 1 }
                if !wrap {
                    finish(&contact, at: time, connectedAt: connectedAt)
                }
            } else {
                let wait = time - contact.enqueuedAt
                let isAbandon = reason == .abandoned || reason == .completed
                add(isAbandon ? .abandoned : .timedOut, 1, time, contact)
                add(isAbandon ? .abandonedWaitMs : .timedOutWaitMs, wait, time, contact)
                if wait <= threshold {
                    add(isAbandon ? .abandonedWithinThreshold : .timedOutWithinThreshold, 1, time, contact)
                }
                if isAbandon && wait <= settings.shortAbandonThreshold { add(.shortAbandoned, 1, time, contact) }
                samples.append(Sample(wait: wait, time: time, channel: contact.channel, queue: contact.queue))
                contact.ended = true
            }
        case .afterContactWorkEnded:
            if let connectedAt = contact.connectedAt { finish(&contact, at: time, connectedAt: connectedAt) }
        default:
            break
        }
        contacts[id] = contact
    }

    private mutating func finish(_ contact: inout Contact, at time: EventTime, connectedAt: EventTime) {
        let handle = time - connectedAt
        add(.handled, 1, time, contact)
        add(.handleMs, handle, time, contact)
        add(.holdMs, contact.hold, time, contact)
        add(.afterContactWorkMs, time - (contact.talkEnd ?? time), time, contact)
        if contact.channel == .chat {
            add(.chatHandled(level: contact.chatLevel), 1, time, contact)
            add(.chatHandleMs(level: contact.chatLevel), handle, time, contact)
        }
        contact.ended = true
    }

    /// Whether `time` falls in the window of `length` ending at the reference's newest event.
    func inWindow(_ time: EventTime, length: Milliseconds) -> Bool {
        guard let newest else { return false }
        let width = settings.bucketWidth
        let current = floorDivide(newest.milliseconds, width)
        let bucket = floorDivide(time.milliseconds, width)
        return current - bucket < length / width
    }

    func counts(length: Milliseconds, matching scope: (Channel, String) -> Bool) -> WindowCounts {
        var counts = WindowCounts()
        for fact in facts where scope(fact.channel, fact.queue) && inWindow(fact.time, length: length) {
            counts[fact.field] += fact.value
        }
        return counts
    }

    /// The totals of the quarter hour starting at `start`, by brute force over every fact.
    func intervalCounts(start: EventTime, matching scope: (Channel, String) -> Bool) -> WindowCounts {
        var counts = WindowCounts()
        for fact in facts
        where scope(fact.channel, fact.queue) && fact.time >= start && fact.time < start + .minutes(15) {
            counts[fact.field] += fact.value
        }
        return counts
    }

    func waits(length: Milliseconds, matching scope: (Channel, String) -> Bool) -> [Int64] {
        samples.filter { scope($0.channel, $0.queue) && inWindow($0.time, length: length) }.map(\.wait).sorted()
    }

    func arrivalsPerMinute(length: Milliseconds, matching scope: (Channel, String) -> Bool) -> [Int64] {
        guard let newest else { return [] }
        let width = settings.bucketWidth
        let windowStart = (floorDivide(newest.milliseconds, width) - length / width + 1) * width
        var series = Array(repeating: Int64(0), count: Int((length + 59_999) / 60_000))
        for fact in facts
        where fact.field == .offered && scope(fact.channel, fact.queue) && inWindow(fact.time, length: length) {
            let bucketStart = floorDivide(fact.time.milliseconds, width) * width
            series[Int((bucketStart - windowStart) / 60_000)] += fact.value
        }
        return series
    }
}
