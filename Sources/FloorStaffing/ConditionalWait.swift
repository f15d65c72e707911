import RealModule

/// What the next arrival can expect given the queue right now (STAFFING-MATH §8): the fast,
/// responsive signal next to the steady state, which assumes the queue starts empty.
/// Value type; thread-safe.
public struct NextArrivalOutlook: Sendable, Equatable {
    public var probabilityAnswered: Double
    /// P(answered within the threshold).
    public var probabilityAnsweredWithinThreshold: Double
    /// Mean wait if answered (seconds).
    public var expectedWaitIfAnswered: Double
}

/// The conditional wait of the next arrival when every agent is busy and `waiting` contacts are
/// ahead of it. (With a free agent it is answered at once.) Pure; thread-safe.
public enum ConditionalWait {
    /// Erlang C: the wait is Erlang(q+1, N/AHT), so P(W ≤ T) = 1 − Σ_{k≤q} e^{−r} r^k/k!, r = N·T/AHT.
    public static func erlangC(waiting: Int, agents: Int, handleTime: Double, threshold: Double) -> NextArrivalOutlook {
        guard agents >= 1 else {
            return NextArrivalOutlook(
                probabilityAnswered: 0, probabilityAnsweredWithinThreshold: 0, expectedWaitIfAnswered: .infinity)
        }
        let rate = Double(agents) / handleTime
        let withinThreshold = 1 - SpecialFunctions.poissonCumulative(count: waiting, mean: rate * threshold)
        return NextArrivalOutlook(
            probabilityAnswered: 1, probabilityAnsweredWithinThreshold: max(0, withinThreshold),
            expectedWaitIfAnswered: Double(waiting + 1) / rate)
    }

    /// Erlang A: answered with P = x/(x+q+1), x = N·patience/AHT; within T with
    /// P = x/(x+q+1)·(1 − I_z(x+1, q+1)), z = e^{−T/patience}.
    public static func erlangA(
        waiting: Int, agents: Int, handleTime: Double, patience: Double, threshold: Double
    ) -> NextArrivalOutlook {
        guard agents >= 1 else {
            return NextArrivalOutlook(
                probabilityAnswered: 0, probabilityAnsweredWithinThreshold: 0, expectedWaitIfAnswered: .infinity)
        }
        let x = Double(agents) * patience / handleTime
        let ahead = Double(waiting + 1)
        let answered = x / (x + ahead)
        let z = Double.exp(-threshold / patience)
        let beyond = SpecialFunctions.regularizedIncompleteBeta(x + 1, ahead, z)
        var harmonic = 0.0
        for k in 1...(waiting + 1) { harmonic += 1 / (x + Double(k)) }
        return NextArrivalOutlook(
            probabilityAnswered: answered, probabilityAnsweredWithinThreshold: answered * (1 - beyond),
            expectedWaitIfAnswered: patience * harmonic)
    }
}
