import RealModule

/// Special functions the queueing models need, written for the argument ranges they see
/// (shape parameters up to ~10^8). Pure; thread-safe.
enum SpecialFunctions {
    /// ψ(x), the digamma function, for x > 0: shifted up to x ≥ 10, then the asymptotic series.
    static func digamma(_ value: Double) -> Double {
        var x = value
        var result = 0.0
        while x < 10 {
            result -= 1 / x
            x += 1
        }
        let inverseSquare = 1 / (x * x)
        // Bernoulli terms B2k / (2k x^2k) for k = 1…6.
        let series =
            inverseSquare
            * (1.0 / 12 - inverseSquare
                * (1.0 / 120 - inverseSquare
                    * (1.0 / 252 - inverseSquare
                        * (1.0 / 240 - inverseSquare * (1.0 / 132 - inverseSquare * 691.0 / 32760)))))
        return result + Double.log(x) - 0.5 / x - series
    }

    /// The regularised incomplete beta function I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1, by the
    /// continued fraction (modified Lentz), using the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) on the
    /// side where the fraction converges fast.
    static func regularizedIncompleteBeta(_ a: Double, _ b: Double, _ x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront =
            Double.logGamma(a + b) - Double.logGamma(a) - Double.logGamma(b) + a * Double.log(x) + b
            * Double.log(onePlus: -x)
        if x < (a + 1) / (a + b + 2) {
            return Double.exp(logFront) * betaContinuedFraction(a, b, x) / a
        }
        return 1 - Double.exp(logFront) * betaContinuedFraction(b, a, 1 - x) / b
    }

    private static func betaContinuedFraction(_ a: Double, _ b: Double, _ x: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...200_000 {
            let m2 = Double(2 * m)
            let mm = Double(m)
            var aa = mm * (b - mm) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + mm) * (qab + mm) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return h
    }

    /// P(Poisson(mean) ≤ count), summed in log space so large means do not underflow.
    static func poissonCumulative(count: Int, mean: Double) -> Double {
        guard count >= 0 else { return 0 }
        guard mean > 0 else { return 1 }
        let logMean = Double.log(mean)
        var logTerm = -mean
        var largest = logTerm
        var logTerms: [Double] = [logTerm]
        logTerms.reserveCapacity(count + 1)
        if count > 0 {
            for k in 1...count {
                logTerm += logMean - Double.log(Double(k))
                logTerms.append(logTerm)
                largest = max(largest, logTerm)
            }
        }
        var sum = 0.0
        for term in logTerms { sum += Double.exp(term - largest) }
        return min(1, sum * Double.exp(largest))
    }
}
