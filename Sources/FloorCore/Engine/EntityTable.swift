/// The engine's tables of contacts (open, and ended for duplicate detection): open addressing
/// with linear probing, and beside the slots an array of 32-bit tags from each key's hash.
///
/// Why not `Dictionary`: with a backlog of thousands of open emails the keys do not stay in
/// cache, and Dictionary compares a key for every occupied slot it probes, a miss each. Here a
/// probe reads a tag (4 bytes; the tag array is a sixteenth of the keys' size and stays cached),
/// and a key is read only when its tag matches, so a lookup touches one key when it finds one
/// and almost never one when it does not (most new contacts). Deletion shifts entries back
/// (no tombstones), so probe sequences stay short however many contacts come and go.
///
/// Not thread-safe: owned by the engine, the single writer. A class for its manual storage.
final class EntityTable<Value> {
    /// 0 marks an empty slot; a key's tag is never 0.
    private var tags: UnsafeMutablePointer<UInt32>
    /// Each key beside its value: a lookup that finds its key has the value's first bytes in the
    /// same cache line, and the rest in the next ones (adjacent lines the CPU fetches together),
    /// instead of a second region of memory.
    private var entries: UnsafeMutableRawPointer
    private let stride = MemoryLayout<Entry>.stride
    private let valueOffset = MemoryLayout<Entry>.offset(of: \Entry.value)!
    private var mask: Int

    private struct Entry {
        var key: EntityKey
        var value: Value
    }

    @inline(__always)
    private func keys(_ slot: Int) -> UnsafeMutablePointer<EntityKey> {
        (entries + slot &* stride).assumingMemoryBound(to: EntityKey.self)
    }

    @inline(__always)
    private func values(_ slot: Int) -> UnsafeMutablePointer<Value> {
        (entries + (slot &* stride &+ valueOffset)).assumingMemoryBound(to: Value.self)
    }
    private(set) var count = 0

    init(minimumCapacity: Int = 16) {
        var capacity = 16
        while capacity * 3 < minimumCapacity * 4 { capacity *= 2 }
        mask = capacity - 1
        tags = .allocate(capacity: capacity)
        tags.initialize(repeating: 0, count: capacity)
        entries = Self.allocateEntries(capacity)
    }

    /// Storage aligned to a cache line.
    private static func allocateEntries(_ capacity: Int) -> UnsafeMutableRawPointer {
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: capacity * MemoryLayout<Entry>.stride, alignment: Swift.max(64, MemoryLayout<Entry>.alignment))
        raw.bindMemory(to: Entry.self, capacity: capacity)
        return raw
    }

    deinit {
        for slot in 0...mask where tags[slot] != 0 {
            keys(slot).deinitialize(count: 1)
            values(slot).deinitialize(count: 1)
        }
        tags.deallocate()
        entries.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    private static func tag(of key: EntityKey) -> UInt32 { UInt32(truncatingIfNeeded: key.hash >> 32) | 1 }

    @inline(__always)
    private func home(of key: EntityKey) -> Int { Int(truncatingIfNeeded: key.hash) & mask }

    /// The slot holding `key`, or nil. Valid until the next insertion or removal.
    @inline(__always)
    func slot(of key: EntityKey) -> Int? {
        let tag = Self.tag(of: key)
        var slot = home(of: key)
        while true {
            let found = tags[slot]
            if found == 0 { return nil }
            if found == tag, keys(slot).pointee == key { return slot }
            slot = (slot + 1) & mask
        }
    }

    /// The value in `slot`, in place (no copy); the slot must be occupied.
    @inline(__always)
    func value(at slot: Int) -> UnsafeMutablePointer<Value> { values(slot) }

    subscript(key: EntityKey) -> Value? {
        get { slot(of: key).map { values($0).pointee } }
        set {
            if let newValue {
                update(key, newValue)
            } else if let slot = slot(of: key) {
                remove(at: slot)
            }
        }
    }

    /// Sets the value of `key`, adding it when absent: one probe run (without tombstones the
    /// first empty slot of the run is where the key belongs).
    func update(_ key: consuming EntityKey, _ value: consuming Value) {
        if (count + 1) * 4 > (mask + 1) * 3 { grow() }
        let tag = Self.tag(of: key)
        var slot = home(of: key)
        while true {
            let found = tags[slot]
            if found == 0 { break }
            if found == tag, keys(slot).pointee == key {
                values(slot).pointee = value
                return
            }
            slot = (slot + 1) & mask
        }
        tags[slot] = tag
        keys(slot).initialize(to: key)
        values(slot).initialize(to: value)
        count += 1
    }

    /// Adds a key that is not in the table. Both are consumed: a contact record is moved in,
    /// not copied and then destroyed.
    func insert(_ key: consuming EntityKey, _ value: consuming Value) {
        if (count + 1) * 4 > (mask + 1) * 3 { grow() }
        var slot = home(of: key)
        while tags[slot] != 0 { slot = (slot + 1) & mask }
        tags[slot] = Self.tag(of: key)
        keys(slot).initialize(to: key)
        values(slot).initialize(to: value)
        count += 1
    }

    /// Removes the entry in `slot` and returns its value. Later entries of the same probe run
    /// move back into the gap.
    @discardableResult
    func remove(at slot: Int) -> Value {
        keys(slot).deinitialize(count: 1)
        let removed = values(slot).move()
        tags[slot] = 0
        count -= 1
        var gap = slot
        var next = (slot + 1) & mask
        while tags[next] != 0 {
            let home = home(of: keys(next).pointee)
            // The entry may fill the gap when its home is not cyclically within (gap, next].
            let distanceToNext = (next - home) & mask
            let distanceToGap = (gap - home) & mask
            if distanceToGap < distanceToNext {
                tags[gap] = tags[next]
                keys(gap).moveInitialize(from: keys(next), count: 1)
                values(gap).moveInitialize(from: values(next), count: 1)
                tags[next] = 0
                gap = next
            }
            next = (next + 1) & mask
        }
        return removed
    }

    @discardableResult
    func removeValue(forKey key: EntityKey) -> Value? {
        slot(of: key).map { remove(at: $0) }
    }

    func reserveCapacity(_ minimumCount: Int) {
        while (mask + 1) * 3 < minimumCount * 4 { grow() }
    }

    private func grow() {
        let (oldTags, oldEntries, oldCapacity) = (tags, entries, mask + 1)
        let capacity = oldCapacity * 2
        tags = .allocate(capacity: capacity)
        tags.initialize(repeating: 0, count: capacity)
        entries = Self.allocateEntries(capacity)
        mask = capacity - 1
        for old in 0..<oldCapacity where oldTags[old] != 0 {
            let oldKey = (oldEntries + old &* stride).assumingMemoryBound(to: EntityKey.self)
            let oldValue = (oldEntries + (old &* stride &+ valueOffset)).assumingMemoryBound(to: Value.self)
            var slot = home(of: oldKey.pointee)
            while tags[slot] != 0 { slot = (slot + 1) & mask }
            tags[slot] = oldTags[old]
            keys(slot).moveInitialize(from: oldKey, count: 1)
            values(slot).moveInitialize(from: oldValue, count: 1)
        }
        oldTags.deallocate()
        oldEntries.deallocate()
    }
}

extension EntityTable: Sequence {
    struct Iterator: IteratorProtocol {
        fileprivate let table: EntityTable
        fileprivate var slot = 0

        mutating func next() -> (key: EntityKey, value: Value)? {
            while slot <= table.mask {
                defer { slot += 1 }
                if table.tags[slot] != 0 { return (table.keys(slot).pointee, table.values(slot).pointee) }
            }
            return nil
        }
    }

    /// The occupied slots, for changing values in place (the keys must not change meanwhile).
    var slots: [Int] { (0...mask).filter { tags[$0] != 0 } }

    /// Every entry, in slot order. The table must not change during the iteration.
    func makeIterator() -> Iterator { Iterator(table: self) }

    var underestimatedCount: Int { count }

    var values: LazyMapSequence<EntityTable, Value> { lazy.map(\.value) }
}
