/// Fifteen-minute interval totals of one scope for the last 26 hours, for WFM tools that compare
/// the day's intervals with their forecast. Intervals are aligned to UTC quarter hours, which are
/// quarter hours in every real time zone, so any site's day is a run of whole intervals.
///
/// A bucket is folded in when the clock leaves it (`ScopeWindows.advance`), so the apply path
/// writes each event once, to its bucket, not to the bucket and the ledger; only a late write to
/// a completed bucket comes here directly.
///
/// Not thread-safe: owned by the engine (single writer).
public final class IntervalLedger {
    public static let width: Milliseconds = .minutes(15)
    /// 26 hours: yesterday whole until 02:00, today whole.
    public static let slots = 26 * 4
    private let fieldCount = WindowField.count
    /// Each quarter hour's row, allocated when first written (a quiet queue's day is a few rows).
    private let table = SlotTable(slots: IntervalLedger.slots, fields: WindowField.count)

    init() {}

    deinit { table.deallocate() }

    /// The rows and their intervals (+ 1, 0 for an empty slot), sparsely (`SparseCounts`).
    func capture() -> (counts: SparseCounts, intervals: SparseCounts) {
        let (counts, intervals) = table.capture()
        return (counts, intervals)
    }

    func restore(_ state: (counts: SparseCounts, intervals: SparseCounts)) throws(ScopeWindowsState.Mismatch) {
        guard state.counts.count == Self.slots * fieldCount, state.intervals.count == Self.slots else {
            throw ScopeWindowsState.Mismatch()
        }
        table.restore((state.counts, state.intervals))
    }

    /// Adds `value` to `field` of `interval` (a write to a bucket already folded in).
    @inline(__always)
    func add(_ field: WindowField, _ value: Int64, at position: BucketPosition) {
        guard let row = row(position.interval, slot: position.ledgerSlot) else { return }
        row[field.rawValue] &+= value
    }

    @inline(__always)
    func addAgentTime(_ values: AgentTimeValues, at position: BucketPosition) {
        guard let row = row(position.interval, slot: position.ledgerSlot) else { return }
        values.add(to: row)
    }

    /// Folds in a completed bucket's counts.
    func add(row bucketRow: UnsafePointer<Int64>, interval: Int64) {
        guard let row = row(interval, slot: Self.slot(of: interval)) else { return }
        for field in 0..<fieldCount where bucketRow[field] != 0 { row[field] &+= bucketRow[field] }
    }

    /// The quarter hour a bucket of `bucketWidth` falls in (by its start).
    @inline(__always)
    static func interval(of bucket: Int64, bucketWidth: Milliseconds) -> Int64 {
        floorDivide(bucket * bucketWidth, width)
    }

    static func slot(of interval: Int64) -> Int {
        Int(((interval % Int64(Self.slots)) + Int64(Self.slots)) % Int64(Self.slots))
    }

    /// The counts of `interval`, claiming its slot; nil when it is older than the slot holds.
    @inline(__always)
    private func row(_ interval: Int64, slot: Int) -> UnsafeMutablePointer<Int64>? {
        // Only move forward: an older interval than the slot holds is beyond the ledger.
        guard table.key(slot) <= interval else { return nil }
        return table.claim(slot, key: interval)
    }

    /// The folded totals of `interval`, or nil when nothing was folded in (or it left the ledger).
    func counts(interval: Int64) -> WindowCounts? {
        let slot = Self.slot(of: interval)
        guard let row = table.row(slot, holding: interval) else { return nil }
        return WindowCounts(values: Array(UnsafeBufferPointer(start: row, count: fieldCount)))
    }
}
