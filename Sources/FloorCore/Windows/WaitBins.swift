/// HDR-style log-linear bins for waits in milliseconds: exact below 128 ms, then 64 bins per
/// power of two, so a reported percentile is within 1/128 (0.8 %) of the true value. Waits are
/// clamped to 2^32 ms (49 days).
public enum WaitBins {
    public static let count = 128 + 26 * 64
    /// Bins are summed in groups of 64 for fast percentiles (`ScopeWindows.waitQuantiles`).
    static let groupWidth = 64
    static let groups = count / groupWidth

    @inlinable
    public static func index(of milliseconds: Int64) -> Int {
        let value = UInt64(max(0, min(milliseconds, Int64(UInt32.max))))
        if value < 128 { return Int(value) }
        let exponent = (63 - value.leadingZeroBitCount) - 6
        let mantissa = Int(value >> UInt64(exponent))
        return 128 + (exponent - 1) * 64 + (mantissa - 64)
    }

    /// The smallest and largest value that fall in `index`.
    public static func range(of index: Int) -> ClosedRange<Int64> {
        if index < 128 { return Int64(index)...Int64(index) }
        let exponent = (index - 128) / 64 + 1
        let mantissa = Int64((index - 128) % 64 + 64)
        let lower = mantissa << Int64(exponent)
        return lower...(((mantissa + 1) << Int64(exponent)) - 1)
    }

    /// The value reported for a bin: its midpoint.
    public static func representative(of index: Int) -> Int64 {
        let bounds = range(of: index)
        return bounds.lowerBound + (bounds.upperBound - bounds.lowerBound) / 2
    }

    /// The value at quantile `q` (0…1) of `counts`, by the nearest-rank rule, or nil when empty.
    public static func quantile(_ q: Double, of counts: [UInt32], total: Int64, maximum: Int64) -> Int64? {
        guard total > 0 else { return nil }
        let rank = max(1, Int64((q * Double(total)).rounded(.up)))
        var cumulative: Int64 = 0
        for index in 0..<counts.count where counts[index] != 0 {
            cumulative += Int64(counts[index])
            if cumulative >= rank { return min(representative(of: index), maximum) }
        }
        return maximum
    }
}
