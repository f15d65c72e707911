/// How an agent's time figures grow per millisecond while its state holds: on contact or not,
/// idle or not, and the slots in use and staffed. Time figures are linear in time between two
/// changes of the agent, so a published figure set is taken once with its accrual and read at later
/// moments while it still gives the agent's figures (`AgentFigureSet`), instead of copied per
/// snapshot.
struct AgentAccrual: Sendable, Equatable {
    var onContact: Bool
    var idle: Bool
    /// Contacts in hand, over all channels: slot milliseconds in use per millisecond.
    var slotsBusy: UInt32
    /// Slots staffed (each channel's slots, or its contacts in hand if more), 0 when not staffed.
    var slotsStaffed: UInt32

    static let none = AgentAccrual(onContact: false, idle: false, slotsBusy: 0, slotsStaffed: 0)

    /// The agent's own time over a stretch of `duration` in this state.
    func work(for duration: Milliseconds) -> AgentWork {
        .time(
            onContactMs: onContact ? duration : 0, idleMs: idle ? duration : 0,
            slotBusyMs: Int64(slotsBusy) * duration, slotCapacityMs: Int64(slotsStaffed) * duration)
    }
}
