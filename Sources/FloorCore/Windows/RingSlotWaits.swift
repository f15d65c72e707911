/// Each ring slot's wait samples and longest wait, in pages of 32 slots allocated with a page's
/// first sample and freed when its buckets leave the ring: a queue nobody has left yet (callers
/// still waiting, an email backlog), or that only ever had arrivals, holds none; one with a few
/// answered contacts a page or two, not an entry for each of its ring's slots (11.5 KB on a
/// one-hour ring of 10-second buckets).
///
/// Not thread-safe: part of `ScopeWindows`, owned by the engine.
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
    /// Per page of slots: empty until the page's first sample, then one entry per slot.
    private var pages: [[Slot]]

    init(ringLength: Int) {
        self.ringLength = ringLength
        pages = Array(repeating: [], count: (ringLength + Self.pageSize - 1) >> Self.pageShift)
    }

    /// Pages of slots allocated (what it holds, for tests).
    var heldPages: Int { pages.count { !$0.isEmpty } }

    /// Whether any slot holds a sample or a longest wait.
    var isAllocated: Bool { pages.contains { !$0.isEmpty } }

    /// The slot's samples (none before its page's first sample).
    @inline(__always)
    func samples(_ slot: Int) -> WaitSamples {
        let page = pages[slot >> Self.pageShift]
        return page.isEmpty ? WaitSamples() : page[slot & (Self.pageSize - 1)].samples
    }

    /// The slot's longest wait, -1 when none.
    @inline(__always)
    func maximum(_ slot: Int) -> Int64 {
        let page = pages[slot >> Self.pageShift]
        return page.isEmpty ? -1 : page[slot & (Self.pageSize - 1)].maximum
    }

    mutating func record(bin: Int, wait: Int64, at slot: Int) {
        let (page, index) = (slot >> Self.pageShift, slot & (Self.pageSize - 1))
        if pages[page].isEmpty { pages[page] = Array(repeating: Slot(), count: Self.pageSize) }
        pages[page][index].samples.append(bin)
        if wait > pages[page][index].maximum { pages[page][index].maximum = wait }
    }

    /// Takes back one sample of `bin`; whether the slot had one. The longest wait stays.
    mutating func remove(bin: Int, at slot: Int) -> Bool {
        let (page, index) = (slot >> Self.pageShift, slot & (Self.pageSize - 1))
        guard !pages[page].isEmpty else { return false }
        return pages[page][index].samples.remove(bin)
    }

    /// Empties a slot for a new bucket.
    mutating func clear(_ slot: Int) {
        let (page, index) = (slot >> Self.pageShift, slot & (Self.pageSize - 1))
        guard !pages[page].isEmpty else { return }
        pages[page][index].samples.removeAll()
        pages[page][index].maximum = -1
    }

    /// Empties a slot whose bucket left the ring, and frees its page once every slot in it is
    /// empty.
    mutating func release(_ slot: Int) {
        let page = slot >> Self.pageShift
        guard !pages[page].isEmpty else { return }
        pages[page][slot & (Self.pageSize - 1)] = Slot()
        if pages[page].allSatisfy(\.isEmpty) { pages[page] = [] }
    }

    mutating func releaseAll() {
        for page in pages.indices { pages[page] = [] }
    }

    /// Takes back a checkpoint's samples and longest waits (`nil`: none for the slot).
    mutating func restore(samples: [Int: WaitSamples], maximum: (Int) -> Int64) {
        releaseAll()
        for slot in 0..<ringLength {
            let longest = maximum(slot)
            guard longest >= 0 || samples[slot] != nil else { continue }
            let (page, index) = (slot >> Self.pageShift, slot & (Self.pageSize - 1))
            if pages[page].isEmpty { pages[page] = Array(repeating: Slot(), count: Self.pageSize) }
            pages[page][index].maximum = longest
            if let kept = samples[slot] { pages[page][index].samples = kept }
        }
    }
}
