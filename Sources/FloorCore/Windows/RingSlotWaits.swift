/// Each ring slot's wait samples and longest wait, allocated with the scope's first sample: a
/// queue nobody has left yet (callers still waiting, an email backlog) or that only ever had
/// arrivals holds none of its ring's entries (7.7 KB on a one-hour ring of 15-second buckets).
///
/// Not thread-safe: part of `ScopeWindows`, owned by the engine.
struct RingSlotWaits {
    private struct Slot {
        var samples = WaitSamples()
        /// The longest wait recorded in the slot's bucket, -1 when none.
        var maximum: Int64 = -1
    }

    let ringLength: Int
    /// Empty until the first sample, then one entry per ring slot.
    private var slots: [Slot] = []

    init(ringLength: Int) { self.ringLength = ringLength }

    var isAllocated: Bool { !slots.isEmpty }

    /// The slot's samples (none before the first sample anywhere).
    @inline(__always)
    func samples(_ slot: Int) -> WaitSamples { slots.isEmpty ? WaitSamples() : slots[slot].samples }

    /// The slot's longest wait, -1 when none.
    @inline(__always)
    func maximum(_ slot: Int) -> Int64 { slots.isEmpty ? -1 : slots[slot].maximum }

    mutating func record(bin: Int, wait: Int64, at slot: Int) {
        if slots.isEmpty { slots = Array(repeating: Slot(), count: ringLength) }
        slots[slot].samples.append(bin)
        if wait > slots[slot].maximum { slots[slot].maximum = wait }
    }

    /// Takes back one sample of `bin`; whether the slot had one. The longest wait stays.
    mutating func remove(bin: Int, at slot: Int) -> Bool {
        guard !slots.isEmpty else { return false }
        return slots[slot].samples.remove(bin)
    }

    /// Empties a slot for a new bucket.
    mutating func clear(_ slot: Int) {
        guard !slots.isEmpty else { return }
        slots[slot].samples.removeAll()
        slots[slot].maximum = -1
    }

    /// Takes back a checkpoint's samples and longest waits (`nil`: none for the slot).
    mutating func restore(samples: [Int: WaitSamples], maximum: (Int) -> Int64) {
        let any = !samples.isEmpty || (0..<ringLength).contains { maximum($0) >= 0 }
        slots = any ? Array(repeating: Slot(), count: ringLength) : []
        guard any else { return }
        for slot in 0..<ringLength { slots[slot].maximum = maximum(slot) }
        for (slot, kept) in samples { slots[slot].samples = kept }
    }
}
