/// What an agent may handle: concurrency slots per channel and the queues served.
///
/// Amazon Connect's model (MediaConcurrency): voice has at most one slot; chat and tasks up to ten.
/// `crossChannel` marks channels whose contacts allow contacts of other channels at the same time
/// (Connect's ROUTE_ANY_CHANNEL); by default a contact in progress blocks other channels
/// (ROUTE_CURRENT_CHANNEL_ONLY). Value type; thread-safe.
public struct RoutingProfile: Sendable, Equatable {
    public var name: String?
    public var slots: PerChannel<Int>
    public var crossChannel: PerChannel<Bool>
    public var queues: [String]

    public init(
        name: String? = nil,
        slots: PerChannel<Int> = PerChannel(repeating: 0),
        crossChannel: PerChannel<Bool> = PerChannel(repeating: false),
        queues: [String] = []
    ) {
        self.name = name
        var clamped = slots
        for channel in Channel.allCases {
            clamped[channel] = max(0, min(clamped[channel], channel == .voice ? 1 : 10))
        }
        self.slots = clamped
        self.crossChannel = crossChannel
        self.queues = queues
    }

    public func handles(_ channel: Channel) -> Bool { slots[channel] > 0 }

    /// The default a source that never sends a profile gets: one voice slot.
    public static let voiceOnly = RoutingProfile(slots: PerChannel { $0 == .voice ? 1 : 0 })
}
