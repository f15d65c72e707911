/// A canonical event: what every decoder (native protocol, Amazon Connect, Asterisk) produces and
/// the only thing the engine applies. Value type; thread-safe.
public struct Event: Sendable, Equatable {
    /// The source the ingest path attributed it to. Decoders make events unattributed and the
    /// ingest path sets it; an event applied unattributed shows under its own entry, never
    /// against a real source.
    public var source: SourceID
    /// The source's own timestamp of the event.
    public var time: EventTime
    public var body: Body

    public init(source: SourceID = .unattributed, time: EventTime, body: Body) {
        self.source = source
        self.time = time
        self.body = body
    }

    public enum Body: Sendable, Equatable {
        case contact(id: String, ContactChange)
        case agent(id: String, AgentChange)
        /// The source is alive but had nothing to report.
        case heartbeat
        /// The source stated its current state (a status listing after a reconnect, a snapshot):
        /// what floorwatch holds beyond it ended outside its view.
        case reconcile(Reconciliation)
        /// The platform names queue `id` `name` (Amazon Connect: the agent feed names queues by
        /// ARN and Name, the contact feed by ARN only). Both spellings then mean one queue.
        case queueNamed(id: String, name: String)
    }
}

/// A step in a contact's life.
public enum ContactChange: Sendable, Equatable {
    /// Entered a queue (every enqueue counts as offered, except a callback's: see `ContactKind`).
    case queued(queue: String, channel: Channel, caller: String?, kind: ContactKind = .inbound)
    /// Created for a queue it joins later: a callback or task scheduled for a future time
    /// (Connect's "Scheduled"). Not waiting, not offered, never an abandon, until `queued`.
    case scheduled(queue: String, channel: Channel)
    /// Routed to an agent who is being offered it (ringing).
    case offered(agent: String)
    /// The offered agent did not answer; the contact goes back to waiting (agent non-response).
    case missed(agent: String)
    /// An agent answered. Queue and channel let a source that never sent `queued` still be placed.
    /// An outbound contact starts here: the agent dialled it, nobody waited in a queue.
    case connected(agent: String, queue: String?, channel: Channel?, kind: ContactKind = .inbound)
    case held
    case resumed
    /// Moved to another queue or agent while staying alive.
    case transferred(toQueue: String?, toAgent: String?)
    /// The contact ended. With `afterContactWork` the agent keeps working on it until
    /// `afterContactWorkEnded`.
    case ended(EndReason, afterContactWork: Bool)
    case afterContactWorkEnded
}

public enum EndReason: String, Sendable, Equatable, CaseIterable {
    /// Handled by an agent.
    case completed
    /// The customer left while waiting.
    case abandoned
    /// Removed from the queue by the system (queue timeout, no members, exit key).
    case timedOut = "timed_out"
    /// Transferred out of floorwatch's view (an external number, another site).
    case transferred
}

/// A step in an agent's life. Being on a contact or in after-contact work is derived from the
/// agent's contacts, not sent as a status.
public enum AgentChange: Sendable, Equatable {
    case login(name: String?, team: String?)
    case logout
    case status(AgentStatus)
    case profile(RoutingProfile)
    /// The status the agent chose to take once the work in hand is done (Amazon Connect's
    /// NextAgentStatus): no new contacts are routed meanwhile. Nil clears it.
    case nextStatus(AgentStatus?)
    /// Whether the agent has a missed, rejected or failed contact to clear (Connect's Error
    /// activity, which outranks every other): routing offers them nothing until it clears.
    case contactInError(Bool)
    /// A change of the agent's membership of one queue (Asterisk: ADDMEMBER, REMOVEMEMBER,
    /// PAUSE and UNPAUSE in that queue; AMI's QueueMember rows and events).
    case membership(queue: String, QueueMembership)
    /// Whether the agent's device is busy outside any contact floorwatch knows (Asterisk device
    /// states INUSE, BUSY, RINGING, RINGINUSE, ONHOLD: a direct call): nothing is routed to them.
    case deviceInUse(Bool)
}

/// A source's statement of what is true now, so a missed event or a gap (a reconnect, a
/// restart) heals. Whatever floorwatch holds beyond the statement ended while it was not
/// looking: it is removed without an outcome (never counted as answered or abandoned, which
/// nobody saw) and counted as the `resynchronised` anomaly.
public enum Reconciliation: Sendable, Equatable {
    /// Exactly these contacts wait in the queue (Asterisk's QueueStatus entries).
    case waiting(queue: String, contacts: [String])
    /// The agent handles exactly these contacts (every Connect agent snapshot; an AMI member
    /// that is not in a call handles none). Listed contacts floorwatch does not know (it started
    /// while they were in progress) are adopted as they stand.
    case handling(agent: String, contacts: [HandledContact])
    /// Exactly these agents are logged in at the source (AMI's QueueStatus members).
    case loggedIn(agents: [String])
}

/// The status an agent chose (Amazon Connect's ROUTABLE / CUSTOM / OFFLINE).
public enum AgentStatus: Sendable, Equatable, Hashable {
    case available
    /// Not routable, with a reason such as lunch or training.
    case away(reason: String)
    case offline
}

/// A contact an agent has in hand, as a snapshot states it.
public struct HandledContact: Sendable, Equatable {
    public enum Stage: Sendable, Equatable {
        case connected
        case held
        case afterContactWork
    }

    public var id: String
    public var channel: Channel
    public var queue: String?
    /// When the agent was connected to it.
    public var connectedAt: EventTime
    public var stage: Stage

    public init(id: String, channel: Channel, queue: String?, connectedAt: EventTime, stage: Stage) {
        self.id = id
        self.channel = channel
        self.queue = queue
        self.connectedAt = connectedAt
        self.stage = stage
    }
}

/// How a contact began, as the platform says (Amazon Connect's InitiationMethod). Only inbound
/// contacts feed the queue figures (offered, answered, abandoned, waits, service level); the others
/// still occupy their agents.
public enum ContactKind: UInt8, Sendable, Equatable, CaseIterable {
    /// A customer reached a queue (Connect INBOUND, TRANSFER, QUEUE_TRANSFER, API; every Asterisk
    /// queue call).
    case inbound
    /// The agent dialled out (Connect OUTBOUND): no queue wait, never offered or answered.
    case outbound
    /// A contact an agent transferred into the queue (Connect TRANSFER, a quick connect): a
    /// queued contact like an inbound one, also counted as transferred in.
    case transfer
    /// A contact a flow moved into the queue (Connect QUEUE_TRANSFER): transferred in, from a queue.
    case queueTransfer
    /// A contact started through the API (Connect API): a queued contact, its handling counted
    /// apart as "API contacts handled".
    case api
    /// A queued callback (Connect CALLBACK): it waits in a queue like a caller and counts in
    /// `in_queue` (and in `callbacks_in_queue`), but the customer is not on the line, so it is
    /// never an abandon and never joins the callback worklist.
    case callback

    public var name: String {
        switch self {
        case .inbound: "inbound"
        case .outbound: "outbound"
        case .callback: "callback"
        case .transfer: "transfer"
        case .queueTransfer: "queue_transfer"
        case .api: "api"
        }
    }
}

/// One step of an agent's membership of a queue (Asterisk members are per queue: a member may
/// be paused in one queue and taking calls in another).
public enum QueueMembership: Sendable, Equatable {
    /// Joined the queue (logged in, if they were not).
    case added
    /// Left the queue; an agent who leaves their last queue is logged out.
    case removed
    /// Paused in this queue only, with a reason ("paused" when none is given).
    case paused(reason: String)
    case unpaused
}
