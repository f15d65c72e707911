/// Erlang B, the loss formula, and its generalisation to state-dependent service rates.
///
/// Never factorials or powers (`500^520` overflows a double): the recursion keeps every step in
/// (0, 1] and costs O(N). Pure; thread-safe.
public enum ErlangB {
    /// The probability that all `servers` are busy in an M/M/N/N system offered `load` Erlangs.
    public static func blocking(servers: Int, load: Double) -> Double {
        precondition(servers >= 0, "servers must not be negative")
        guard load > 0 else { return servers == 0 ? 1 : 0 }
        var blocking = 1.0
        var k = 1
        while k <= servers {
            let carried = load * blocking
            blocking = carried / (Double(k) + carried)
            k += 1
        }
        return blocking
    }

    /// The same recursion with the service rate of each state given: `ratios[s-1]` is
    /// λ / (total completion rate with s in service). Returns π_c / Σ_{s ≤ c} π_s.
    static func blocking(arrivalOverServiceRatios ratios: [Double]) -> Double {
        var blocking = 1.0
        for ratio in ratios {
            let carried = ratio * blocking
            blocking = carried / (1 + carried)
        }
        return blocking
    }
}
