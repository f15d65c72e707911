/// How much the engine may hold, in total and per source, so a flood of unique ids (a buggy or
/// hostile sender, a replay of the wrong file) cannot exhaust memory and take the host down.
///
/// Defaults are sized for a 20,000-agent site with room to spare: open contacts include a day of
/// email and task backlog. At a limit the event is not lost silently: a new contact is refused
/// (`contact_limit`), a new agent or queue is folded into one "(over limit)" entry that keeps
/// the floor's totals (`agent_limit`, `queue_limit`); each counted per source and alerted.
/// Value type; thread-safe.
public struct EngineLimits: Sendable, Equatable {
    public var openContacts = 500_000
    public var openContactsPerSource = 250_000
    public var agents = 40_000
    public var agentsPerSource = 25_000
    /// A queue takes about 7–10 KB with little traffic (its place in the published snapshots, the
    /// rows of the buckets it had something in, the forecast's state) and up to ~200 KB busy in
    /// every bucket of the hour: 4,000 busy queues are 800 MB (an Amazon Connect instance allows
    /// 5,000 queues; sites use far fewer).
    public var queues = 4_000
    public var queuesPerSource = 2_000
    /// Ended contacts remembered (for `endedContactMemory`) to recognise repeats and late steps:
    /// about 300 bytes each with the checkpoint's copy. Half a million in 15 minutes is 550
    /// contacts a second ending, eight times a 20,000-agent floor's busiest hour; a flood beyond
    /// it has the oldest forgotten early (`ended_memory_full`), so memory and the checkpoint
    /// (which copies them on the engine loop) stay bounded.
    public var endedContacts = 500_000
    /// A logged-out agent holding no contact and not heard of for this long is forgotten.
    public var agentExpiry: Milliseconds = .hours(12)

    public init() {}

    /// The name of the entry new queues and agents beyond a limit are folded into.
    public static let overflowName = "(over limit)"
}
