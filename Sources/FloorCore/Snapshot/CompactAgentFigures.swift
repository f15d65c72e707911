/// An agent's figures in 48 bytes instead of `AgentFigures`' 96, as snapshots keep them: every
/// logged-in agent's figures accrue time, so each snapshot holds a fresh set per agent.
///
/// 32-bit unsigned fields suffice for a day: the most a day can hold is slot time, 31 slots
/// (1 voice, 10 each of chat, email and task) for 24 hours, 744 hours, under the 1,193 hours a
/// `UInt32` of milliseconds holds. Larger sums are clamped rather than wrapped.
struct CompactAgentFigures: Sendable, Equatable {
    var handled: PerChannel<UInt32>
    var handleMs: UInt32
    var holdMs: UInt32
    var afterContactWorkMs: UInt32
    var missed: UInt32
    var onContactMs: UInt32
    var idleMs: UInt32
    var slotBusyMs: UInt32
    var slotCapacityMs: UInt32

    init() { self.init(.zero) }

    init(_ figures: AgentFigures) {
        handled = PerChannel { UInt32(clamping: figures.handled[$0]) }
        handleMs = UInt32(clamping: figures.handleMs)
        holdMs = UInt32(clamping: figures.holdMs)
        afterContactWorkMs = UInt32(clamping: figures.afterContactWorkMs)
        missed = UInt32(clamping: figures.missed)
        onContactMs = UInt32(clamping: figures.onContactMs)
        idleMs = UInt32(clamping: figures.idleMs)
        slotBusyMs = UInt32(clamping: figures.slotBusyMs)
        slotCapacityMs = UInt32(clamping: figures.slotCapacityMs)
    }

    mutating func add(_ work: AgentWork) {
        switch work {
        case .handled(let channel, let handle, let hold, let afterContactWork):
            handled[channel] = Self.sum(handled[channel], 1)
            handleMs = Self.sum(handleMs, handle)
            holdMs = Self.sum(holdMs, hold)
            afterContactWorkMs = Self.sum(afterContactWorkMs, afterContactWork)
        case .missed: missed = Self.sum(missed, 1)
        case .time(let onContact, let idle, let slotBusy, let slotCapacity):
            onContactMs = Self.sum(onContactMs, onContact)
            idleMs = Self.sum(idleMs, idle)
            slotBusyMs = Self.sum(slotBusyMs, slotBusy)
            slotCapacityMs = Self.sum(slotCapacityMs, slotCapacity)
        }
    }

    private static func sum(_ value: UInt32, _ more: Int64) -> UInt32 { UInt32(clamping: Int64(value) &+ more) }

    var figures: AgentFigures {
        AgentFigures(
            handled: PerChannel { Int64(handled[$0]) }, handleMs: Int64(handleMs), holdMs: Int64(holdMs),
            afterContactWorkMs: Int64(afterContactWorkMs), missed: Int64(missed), onContactMs: Int64(onContactMs),
            idleMs: Int64(idleMs), slotBusyMs: Int64(slotBusyMs), slotCapacityMs: Int64(slotCapacityMs))
    }
}
