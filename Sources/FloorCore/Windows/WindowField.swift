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

/// A set of window figures: one value per `WindowField`, zero unless set. Value type; thread-safe.
///
/// Kept sparsely, a bit per field and the non-zero values in field order: most of a scope's 54
/// figures are zero (a voice queue has no chat concurrency, most have no extra thresholds), and a
/// snapshot holds several sets per queue, the day's quarter hours one per queue and quarter hour.
/// Dense, a quiet queue's sets were 480 bytes each.
public struct WindowCounts: Sendable, Equatable {
    /// Bit `field.rawValue` is set when the field is not zero.
    private var present: UInt64 = 0
    /// The non-zero values, in field order.
    private var nonZero: [Int64] = []

    public init() {}

    /// From one value per field (missing fields are zero, extra values are ignored).
    public init(values: [Int64]) {
        let fields = min(values.count, WindowField.count)
        var count = 0
        for field in 0..<fields where values[field] != 0 {
            present |= 1 << UInt64(field)
            count += 1
        }
        guard count > 0 else { return }
        nonZero = Array(unsafeUninitializedCapacity: count) { buffer, initialized in
            for field in 0..<fields where values[field] != 0 {
                buffer[initialized] = values[field]
                initialized += 1
            }
        }
    }

    /// One value per field, in `WindowField` order.
    public var values: [Int64] {
        var dense = [Int64](repeating: 0, count: WindowField.count)
        var remaining = present
        var index = 0
        while remaining != 0 {
            dense[remaining.trailingZeroBitCount] = nonZero[index]
            index += 1
            remaining &= remaining - 1
        }
        return dense
    }

    public subscript(field: WindowField) -> Int64 {
        get {
            let bit = UInt64(1) << UInt64(field.rawValue)
            guard present & bit != 0 else { return 0 }
            return nonZero[(present & (bit - 1)).nonzeroBitCount]
        }
        set {
            let bit = UInt64(1) << UInt64(field.rawValue)
            let index = (present & (bit - 1)).nonzeroBitCount
            if present & bit != 0 {
                if newValue != 0 {
                    nonZero[index] = newValue
                } else {
                    nonZero.remove(at: index)
                    present &= ~bit
                }
            } else if newValue != 0 {
                nonZero.insert(newValue, at: index)
                present |= bit
            }
        }
    }

    /// Field by field sums.
    public func adding(_ other: WindowCounts) -> WindowCounts {
        guard other.present != 0 else { return self }
        guard present != 0 else { return other }
        var sum = values
        var remaining = other.present
        var index = 0
        while remaining != 0 {
            sum[remaining.trailingZeroBitCount] &+= other.nonZero[index]
            index += 1
            remaining &= remaining - 1
        }
        return WindowCounts(values: sum)
    }
}
