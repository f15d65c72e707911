/// A set of channels in one byte. Per agent, a `Set<Channel>` was a heap allocation of about 70
/// bytes; at 20,000 agents that is over a megabyte for four bits each.
///
/// Encodes as a list of channels, as `Set<Channel>` does, so stored state reads either way.
/// Value type; thread-safe.
public struct ChannelSet: OptionSet, Sendable, Hashable, Codable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue & 0b1111 }

    public init(_ channel: Channel) { rawValue = 1 << channel.rawValue }

    public init<Channels: Sequence<Channel>>(_ channels: Channels) {
        self = channels.reduce(into: ChannelSet()) { $0.insert(ChannelSet($1)) }
    }

    public func contains(_ channel: Channel) -> Bool { contains(ChannelSet(channel)) }

    public var channels: [Channel] { Channel.allCases.filter(contains) }

    public init(from decoder: any Decoder) throws {
        self.init(try [Channel](from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try channels.encode(to: encoder)
    }
}
