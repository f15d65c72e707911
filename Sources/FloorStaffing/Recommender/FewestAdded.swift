/// The fewest agents (1...`limit`) for which `meets` holds, given that it keeps holding once it
/// does (more agents never make the next caller's outlook worse); nil when even `limit` falls
/// short. A binary search: each outlook costs O(callers waiting), so a linear search over up to
/// `waiting + 1` candidates would grow with the square of the queue (5,000 callers waiting:
/// 25 million terms per tick). Pure.
func fewestAdded(upTo limit: Int, meets: (Int) -> Bool) -> Int? {
    guard limit >= 1, meets(limit) else { return nil }
    var low = 1
    var high = limit
    // Invariant: meets(high) holds; every count below `low` falls short.
    while low < high {
        let middle = low + (high - low) / 2
        if meets(middle) { high = middle } else { low = middle + 1 }
    }
    return high
}
