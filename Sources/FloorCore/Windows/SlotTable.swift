/// The rows of a ring of slots (a scope's time buckets, its ledger's quarter hours): each slot's
/// row is allocated when the slot is first claimed, with its key (the bucket or quarter hour) just
/// before its fields, in the cache line of the first ones (an event checks the key, then writes
/// the first fields); the slots' pointers live in pages of 32, allocated with their first row.
///
/// A quiet queue holds one page and the rows of the buckets it had something in, not its whole
/// ring's table: a dense table of pointers and keys was 5.8 KB per scope on a one-hour ring of
/// 10-second buckets, whatever the scope held.
///
/// A value holding pointers: the owner deallocates it (`deallocate`). Not thread-safe: part of a
/// scope's windows, owned by the engine (single writer).
struct SlotTable {
    private static let pageShift = 5
    private static let pageSize = 1 << pageShift

    let slots: Int
    let fields: Int
    private let pageCount: Int
    private let pages: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<Int64>?>?>
    /// Rows allocated in each page: a page is freed with its last row.
    private let pageRows: UnsafeMutablePointer<UInt8>

    init(slots: Int, fields: Int) {
        self.slots = slots
        self.fields = fields
        pageCount = (slots + Self.pageSize - 1) >> Self.pageShift
        pages = .allocate(capacity: pageCount)
        pages.initialize(repeating: nil, count: pageCount)
        pageRows = .allocate(capacity: pageCount)
        pageRows.initialize(repeating: 0, count: pageCount)
    }

    func deallocate() {
        releaseAll()
        pages.deallocate()
        pageRows.deallocate()
    }

    /// Rows allocated (what the table holds, for tests).
    var heldRows: Int { (0..<pageCount).reduce(0) { $0 + Int(pageRows[$1]) } }

    /// The slot's row (its key at index -1), nil when the slot holds none.
    @inline(__always)
    func row(_ slot: Int) -> UnsafeMutablePointer<Int64>? {
        guard let page = pages[slot >> Self.pageShift] else { return nil }
        return page[slot & (Self.pageSize - 1)]
    }

    /// The slot's row when it holds `key`, else nil.
    @inline(__always)
    func row(_ slot: Int, holding key: Int64) -> UnsafeMutablePointer<Int64>? {
        guard let row = row(slot), row[-1] == key else { return nil }
        return row
    }

    /// The key the slot holds, `Int64.min` when empty.
    @inline(__always)
    func key(_ slot: Int) -> Int64 { row(slot)?[-1] ?? Int64.min }

    /// The slot's row for `key`: zeroed when the slot held another key, allocated the first time.
    @inline(__always)
    func claim(_ slot: Int, key: Int64) -> UnsafeMutablePointer<Int64> {
        if let row = row(slot), row[-1] == key { return row }
        return reset(slot, key: key)
    }

    private func reset(_ slot: Int, key: Int64) -> UnsafeMutablePointer<Int64> {
        let pageIndex = slot >> Self.pageShift
        let page: UnsafeMutablePointer<UnsafeMutablePointer<Int64>?>
        if let existing = pages[pageIndex] {
            page = existing
        } else {
            page = .allocate(capacity: Self.pageSize)
            page.initialize(repeating: nil, count: Self.pageSize)
            pages[pageIndex] = page
        }
        let index = slot & (Self.pageSize - 1)
        if let row = page[index] {
            row.update(repeating: 0, count: fields)
            row[-1] = key
            return row
        }
        let storage = UnsafeMutablePointer<Int64>.allocate(capacity: fields + 1)
        storage.initialize(to: key)
        (storage + 1).initialize(repeating: 0, count: fields)
        page[index] = storage + 1
        pageRows[pageIndex] += 1
        return storage + 1
    }

    /// Frees the slot's row (its key has left the ring), and its page with the page's last row.
    func release(_ slot: Int) {
        let pageIndex = slot >> Self.pageShift
        guard let page = pages[pageIndex], let row = page[slot & (Self.pageSize - 1)] else { return }
        (row - 1).deallocate()
        page[slot & (Self.pageSize - 1)] = nil
        pageRows[pageIndex] -= 1
        if pageRows[pageIndex] == 0 {
            page.deallocate()
            pages[pageIndex] = nil
        }
    }

    func releaseAll() {
        for slot in 0..<slots { release(slot) }
    }

    /// The rows sparsely and each slot's key + 1 (0 for an empty slot), as a checkpoint holds them.
    func capture() -> (counts: SparseCounts, keys: SparseCounts) {
        var counts = SparseCounts(count: slots * fields)
        var keys = SparseCounts(count: slots)
        for slot in 0..<slots {
            guard let row = row(slot) else { continue }
            for field in 0..<fields { counts.append(row[field], at: slot * fields + field) }
            keys.append(row[-1] &+ 1, at: slot)
        }
        return (counts, keys)
    }

    /// Takes back captured rows and keys (their shapes already checked). Every slot with a key
    /// gets a row (a write to its key goes straight to it); counts of a slot without one are not
    /// taken (a damaged file's).
    func restore(_ state: (counts: SparseCounts, keys: SparseCounts)) {
        releaseAll()
        state.keys.forEach { slot, stored in _ = reset(slot, key: stored &- 1) }
        state.counts.forEach { index, value in row(index / fields)?[index % fields] = value }
    }
}
