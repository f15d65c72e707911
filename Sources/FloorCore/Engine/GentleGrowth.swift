extension Array {
    /// Appends, growing the storage by an eighth when full instead of doubling it. For the tables
    /// a large floor fills once and keeps (one row per agent, in four parallel arrays): doubling
    /// left up to half of each unused, 12,768 empty rows at 20,000 agents. Still geometric, so an
    /// append stays O(1) amortized (about eight element copies each); rows are added rarely.
    mutating func appendGrowingGently(_ element: Element) {
        if count == capacity { reserveCapacity(count + Swift.max(16, count / 8)) }
        append(element)
    }
}
