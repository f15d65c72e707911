/// A contact-center channel. Voice and chat are live (the customer waits on the line); email and
/// tasks are deferred work measured as a backlog against a deadline.
///
/// Value type; thread-safe.
public enum Channel: UInt8, CaseIterable, Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    case voice = 0
    case chat = 1
    case email = 2
    case task = 3

    /// The lowercase wire name used by the native protocol, the query API and journald fields.
    public var name: String {
        switch self {
        case .voice: "voice"
        case .chat: "chat"
        case .email: "email"
        case .task: "task"
        }
    }

    public var description: String { name }

    /// Live channels are staffed with queueing models; deferred ones by deadline capacity.
    public var isLive: Bool { self == .voice || self == .chat }

    public init?(name: String) {
        switch name {
        case "voice": self = .voice
        case "chat": self = .chat
        case "email": self = .email
        case "task": self = .task
        default: return nil
        }
    }

    public static func < (lhs: Channel, rhs: Channel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A fixed-size table indexed by channel, cheaper than a dictionary on the apply path.
public struct PerChannel<Value>: Sendable where Value: Sendable {
    public var voice: Value
    public var chat: Value
    public var email: Value
    public var task: Value

    public init(repeating value: Value) {
        voice = value
        chat = value
        email = value
        task = value
    }

    public init(_ make: (Channel) -> Value) {
        voice = make(.voice)
        chat = make(.chat)
        email = make(.email)
        task = make(.task)
    }

    public subscript(channel: Channel) -> Value {
        get {
            switch channel {
            case .voice: voice
            case .chat: chat
            case .email: email
            case .task: task
            }
        }
        set {
            switch channel {
            case .voice: voice = newValue
            case .chat: chat = newValue
            case .email: email = newValue
            case .task: task = newValue
            }
        }
    }
}

extension PerChannel: Equatable where Value: Equatable {}
