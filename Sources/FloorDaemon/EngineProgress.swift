import Synchronization

/// What /v1/health reports as degradation: a stalled engine loop, recent kernel UDP drops.
/// Thread-safe (atomics written by the reporting loop).
final class EngineProgress: Sendable {
    let stalled = Atomic<Int>(0)
    /// Total kernel drops on floorwatch's UDP sockets, -1 before the first reading.
    let udpDrops = Atomic<Int64>(-1)
    let recentUDPDrops = Atomic<Int64>(0)

    func reasons() -> QueryResponder.Health {
        var reasons: [String] = []
        if stalled.load(ordering: .relaxed) != 0 { reasons.append("engine loop is not advancing") }
        let drops = recentUDPDrops.load(ordering: .relaxed)
        if drops > 0 {
            reasons.append("kernel dropped \(drops) UDP datagrams in the last seconds (raise ReceiveBuffer=)")
        }
        return QueryResponder.Health(degraded: reasons)
    }
}
