/// Rounding that survives binary floating point: `21 / 0.7` is `30.000000000000004`, and a plain
/// `ceil` would staff a 31st agent (STAFFING-MATH §5, the trap two public libraries fall into).
///
/// A value within `1e-9` (relative, at least absolute 1e-9) of a whole number is that number.
public func safeCeil(_ value: Double) -> Int {
    let nearest = value.rounded()
    if abs(value - nearest) <= 1e-9 * max(1, abs(value)) { return Int(nearest) }
    return Int(value.rounded(.up))
}

/// Whether `servers` can carry `load` Erlangs without the queue growing forever. Loads computed
/// as `λ·AHT` in floating point land a hair either side of a whole number (`1200/3600·300`), so
/// a margin of `1e-9·max(1, load)` counts as unstable (STAFFING-MATH §3.3).
public func isStable(servers: Double, load: Double) -> Bool {
    servers - load > 1e-9 * max(1, load)
}

/// Comparisons against a target allow for the last bits of floating-point noise (§0.5).
let targetTolerance = 1e-12
