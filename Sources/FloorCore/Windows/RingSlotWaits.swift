/// Each ring slot's wait samples and longest wait, in pages of 32 slots allocated with a page's
/// first sample and freed when its buckets leave the ring: a queue nobody has left yet (callers
/// still waiting, an email backlog), or that only ever had arrivals, holds none; one with a few
/// answered contacts a page or two, not an entry for each of its ring's slots (11.5 KB on a
/// one-hour ring of 10-second buckets).
///
/// Raw pages, not arrays of arrays: a sample is recorded on the apply path, and nested arrays
/// checked both levels' uniqueness and missed the cache once more per sample. A value holding
/// pointers: the owner deallocates it (`deallocate`). Not thread-safe: part of `ScopeWindows`,
/// owned by the engine.
struct RingSlotWaits {
    private struct Slot {
        var samples = WaitSamples()
        /// The longest wait recorded in the slot's bucket, -1 when none.
        var maximum: Int64 = -1

        var isEmpty: Bool { samples.isEmpty && !samples.isCounted && maximum < 0 }
    }

    private static let pageShift = 5
    private static let pageSize = 1 << pageShift

    let ringLength: Int
    private let pageCount: Int
    /// Per page of slots: nil until the page's first sample, then one entry per slot.
    private let pages: UnsafeMutablePointer<UnsafeMutablePointer<Slot>?>

    init(ringLength: Int) {
        self.ringLength = ringLength
        pageCount = (ringLength + Self.pageSize - 1) >> Self.pageShift
        pages = .allocate(capacity: pageCount)
        pages.initialize(repeating: nil, count: pageCount)
    }

    func deallocate() {
        releaseAll()
        pages.deallocate()
    }

    /// Pages of slots allocated (what it holds, for tests).
    var heldPages: Int { (0..<pageCount).count { pages[$0] != nil } }

    /// Whether any slot holds a sample or a longest wait.
    var isAllocated: Bool { (0..<pageCount).contains { pages[$0] != nil } }

    @inline(__always)
    private func entry(_ slot: Int) -> UnsafeMutablePointer<Slot>? {
        pages[slot >> Self.pageShift].map { $0 + (slot & (Self.pageSize - 1)) }
    }

    /// The slot's entry, its page allocated when missing.
    @inline(__always)
    private func claim(_ slot: Int) -> UnsafeMutablePointer<Slot> {
        if let entry = entry(slot) { return entry }
        let page = UnsafeMutablePointer<Slot>.allocate(capacity: Self.pageSize)
        page.initialize(repeating: Slot(), count: Self.pageSize)
        pages[slot >> Self.pageShift] = page
        return page + (slot & (Self.pageSize - 1))
    }

    /// The slot's samples (none before its page's first sample).
    @inline(__always)
    func samples(_ slot: Int) -> WaitSamples { entry(slot)?.pointee.samples ?? WaitSamples() }

    /// The slot's longest wait, -1 when none.
    @inline(__always)
    func maximum(_ slot: Int) -> Int64 { entry(slot)?.pointee.maximum ?? -1 }

    func record(bin: Int, wait: Int64, at slot: Int) {
        let entry = claim(slot)
        entry.pointee.samples.append(bin)
        if wait > entry.pointee.maximum { entry.pointee.maximum = wait }
    }

    /// Takes back one sample of `bin`; whether the slot had one. The longest wait stays.
    func remove(bin: Int, at slot: Int) -> Bool { entry(slot)?.pointee.samples.remove(bin) ?? false }

    /// Empties a slot for a new bucket.
    func clear(_ slot: Int) {
        guard let entry = entry(slot) else { return }
        entry.pointee.samples.removeAll()
        entry.pointee.maximum = -1
    }

    /// Empties a slot whose bucket left the ring, and frees its page once every slot in it is
    /// empty.
    func release(_ slot: Int) {
        // Cleared, not replaced: a busy queue's slot takes its next bucket's samples at once, and
        // keeping the list's room spares growing it again sample by sample.
        guard let page = pages[slot >> Self.pageShift] else { return }
        clear(slot)
        if (0..<Self.pageSize).allSatisfy({ page[$0].isEmpty }) { free(page: slot >> Self.pageShift) }
    }

    private func free(page index: Int) {
        guard let page = pages[index] else { return }
        page.deinitialize(count: Self.pageSize)
        page.deallocate()
        pages[index] = nil
    }

    func releaseAll() {
        for page in 0..<pageCount { free(page: page) }
    }

    /// Takes back a checkpoint's samples and longest waits (`nil`: none for the slot).
    func restore(samples: [Int: WaitSamples], maximum: (Int) -> Int64) {
        releaseAll()
        for slot in 0..<ringLength {
            let longest = maximum(slot)
            guard longest >= 0 || samples[slot] != nil else { continue }
            let entry = claim(slot)
            entry.pointee.maximum = longest
            if let kept = samples[slot] { entry.pointee.samples = kept }
        }
    }
}
