/// The additive figures every window bucket keeps. Sums are in milliseconds. Everything here
/// only ever grows within a bucket's life, so a window total is a plain sum of buckets.
public enum WindowField: Int, CaseIterable, Sendable {
    case offered
    case answered
    case answeredWithinThreshold
    case abandoned
    case abandonedWithinThreshold
    case shortAbandoned
    case timedOut
    case timedOutWithinThreshold
    case transfers
    case agentNonResponse
    /// Queue time of answered contacts whose enqueue time is known.
    case answeredWaitMs
    case answeredWithWait
    case abandonedWaitMs
    case timedOutWaitMs
    /// Contacts whose handle time (talk + hold + after-contact work) completed.
    case handled
    case handleMs
    case holdMs
    case afterContactWorkMs
    /// Agent time on at least one contact (connected, on hold, after-contact work).
    case onContactMs
    /// Agent time in Available status with no contact.
    case idleMs
    /// Slot-milliseconds in use and available (concurrency-aware occupancy).
    case slotBusyMs
    case slotCapacityMs
    // Chat handle time by the agent's chat concurrency when the chat was answered (1…10).
    case chatHandled1, chatHandled2, chatHandled3, chatHandled4, chatHandled5
    case chatHandled6, chatHandled7, chatHandled8, chatHandled9, chatHandled10
    case chatHandleMs1, chatHandleMs2, chatHandleMs3, chatHandleMs4, chatHandleMs5
    case chatHandleMs6, chatHandleMs7, chatHandleMs8, chatHandleMs9, chatHandleMs10
    /// Contacts transferred into the scope (Connect's "Transferred in": TRANSFER by an agent,
    /// QUEUE_TRANSFER by a flow), and of those the ones from a queue.
    case transfersIn
    case transfersInFromQueue
    /// Handled contacts that were queued callbacks, and that were started through the API
    /// (Connect's "Callback contacts handled", "API contacts handled").
    case callbacksHandled
    case apiHandled
    /// Of `transfers`, the ones moved while still waiting in the queue (Connect's "Transferred
    /// out from queue"); the rest an agent transferred.
    case transfersOutFromQueue
    /// Outbound contacts whose work completed (the agent dialled them): not in `handled`, which
    /// counts the queues' contacts, but part of what agents did.
    case outboundHandled
    /// Answered and abandoned within each of the scope's additional service-level thresholds
    /// (`ServiceLevelGoal.additionalThresholds`, in order): service level at several thresholds,
    /// as Connect's custom SL metrics and Asterisk's SL2.
    case answeredWithinAdditional1, answeredWithinAdditional2, answeredWithinAdditional3, answeredWithinAdditional4
    case abandonedWithinAdditional1, abandonedWithinAdditional2, abandonedWithinAdditional3, abandonedWithinAdditional4

    public static let count = allCases.count

    /// Fields per row in checkpoints of format 3 (before the additional thresholds).
    static let countInFormat3 = answeredWithinAdditional1.rawValue

    /// The field counting contacts answered (or, for `abandonedWithinThreshold`, abandoned)
    /// within the additional threshold at `index` (0…3).
    public static func additional(_ within: WindowField, _ index: Int) -> WindowField? {
        let first: WindowField
        switch within {
        case .answeredWithinThreshold: first = .answeredWithinAdditional1
        case .abandonedWithinThreshold: first = .abandonedWithinAdditional1
        default: return nil
        }
        guard index >= 0, index < ServiceLevelGoal.maximumAdditionalThresholds else { return nil }
        return WindowField(rawValue: first.rawValue + index)
    }

    /// The count field for chats handled at `level` concurrent chats (1…10).
    public static func chatHandled(level: Int) -> WindowField {
        WindowField(rawValue: WindowField.chatHandled1.rawValue + max(1, min(level, 10)) - 1)!
    }

    public static func chatHandleMs(level: Int) -> WindowField {
        WindowField(rawValue: WindowField.chatHandleMs1.rawValue + max(1, min(level, 10)) - 1)!
    }
}

/// A set of window figures: one value per `WindowField`. Value type; thread-safe.
public struct WindowCounts: Sendable, Equatable {
    public var values: [Int64]

    public init() { values = Array(repeating: 0, count: WindowField.count) }

    public init(values: [Int64]) { self.values = values }

    public subscript(field: WindowField) -> Int64 {
        get { values[field.rawValue] }
        set { values[field.rawValue] = newValue }
    }
}
