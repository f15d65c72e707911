/// A ring of rows, each slot holding the row of one key (a bucket, a quarter hour; `Int64.min`
/// when empty), as a checkpoint holds it: the rows sparsely, the keys + 1 (0 for an empty slot).
/// `ScopeWindows` keeps its buckets this way and `IntervalLedger` its quarter hours.
enum SlotRows {
    static func capture(
        rows: UnsafeMutablePointer<UnsafeMutablePointer<Int64>?>, keys: UnsafeMutablePointer<Int64>, slots: Int,
        fields: Int
    ) -> (counts: SparseCounts, keys: SparseCounts) {
        var counts = SparseCounts(count: slots * fields)
        var stored = SparseCounts(count: slots)
        for slot in 0..<slots {
            if let row = rows[slot] {
                for field in 0..<fields { counts.append(row[field], at: slot * fields + field) }
            }
            if keys[slot] != Int64.min { stored.append(keys[slot] &+ 1, at: slot) }
        }
        return (counts, stored)
    }

    /// Takes back captured rows and keys (their shapes already checked). Every slot with a key
    /// gets a row (a write to its key goes straight to it); counts of a slot without one are not
    /// taken (a damaged file's). `storage` allocates a slot's row.
    static func restore(
        _ state: (counts: SparseCounts, keys: SparseCounts), rows: UnsafeMutablePointer<UnsafeMutablePointer<Int64>?>,
        keys: UnsafeMutablePointer<Int64>, slots: Int, fields: Int, storage: (Int) -> UnsafeMutablePointer<Int64>
    ) {
        keys.update(repeating: Int64.min, count: slots)
        state.keys.forEach { slot, stored in keys[slot] = stored &- 1 }
        for slot in 0..<slots where keys[slot] != Int64.min || rows[slot] != nil {
            storage(slot).update(repeating: 0, count: fields)
        }
        state.counts.forEach { index, value in rows[index / fields]?[index % fields] = value }
    }
}
