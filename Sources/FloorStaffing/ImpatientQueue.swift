import RealModule

/// The queue beyond the point where every server is busy, with exponential patience
/// (STAFFING-MATH §4.1–4.2). Shared by Erlang A (servers are agents) and the chat model
/// (servers are chat slots at full concurrency).
///
/// An arrival that finds all servers busy and `j` callers ahead has a virtual wait
/// `V_j = Σ_{k=0..j} Exp(ν + kθ)`; with `x = ν/θ` and `z = e^{−θT}`, `e^{−θV_j} ~ Beta(x, j+1)`,
/// which gives every figure in closed form per `j` (the table in §4.2). The weights of `j` are
/// `t_j = Π_{i=1..j} y/(x+i)` with `y = λ/θ`: positive terms, no cancellation. They peak at
/// `j ≈ y − x` (in overload) with a Poisson-like spread of `√y`, so the sum starts 40 spreads
/// below the peak and stops once the terms are 26 orders below it.
struct ImpatientQueue {
    /// π_c / Σ_{s≤c} π_s: the chance that an arrival, in the system without a queue, finds
    /// every server busy.
    var blocking: Double
    /// λ, arrivals per second.
    var arrivalRate: Double
    /// ν, completions per second when every server is busy.
    var fullServiceRate: Double
    /// θ = 1 / mean patience.
    var abandonRate: Double

    struct Sums {
        var probabilityWait = 0.0
        var probabilityAbandon = 0.0
        var answeredWithinThreshold = 0.0
        var waitWithinThreshold = 0.0
        var virtualWithinThreshold = 0.0
        var waitOfAnswered = 0.0
        var waitOfAll = 0.0
        var virtualWait = 0.0
    }

    /// Unconditional figures (the immediately answered share is 1 − probabilityWait).
    func evaluate(threshold: Double) -> Sums {
        guard blocking > 0 else { return Sums() }
        let theta = abandonRate
        let x = fullServiceRate / theta
        let y = arrivalRate / theta
        let peak = y - x
        let first = peak > 0 ? max(0, Int((peak - 40 * Double.sqrt(y) - 50).rounded(.down))) : 0
        let logY = Double.log(y)

        let beta = (
            served: IncompleteBetaSeries(a: x + 1, firstB: first + 1, theta: theta, threshold: threshold),
            virtual: IncompleteBetaSeries(a: x, firstB: first + 1, theta: theta, threshold: threshold)
        )
        var servedBeta = beta.served
        var virtualBeta = beta.virtual
        let z = Double.exp(-theta * threshold)

        // Σ_{k=0..j} 1/(x+k), started by digamma differences when the sum skips the low j.
        var harmonic =
            first == 0 ? 1 / x : SpecialFunctions.digamma(x + Double(first) + 1) - SpecialFunctions.digamma(x)
        var logWeight =
            first == 0
            ? 0 : Double(first) * logY - (Double.logGamma(x + Double(first) + 1) - Double.logGamma(x + 1))
        var scale = logWeight  // weights are stored as exp(logWeight − scale)
        var sums = Sums()
        var weightSum = 0.0
        var j = first
        let limit = first + 50_000_000
        while true {
            if logWeight > scale {
                let shrink = Double.exp(scale - logWeight)
                weightSum *= shrink
                sums = sums.scaled(by: shrink)
                scale = logWeight
            }
            let weight = Double.exp(logWeight - scale)
            let jPlus1 = Double(j + 1)
            let served = x / (x + jPlus1)
            let virtualTail = virtualBeta.value  // I_z(x, j+1) = P(V_j > T)
            weightSum += weight
            sums.probabilityAbandon += weight * (1 - served)
            sums.answeredWithinThreshold += weight * served * (1 - servedBeta.value)
            sums.waitWithinThreshold += weight * (1 - z * virtualTail)
            sums.virtualWithinThreshold += weight * (1 - virtualTail)
            sums.waitOfAnswered += weight * served * (harmonic - 1 / x + 1 / (x + jPlus1)) / theta
            sums.waitOfAll += weight * jPlus1 / (theta * (x + jPlus1))
            sums.virtualWait += weight * harmonic / theta

            if (Double(j) > peak && logWeight < scale - 60) || j >= limit { break }
            j += 1
            logWeight += logY - Double.log(x + Double(j))
            harmonic += 1 / (x + Double(j))
            servedBeta.advance()
            virtualBeta.advance()
        }
        // p_j = b·t_j / (1 − b + b·Σt); with t_j = w_j·e^scale.
        let denominator = (1 - blocking) * Double.exp(-scale) + blocking * weightSum
        let factor = blocking / denominator
        var result = sums.scaled(by: factor)
        result.probabilityWait = weightSum * factor
        return result
    }
}

extension ImpatientQueue.Sums {
    func scaled(by factor: Double) -> Self {
        var copy = self
        copy.probabilityWait *= factor
        copy.probabilityAbandon *= factor
        copy.answeredWithinThreshold *= factor
        copy.waitWithinThreshold *= factor
        copy.virtualWithinThreshold *= factor
        copy.waitOfAnswered *= factor
        copy.waitOfAll *= factor
        copy.virtualWait *= factor
        return copy
    }
}

/// I_z(a, b) for b = first, first+1, … by the upward recurrence
/// I_z(a, b+1) = I_z(a, b) + z^a (1−z)^b Γ(a+b) / (Γ(a) Γ(b+1)): positive increments, each
/// computed in log space so that neither z^a nor (1−z)^b underflows on its own.
struct IncompleteBetaSeries {
    private(set) var value: Double
    private var b: Double
    private let a: Double
    private let logOneMinusZ: Double
    private var logIncrement: Double

    init(a: Double, firstB: Int, theta: Double, threshold: Double) {
        self.a = a
        b = Double(firstB)
        let logZ = -theta * threshold
        if threshold <= 0 {
            // z = 1: every virtual wait exceeds a zero threshold.
            value = 1
            logOneMinusZ = -.infinity
            logIncrement = -.infinity
            return
        }
        logOneMinusZ = Double.log(-Double.expMinusOne(logZ))
        value =
            firstB == 1
            ? Double.exp(a * logZ)
            : SpecialFunctions.regularizedIncompleteBeta(a, b, Double.exp(logZ))
        // Γ(a+b)/Γ(a) as a product while b is small: exact where logGamma differences of large
        // arguments would lose digits.
        var logRising = 0.0
        if firstB <= 64 {
            for i in 0..<firstB { logRising += Double.log(a + Double(i)) - Double.log(Double(i + 1)) }
        } else {
            logRising = Double.logGamma(a + b) - Double.logGamma(a) - Double.logGamma(b + 1)
        }
        logIncrement = a * logZ + b * logOneMinusZ + logRising
    }

    mutating func advance() {
        value = min(1, value + Double.exp(logIncrement))
        logIncrement += logOneMinusZ + Double.log(a + b) - Double.log(b + 1)
        b += 1
    }
}
