import FloorCore

/// Writes canonical events as Asterisk `queue_log` lines (the inverse of
/// `AsteriskQueueLogDecoder`, DOMAIN.md §C.3), for the simulator and replays. Asterisk queues are
/// voice: contacts of other channels are left out. Stateful (hold and call times need the enqueue
/// and answer times); one encoder per stream. Not thread-safe.
public struct AsteriskQueueLogEncoder {
    private struct Call {
        var queue: String
        var enqueuedAt: EventTime
        var agent: String?
        var answeredAt: EventTime?
        var position: Int
    }

    private var calls: [String: Call] = [:]
    private var waitingPerQueue: [String: Int] = [:]

    public init() {}

    /// Asterisk names members by interface.
    public static func interface(_ agent: String) -> String { agent.contains("/") ? agent : "PJSIP/\(agent)" }

    public mutating func encode(_ event: Event) -> [String] {
        let epoch = String(event.time.milliseconds / 1000)
        switch event.body {
        case .heartbeat, .reconcile, .queueNamed:
            return []
        case .agent(let id, let change):
            let member = Self.interface(id)
            switch change {
            case .login: return ["\(epoch)|NONE|NONE|\(member)|ADDMEMBER|"]
            case .logout: return ["\(epoch)|NONE|NONE|\(member)|REMOVEMEMBER|"]
            case .status(.away(let reason)): return ["\(epoch)|NONE|NONE|\(member)|PAUSEALL|\(reason)"]
            case .status(.available): return ["\(epoch)|NONE|NONE|\(member)|UNPAUSEALL|"]
            case .status(.offline): return ["\(epoch)|NONE|NONE|\(member)|REMOVEMEMBER|"]
            case .profile, .nextStatus, .contactInError, .membership, .deviceInUse: return []
            }
        case .contact(let id, let change):
            return encode(change, call: id, time: event.time, epoch: epoch)
        }
    }

    private mutating func encode(_ change: ContactChange, call id: String, time: EventTime, epoch: String) -> [String] {
        switch change {
        case .queued(let queue, let channel, let caller, _):
            guard channel == .voice else { return [] }
            let position = (waitingPerQueue[queue] ?? 0) + 1
            waitingPerQueue[queue] = position
            calls[id] = Call(queue: queue, enqueuedAt: time, position: position)
            return ["\(epoch)|\(id)|\(queue)|NONE|ENTERQUEUE||\(caller ?? "")|\(position)"]
        case .connected(let agent, _, _, _):
            guard var call = calls[id] else { return [] }
            leaveQueue(call.queue)
            call.agent = agent
            call.answeredAt = time
            calls[id] = call
            let hold = (time - call.enqueuedAt) / 1000
            return ["\(epoch)|\(id)|\(call.queue)|\(Self.interface(agent))|CONNECT|\(hold)|\(id)-bridge|0"]
        case .missed(let agent):
            guard let call = calls[id] else { return [] }
            return ["\(epoch)|\(id)|\(call.queue)|\(Self.interface(agent))|RINGNOANSWER|15000"]
        case .ended(let reason, _):
            guard let call = calls.removeValue(forKey: id) else { return [] }
            let waited = ((call.answeredAt ?? time) - call.enqueuedAt) / 1000
            switch (reason, call.agent, call.answeredAt) {
            case (.completed, let agent?, let answered?):
                let talk = (time - answered) / 1000
                return [
                    "\(epoch)|\(id)|\(call.queue)|\(Self.interface(agent))|COMPLETECALLER|\(waited)|\(talk)|\(call.position)"
                ]
            case (.transferred, let agent?, _):
                return ["\(epoch)|\(id)|\(call.queue)|\(Self.interface(agent))|BLINDTRANSFER|external|\(waited)|0"]
            case (.timedOut, _, _):
                leaveQueue(call.queue)
                return ["\(epoch)|\(id)|\(call.queue)|NONE|EXITWITHTIMEOUT|\(call.position)|\(call.position)|\(waited)"]
            default:
                if call.answeredAt == nil { leaveQueue(call.queue) }
                return ["\(epoch)|\(id)|\(call.queue)|NONE|ABANDON|\(call.position)|\(call.position)|\(waited)"]
            }
        case .offered, .held, .resumed, .transferred, .afterContactWorkEnded, .scheduled:
            // queue_log has no line for these (a scheduled callback is Connect's alone).
            return []
        }
    }

    private mutating func leaveQueue(_ queue: String) {
        waitingPerQueue[queue] = max(0, (waitingPerQueue[queue] ?? 1) - 1)
    }
}
