/// The engine's tables of contacts (open, and ended for duplicate detection): the entries dense,
/// in chunks that never move, and over them an open-addressing index (linear probing) of one
/// 64-bit word per slot: a 32-bit tag from the key's hash and the entry's position.
///
/// Why not `Dictionary`: with a backlog of thousands of open emails the keys do not stay in
/// cache, and Dictionary compares a key for every occupied slot it probes, a miss each. Here a
/// probe reads an index word (8 bytes; the index stays cached far longer than the entries), and
/// an entry is read only when its tag matches, so a lookup touches one entry when it finds one
/// and almost never one when it does not (most new contacts). Deletion shifts index words back
/// (no tombstones), so probe sequences stay short however many contacts come and go.
///
/// Why dense entries under an index: entries in the probed slots themselves (160 bytes for a
/// contact) cost their size again for every empty slot the load factor keeps, 215–430 bytes per
/// open contact, and doubling copied them all while both copies were alive. Here an empty slot
/// costs 8 bytes, growing rebuilds only the index, and a chunk holds 1,024 entries.
///
/// Not thread-safe: owned by the engine, the single writer. A class for its manual storage.
final class EntityTable<Value> {
    private static var chunkShift: Int { 10 }
    private static var chunkSize: Int { 1 << chunkShift }

    /// Per slot: the key's tag in the high 32 bits (0: an empty slot; a tag is never 0) and the
    /// entry's position in the low 32.
    private var index: UnsafeMutablePointer<UInt64>
    private var mask: Int
    /// The entries, `chunkSize` per chunk; positions 0..<count are occupied.
    private var chunks: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    private var chunkCapacity = 0
    private let stride = MemoryLayout<Entry>.stride
    private let valueOffset = MemoryLayout<Entry>.offset(of: \Entry.value)!

    private struct Entry {
        var key: EntityKey
        var value: Value
    }

    private(set) var count = 0

    init(minimumCapacity: Int = 16) {
        var capacity = 16
        while capacity * 3 < minimumCapacity * 4 { capacity *= 2 }
        mask = capacity - 1
        index = .allocate(capacity: capacity)
        index.initialize(repeating: 0, count: capacity)
        chunks = .allocate(capacity: 0)
    }

    deinit {
        for position in 0..<count {
            key(at: position).deinitialize(count: 1)
            value(atPosition: position).deinitialize(count: 1)
        }
        for chunk in 0..<chunkCapacity { chunks[chunk]?.deallocate() }
        chunks.deallocate()
        index.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    private func entry(_ position: Int) -> UnsafeMutableRawPointer {
        chunks[position >> Self.chunkShift].unsafelyUnwrapped + (position & (Self.chunkSize - 1)) &* stride
    }

    @inline(__always)
    private func key(at position: Int) -> UnsafeMutablePointer<EntityKey> {
        entry(position).assumingMemoryBound(to: EntityKey.self)
    }

    @inline(__always)
    private func value(atPosition position: Int) -> UnsafeMutablePointer<Value> {
        (entry(position) + valueOffset).assumingMemoryBound(to: Value.self)
    }

    @inline(__always)
    private static func tag(of key: EntityKey) -> UInt64 { (key.hash >> 32 | 1) << 32 }

    @inline(__always)
    private static func position(_ word: UInt64) -> Int { Int(truncatingIfNeeded: word & 0xFFFF_FFFF) }

    @inline(__always)
    private func home(of key: EntityKey) -> Int { Int(truncatingIfNeeded: key.hash) & mask }

    /// The slot holding `key`, or nil. Valid until the next insertion or removal.
    @inline(__always)
    func slot(of key: EntityKey) -> Int? {
        let tag = Self.tag(of: key)
        var slot = home(of: key)
        while true {
            let word = index[slot]
            if word == 0 { return nil }
            if word & 0xFFFF_FFFF_0000_0000 == tag, self.key(at: Self.position(word)).pointee == key { return slot }
            slot = (slot + 1) & mask
        }
    }

    /// The value in `slot`, in place (no copy); the slot must be occupied.
    @inline(__always)
    func value(at slot: Int) -> UnsafeMutablePointer<Value> { value(atPosition: Self.position(index[slot])) }

    subscript(key: EntityKey) -> Value? {
        get { slot(of: key).map { value(at: $0).pointee } }
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
            let word = index[slot]
            if word == 0 { break }
            if word & 0xFFFF_FFFF_0000_0000 == tag, self.key(at: Self.position(word)).pointee == key {
                self.value(atPosition: Self.position(word)).pointee = value
                return
            }
            slot = (slot + 1) & mask
        }
        append(key, value, tag: tag, slot: slot)
    }

    /// Adds a key that is not in the table. Both are consumed: a contact record is moved in,
    /// not copied and then destroyed.
    func insert(_ key: consuming EntityKey, _ value: consuming Value) {
        if (count + 1) * 4 > (mask + 1) * 3 { grow() }
        var slot = home(of: key)
        while index[slot] != 0 { slot = (slot + 1) & mask }
        append(key, value, tag: Self.tag(of: key), slot: slot)
    }

    /// Puts a new entry at the end of the dense entries and indexes it in the empty `slot`.
    @inline(__always)
    private func append(_ key: consuming EntityKey, _ value: consuming Value, tag: UInt64, slot: Int) {
        let position = count
        if position >> Self.chunkShift >= chunkCapacity || chunks[position >> Self.chunkShift] == nil {
            addChunk(position >> Self.chunkShift)
        }
        self.key(at: position).initialize(to: key)
        self.value(atPosition: position).initialize(to: value)
        index[slot] = tag | UInt64(position)
        count += 1
    }

    private func addChunk(_ chunk: Int) {
        if chunk >= chunkCapacity {
            let grown = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: Swift.max(4, chunk * 2))
            grown.initialize(repeating: nil, count: Swift.max(4, chunk * 2))
            grown.update(from: chunks, count: chunkCapacity)
            chunks.deallocate()
            chunks = grown
            chunkCapacity = Swift.max(4, chunk * 2)
        }
        // Aligned to a cache line, so an entry's key and the start of its value share one.
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: Self.chunkSize * stride, alignment: Swift.max(64, MemoryLayout<Entry>.alignment))
        raw.bindMemory(to: Entry.self, capacity: Self.chunkSize)
        chunks[chunk] = raw
    }

    /// Removes the entry in `slot` and returns its value. Later index words of the same probe run
    /// move back into the gap; the last entry moves into the removed one's position.
    @discardableResult
    func remove(at slot: Int) -> Value {
        let position = Self.position(index[slot])
        key(at: position).deinitialize(count: 1)
        let removed = value(atPosition: position).move()
        index[slot] = 0
        var gap = slot
        var next = (slot + 1) & mask
        while index[next] != 0 {
            let home = home(of: key(at: Self.position(index[next])).pointee)
            // The word may fill the gap when its home is not cyclically within (gap, next].
            let distanceToNext = (next - home) & mask
            let distanceToGap = (gap - home) & mask
            if distanceToGap < distanceToNext {
                index[gap] = index[next]
                index[next] = 0
                gap = next
            }
            next = (next + 1) & mask
        }
        let last = count - 1
        if position != last {
            // The last entry fills the hole; its index word follows it.
            var moved = home(of: key(at: last).pointee)
            while Self.position(index[moved]) != last || index[moved] == 0 { moved = (moved + 1) & mask }
            key(at: position).moveInitialize(from: key(at: last), count: 1)
            value(atPosition: position).moveInitialize(from: value(atPosition: last), count: 1)
            index[moved] = index[moved] & 0xFFFF_FFFF_0000_0000 | UInt64(position)
        }
        count = last
        let spare = (last >> Self.chunkShift) + 1
        if last & (Self.chunkSize - 1) == 0, spare < chunkCapacity, let chunk = chunks[spare] {
            // Two chunks are empty now: a table that shrank gives one back (one stays, so that a
            // count going back and forth over a chunk's edge does not allocate each time).
            chunk.deallocate()
            chunks[spare] = nil
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

    /// Doubles the index and indexes every entry again; the entries stay where they are.
    private func grow() {
        let capacity = (mask + 1) * 2
        index.deallocate()
        index = .allocate(capacity: capacity)
        index.initialize(repeating: 0, count: capacity)
        mask = capacity - 1
        for position in 0..<count {
            let key = key(at: position).pointee
            var slot = home(of: key)
            while index[slot] != 0 { slot = (slot + 1) & mask }
            index[slot] = Self.tag(of: key) | UInt64(position)
        }
    }
}

extension EntityTable: Sequence {
    struct Iterator: IteratorProtocol {
        fileprivate let table: EntityTable
        fileprivate var position = 0

        mutating func next() -> (key: EntityKey, value: Value)? {
            guard position < table.count else { return nil }
            defer { position += 1 }
            return (table.key(at: position).pointee, table.value(atPosition: position).pointee)
        }
    }

    /// The occupied slots, for changing values in place (the keys must not change meanwhile).
    var slots: [Int] { (0...mask).filter { index[$0] != 0 } }

    /// Every entry, in the order of their positions. The table must not change during the
    /// iteration.
    func makeIterator() -> Iterator { Iterator(table: self) }

    var underestimatedCount: Int { count }

    var values: LazyMapSequence<EntityTable, Value> { lazy.map(\.value) }
}
