/// A queue as it stands now: where a projection starts. Times in seconds. Value type; thread-safe.
public struct QueueConditions: Sendable, Equatable {
    /// Contacts waiting in the queue (a mean may be fractional).
    public var waiting: Double
    /// How long the oldest waiting contact has waited (0 when nobody waits).
    public var oldestWaitSeconds: Double
    /// Productive agents serving the queue (0 when nobody is).
    public var agents: Int
    /// Mean handle time (talk + hold + after-contact work), > 0.
    public var handleTime: Double
    /// Mean patience of a waiting contact, > 0.
    public var patience: Double

    public init(waiting: Double, oldestWaitSeconds: Double, agents: Int, handleTime: Double, patience: Double) {
        self.waiting = waiting
        self.oldestWaitSeconds = oldestWaitSeconds
        self.agents = agents
        self.handleTime = handleTime
        self.patience = patience
    }
}
