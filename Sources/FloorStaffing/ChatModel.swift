import RealModule

/// Chat with concurrency (STAFFING-MATH §6): a birth–death chain on the total number of chats.
/// Up to N·k chats are spread evenly over the N agents (each holds ⌊s/N⌋ or ⌈s/N⌉), and a chat
/// takes longer the more chats its agent holds: `handleTimes[i]` is the mean handle time of a
/// chat while its agent holds i+1. Beyond N·k the queue is Erlang C/A with N·k servers of rate
/// 1/handleTimes[k−1]. With one chat per agent it is exactly Erlang C or Erlang A.
///
/// The balanced chain is slightly optimistic next to real routing (chats do not migrate between
/// agents): keep about half a point of service level in hand. Pure; thread-safe.
public enum ChatModel {
    /// - Parameters:
    ///   - agents: productive chat agents.
    ///   - arrivalRate: chats per second.
    ///   - handleTimes: mean handle time (seconds) at concurrency 1…k; k = its count.
    ///   - patience: mean patience (seconds); nil = nobody leaves (Erlang C behaviour).
    ///   - threshold: service-level threshold T (seconds).
    /// `occupancy` is the share of chat slots in use.
    public static func evaluate(
        agents: Int, arrivalRate: Double, handleTimes: [Double], patience: Double?, threshold: Double
    ) -> QueuePerformance {
        precondition(!handleTimes.isEmpty, "at least one handle time (concurrency 1)")
        guard agents >= 1 else { return .unstable }
        let concurrency = handleTimes.count
        let slots = agents * concurrency
        let fullHandleTime = handleTimes[concurrency - 1]
        let loadAtFull = arrivalRate * fullHandleTime
        guard arrivalRate > 0 else { return ErlangA.idle(threshold: threshold) }

        // λ/μ(s) for s = 1…N·k, and the mean number of chats over the states below N·k.
        var ratios: [Double] = []
        ratios.reserveCapacity(slots)
        var logWeight = 0.0
        var largest = 0.0
        var logWeights: [Double] = [0]
        logWeights.reserveCapacity(slots)
        for total in 1...slots {
            let low = total / agents
            let agentsAtHigh = total % agents
            var rate = Double(agentsAtHigh) * Double(low + 1) / handleTimes[low < concurrency ? low : concurrency - 1]
            if low >= 1 { rate += Double(agents - agentsAtHigh) * Double(low) / handleTimes[low - 1] }
            let ratio = arrivalRate / rate
            ratios.append(ratio)
            logWeight += Double.log(ratio)
            if total < slots {
                logWeights.append(logWeight)
                largest = max(largest, logWeight)
            }
        }
        var weightSum = 0.0
        var chatSum = 0.0
        for (chats, weight) in logWeights.enumerated() {
            let scaled = Double.exp(weight - largest)
            weightSum += scaled
            chatSum += Double(chats) * scaled
        }
        let meanChatsBelowFull = chatSum / weightSum
        let blocking = ErlangB.blocking(arrivalOverServiceRatios: ratios)
        let servers = Double(slots)
        let busy = { (probabilityWait: Double, _: Double) in
            (1 - probabilityWait) * meanChatsBelowFull + servers * probabilityWait
        }
        guard let patience else {
            var performance = ErlangC.evaluate(
                servers: servers, load: loadAtFull, handleTime: fullHandleTime, threshold: threshold, blocking: blocking
            )
            if performance.isStable { performance.occupancy = busy(performance.probabilityWait, 0) / servers }
            return performance
        }
        return ErlangA.evaluate(
            servers: servers, load: loadAtFull, handleTime: fullHandleTime, patience: patience, threshold: threshold,
            blocking: blocking, busyServers: busy)
    }
}
