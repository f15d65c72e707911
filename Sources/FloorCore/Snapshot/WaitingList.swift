/// The callers in queue in a snapshot, longest wait first (`FloorSnapshot.waiting`), each read as
/// a `WaitingContactSnapshot`. Stored as 32 bytes a caller: the queue is an index into the names
/// the engine had when the snapshot was built (that array is shared with the engine, not copied),
/// and the channel rides in the index's top bits. The list is the largest part of a busy floor's
/// snapshot, and a snapshot's build holds two of them (the published one and the next).
///
/// Value type; thread-safe.
public struct WaitingList: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    struct Entry: Sendable {
        var id: String
        var wait: Milliseconds
        /// 1 = next to be answered in its queue (0 until the list is in order).
        var position: UInt32 = 0
        /// The queue index in the low 29 bits (`noQueue` for none), the channel in the top 3.
        var queueAndChannel: UInt32

        static let queueBits: UInt32 = 29
        static let queueMask: UInt32 = 1 << queueBits - 1
        static let noQueue = queueMask

        init(id: String, queue: Int?, channel: Channel, wait: Milliseconds) {
            self.id = id
            self.wait = wait
            // The queue limit (`limits.queues`, at most 100 million) keeps indices far below 2^29.
            precondition(queue.map { $0 < Int(Self.noQueue) } ?? true, "queue index beyond the waiting list's 29 bits")
            let index = queue.map { UInt32($0) } ?? Self.noQueue
            queueAndChannel = UInt32(channel.rawValue) << Self.queueBits | index
        }

        var queue: Int? {
            let index = queueAndChannel & Self.queueMask
            return index == Self.noQueue ? nil : Int(index)
        }

        var channel: Channel { Channel(rawValue: UInt8(queueAndChannel >> Self.queueBits))! }
    }

    var entries: [Entry]
    /// Queue names by index (the engine's table when the list was built).
    let queueNames: [String]

    init(entries: [Entry], queueNames: [String]) {
        self.entries = entries
        self.queueNames = queueNames
    }

    /// A list from whole entries, in the order given (tests and tools).
    public init(_ contacts: [WaitingContactSnapshot]) {
        var names: [String] = []
        var indices: [String: Int] = [:]
        entries = contacts.map { contact in
            let index =
                indices[contact.queue]
                ?? {
                    names.append(contact.queue)
                    indices[contact.queue] = names.count - 1
                    return names.count - 1
                }()
            var entry = Entry(id: contact.id, queue: index, channel: contact.channel, wait: contact.wait)
            entry.position = UInt32(clamping: contact.position)
            return entry
        }
        queueNames = names
    }

    public init(arrayLiteral contacts: WaitingContactSnapshot...) { self.init(contacts) }

    public var startIndex: Int { entries.startIndex }
    public var endIndex: Int { entries.endIndex }

    public subscript(position: Int) -> WaitingContactSnapshot {
        let entry = entries[position]
        return WaitingContactSnapshot(
            id: entry.id, queue: entry.queue.map { queueNames[$0] } ?? "", channel: entry.channel,
            position: Int(entry.position), wait: entry.wait)
    }

    public static func == (left: WaitingList, right: WaitingList) -> Bool {
        left.count == right.count && left.elementsEqual(right)
    }
}
