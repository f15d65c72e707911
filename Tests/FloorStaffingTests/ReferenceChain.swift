/// A naive reference for the models: the birth–death chain solved by brute force over a long
/// truncated state space (no special functions, no clever sums), with the waiting-time
/// figures from Little's law. Deliberately slow and simple.
struct ReferenceChain {
    /// Stationary probabilities of 0…cap contacts in the system.
    let probabilities: [Double]
    let servers: Int
    let arrivalRate: Double
    let abandonRate: Double

    /// `serviceRate(s)` is the total completion rate with s contacts in the system (s ≤ servers).
    init(servers: Int, arrivalRate: Double, abandonRate: Double, cap: Int, serviceRate: (Int) -> Double) {
        self.servers = servers
        self.arrivalRate = arrivalRate
        self.abandonRate = abandonRate
        var weights: [Double] = [1]
        var logScale = 0.0
        for state in 1...cap {
            let departure =
                state <= servers
                ? serviceRate(state) : serviceRate(servers) + Double(state - servers) * abandonRate
            var next = weights[state - 1] * arrivalRate / departure
            if next > 1e250 {
                weights = weights.map { $0 / 1e250 }
                next /= 1e250
                logScale += 1
            }
            weights.append(next)
        }
        let total = weights.reduce(0, +)
        probabilities = weights.map { $0 / total }
    }

    var probabilityWait: Double { probabilities[servers...].reduce(0, +) }

    var meanQueue: Double {
        var sum = 0.0
        for state in servers..<probabilities.count { sum += Double(state - servers) * probabilities[state] }
        return sum
    }

    /// Abandonment rate over arrival rate.
    var probabilityAbandon: Double { abandonRate * meanQueue / arrivalRate }

    /// Mean wait of every arrival (Little: Lq / λ).
    var meanWait: Double { meanQueue / arrivalRate }

    var meanBusy: Double {
        var sum = 0.0
        for (state, probability) in probabilities.enumerated() { sum += Double(min(state, servers)) * probability }
        return sum
    }
}
