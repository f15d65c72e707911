/// What happened in one completed minute of one scope (a channel or a queue): the input the
/// forecaster, the service-time estimate and the projection learn from. The daemon builds one per
/// scope when a minute closes, from the same counts its windows keep.
///
/// Counts are attributed the way the engine's windows attribute them: arrivals to the minute the
/// contact entered the queue, answers and abandons to the minute the contact left it, handle time
/// to the minute the contact was completed. Times in seconds. Value type; thread-safe.
public struct MinuteObservation: Sendable, Equatable {
    /// Contacts offered: entered the queue in this minute.
    public var arrivals: Int
    /// Contacts answered by an agent in this minute.
    public var answered: Int
    /// Of `answered`, those that waited at most the service-level threshold.
    public var answeredWithinThreshold: Int
    /// Contacts that hung up while waiting, in this minute.
    public var abandoned: Int
    /// Of `abandoned`, those that hung up within the service-level threshold (they count as met
    /// under Amazon Connect's own definition, not under answered-over-offered).
    public var abandonedWithinThreshold: Int
    /// Total seconds waited by every contact that left the queue in this minute, answered and
    /// abandoned alike: the exposure of the patience estimate (an answered caller's patience was at
    /// least its wait).
    public var waitSeconds: Double
    /// Contacts whose work was completed in this minute.
    public var handled: Int
    /// Total handle time (talk + hold + after-contact work) of the `handled` contacts.
    public var handleSeconds: Double

    public init(
        arrivals: Int, answered: Int = 0, answeredWithinThreshold: Int = 0, abandoned: Int = 0,
        abandonedWithinThreshold: Int = 0, waitSeconds: Double = 0, handled: Int = 0, handleSeconds: Double = 0
    ) {
        self.arrivals = arrivals
        self.answered = answered
        self.answeredWithinThreshold = answeredWithinThreshold
        self.abandoned = abandoned
        self.abandonedWithinThreshold = abandonedWithinThreshold
        self.waitSeconds = waitSeconds
        self.handled = handled
        self.handleSeconds = handleSeconds
    }
}
