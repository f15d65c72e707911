import FloorCore

/// One AMI connection's protocol state, without I/O (the daemon's subscription does the
/// reading and writing): waits for the greeting, logs in, asks for `QueueStatus`, turns the
/// listing into a reconciliation of what floorwatch holds (callers who left and members who went
/// away during a disconnect), then decodes the live queue events.
///
/// It also resolves what a single AMI event cannot say: `QueueCallerLeave` comes before
/// `AgentConnect` when a call is answered and after `QueueCallerAbandon` when the caller hangs
/// up, but alone when the queue timed the caller out or they pressed an exit key. A leave that
/// nothing explains within `leaveGrace` is that exit (`timed_out`).
///
/// The secret is held only to build the Login action; nothing here prints it.
/// Value type, not thread-safe: one per connection, on its event loop.
public struct AMISession: Sendable {
    public enum Phase: Equatable, Sendable {
        case awaitingGreeting
        case loggingIn
        /// QueueStatus asked; its rows are arriving.
        case listing
        case streaming
    }

    /// What the connection should do after a block.
    public enum Step: Equatable, Sendable {
        case none
        /// Write this action (already framed, CRLF and the empty line).
        case send(String)
        /// Close the connection: the peer is not an AMI server, or refused the login.
        case fail(String)
    }

    public private(set) var phase = Phase.awaitingGreeting
    public let username: String
    private let secret: String
    private let decoder: AsteriskAMIDecoder
    private var listing = QueueStatusListing()
    /// Leaves not yet explained, by Uniqueid: when they happened, and when they arrived.
    private var pendingLeaves: [String: (time: EventTime, receivedAt: EventTime)] = [:]
    /// Calls known to have been answered or abandoned recently, so their leave needs no wait.
    private var settled: Set<String> = []
    private var settledOrder: [String] = []
    public var leaveGrace: Milliseconds = 2_000

    static let loginID = "floorwatch-login"
    static let statusID = "floorwatch-queuestatus"

    public init(username: String, secret: String, maximumLength: Int = 64 * 1024) {
        self.username = username
        self.secret = secret
        decoder = AsteriskAMIDecoder(maximumLength: maximumLength)
    }

    /// The keep-alive action (the reply is ignored; a dead peer shows as silence).
    public static let ping = action(["Action": "Ping", "ActionID": "floorwatch-ping"])

    static func action(_ fields: KeyValuePairs<String, String>) -> String {
        fields.map { "\($0.key): \($0.value)\r\n" }.joined() + "\r\n"
    }

    /// Handles one framed block received at `now` (the engine's clock; AMI events carry a time
    /// only with `timestampevents = yes`). Decoded events are appended; a block floorwatch cannot
    /// use throws its reason after any state change, for the caller to count.
    public mutating func receive(
        _ block: [UInt8], at now: EventTime, into events: inout [Event]
    ) throws(DecodeError) -> Step {
        if phase == .awaitingGreeting {
            guard block.starts(with: Array("Asterisk Call Manager/".utf8)) else {
                return .fail("the peer did not greet as an Asterisk Manager Interface")
            }
            phase = .loggingIn
            // Only the agent class: the queue events, nothing of every channel on the system.
            return .send(
                Self.action([
                    "Action": "Login", "ActionID": Self.loginID, "Username": username, "Secret": secret,
                    "Events": "agent",
                ]))
        }
        let headers = block.withUnsafeBytes { AsteriskAMIDecoder.headers($0) }
        if let response = headers["Response"] {
            return respond(response, headers)
        }
        let fromListing = phase == .listing && headers["ActionID"] == Self.statusID
        switch headers["Event"] {
        case "QueueParams" where fromListing:
            if let queue = headers["Queue"] { listing.queues.append(queue) }
            return .none
        case "QueueStatusComplete" where fromListing:
            phase = .streaming
            listing.reconciliations(at: now, into: &events)
            listing = QueueStatusListing()
            return .none
        default:
            break
        }
        if fromListing { listing.row(headers) } else if phase == .listing { listing.live(headers) }
        // A leave alone says nothing yet (see `track`): it is used here, not refused as unknown.
        guard track(headers, at: now) else { return .none }
        try decoder.decode(headers: headers, receivedAt: now, into: &events)
        return .none
    }

    private mutating func respond(_ response: String, _ headers: [String: String]) -> Step {
        let success = response.lowercased() == "success"
        switch headers["ActionID"] {
        case Self.loginID where phase == .loggingIn:
            guard success else {
                return .fail("Asterisk refused the login of \(username): \(headers["Message"] ?? response)")
            }
            phase = .listing
            return .send(Self.action(["Action": "QueueStatus", "ActionID": Self.statusID]))
        case Self.statusID where !success:
            // Without a listing, live events still flow; reconciliation waits for the next connect.
            phase = .streaming
            return .none
        default:
            return .none
        }
    }

    /// Follows leaves, answers and abandons to find exits.
    /// Returns false when the block was consumed here (a leave) and needs no decoding.
    private mutating func track(_ headers: [String: String], at now: EventTime) -> Bool {
        guard let call = headers["Uniqueid"], !call.isEmpty else { return true }
        let time = headers["Timestamp"].flatMap(Double.init).map { EventTime(seconds: $0) } ?? now
        switch headers["Event"] {
        case "QueueCallerLeave":
            guard !settled.contains(call) else { return false }
            pendingLeaves[call] = (time, now)
            return false
        case "AgentConnect", "QueueCallerAbandon":
            pendingLeaves[call] = nil
            settle(call)
        case "QueueCallerJoin":
            // Joined another queue: the leave was a move (the engine counts it as a transfer).
            pendingLeaves[call] = nil
        default:
            break
        }
        return true
    }

    private mutating func settle(_ call: String) {
        guard settled.insert(call).inserted else { return }
        settledOrder.append(call)
        if settledOrder.count > 4096 {
            for old in settledOrder.prefix(2048) { settled.remove(old) }
            settledOrder.removeFirst(2048)
        }
    }

    /// Leaves that nothing explained within the grace are exits (timeout, exit key); call it on
    /// every read and on a timer.
    public mutating func expireLeaves(at now: EventTime, into events: inout [Event]) {
        for (call, pending) in pendingLeaves where now - pending.receivedAt >= leaveGrace {
            pendingLeaves[call] = nil
            events.append(
                Event(time: pending.time, body: .contact(id: call, .ended(.timedOut, afterContactWork: false))))
        }
    }
}

/// The rows of one QueueStatus listing, and what they say is true when it completes.
struct QueueStatusListing {
    var queues: [String] = []
    var waiting: [String: [String]] = [:]
    var members: Set<String> = []
    /// Members whose row says they are in no call.
    var idle: Set<String> = []
    /// Queues and members a live event touched while the listing arrived: the listing may
    /// already be out of date for them, so they are not reconciled this time.
    var touchedQueues: Set<String> = []
    var touchedMembers: Set<String> = []

    mutating func row(_ headers: [String: String]) {
        switch headers["Event"] {
        case "QueueEntry":
            if let queue = headers["Queue"], let call = headers["Uniqueid"] { waiting[queue, default: []].append(call) }
        case "QueueMember":
            guard let member = AsteriskAMIDecoder.member(headers) else { return }
            members.insert(member)
            let inCall = headers["InCall"].map { $0 == "1" } ?? (headers["Status"] != "1")
            if !inCall { idle.insert(member) }
        default:
            return
        }
    }

    mutating func live(_ headers: [String: String]) {
        if let queue = headers["Queue"] { touchedQueues.insert(queue) }
        if let member = AsteriskAMIDecoder.member(headers) { touchedMembers.insert(member) }
    }

    func reconciliations(at time: EventTime, into events: inout [Event]) {
        for queue in queues where !touchedQueues.contains(queue) {
            events.append(Event(time: time, body: .reconcile(.waiting(queue: queue, contacts: waiting[queue] ?? []))))
        }
        for member in idle.sorted() where !touchedMembers.contains(member) {
            events.append(Event(time: time, body: .reconcile(.handling(agent: member, contacts: []))))
        }
        // Every queue was listed (QueueStatus without a filter): a member of none is gone.
        let roster = members.union(touchedMembers).sorted()
        events.append(Event(time: time, body: .reconcile(.loggedIn(agents: roster))))
    }
}
