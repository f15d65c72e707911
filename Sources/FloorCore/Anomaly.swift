/// Something an event stream did that a perfect stream would not. Each is counted per source;
/// none stops the event from being applied as well as it can be.
public enum Anomaly: String, Sendable, CaseIterable, Hashable {
    /// The same step arrived again (same contact or agent, same step); ignored.
    case duplicate
    /// `connected` for a contact never seen queued: counted as answered with an unknown wait.
    case connectedWithoutQueued = "connected_without_queued"
    /// `ended` for a contact never connected but not marked abandoned: counted as abandoned.
    case endedWithoutConnected = "ended_without_connected"
    /// A step for a contact that already ended; ignored.
    case eventAfterEnd = "event_after_end"
    /// A step (hold, offer, after-contact work) for a contact floorwatch does not know; ignored.
    case unknownContact = "unknown_contact"
    /// An event for an agent who never logged in: the agent is created.
    case agentWithoutLogin = "agent_without_login"
    /// A contact that never ended was removed after the maximum age.
    case reaped
    /// Older than the longest window: state updated, windows not.
    case beyondWindows = "beyond_windows"
    /// Stamped in the future by the engine's clock: clamped to now.
    case futureTimestamp = "future_timestamp"
    /// An agent event older than time already accounted for occupancy: applied at that time.
    case lateAgentEvent = "late_agent_event"
    /// The source's statement of its current state left out a contact or agent floorwatch held:
    /// it ended unseen (during a disconnect) and was removed without an outcome.
    case resynchronised
    /// A new contact refused: the open-contact limit (the source's or the total) was reached.
    case contactLimit = "contact_limit"
    /// A new agent folded into "(over limit)": the agent limit was reached.
    case agentLimit = "agent_limit"
    /// A new queue folded into "(over limit)": the queue limit was reached.
    case queueLimit = "queue_limit"
    /// An ended contact forgotten before `ended_contact_memory_minutes` because the limit on
    /// remembered ended contacts was reached: a repeat or late step for it would count as new.
    case endedMemoryFull = "ended_memory_full"
}
