/// Numbers as text without Foundation, for messages people read (alerts, recommendations).
public enum NumberText {
    /// Up to four decimals, trailing zeros dropped: 134, 0.7125, 0.05.
    public static func plain(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        let scaled = (value * 10_000).rounded()
        if scaled.truncatingRemainder(dividingBy: 10_000) == 0 { return "\(Int64(scaled / 10_000))" }
        let magnitude = Int64(abs(scaled))
        var decimals = String(magnitude % 10_000)
        decimals = String(repeating: "0", count: 4 - decimals.count) + decimals
        while decimals.hasSuffix("0") { decimals.removeLast() }
        return (scaled < 0 ? "-" : "") + "\(magnitude / 10_000)." + decimals
    }

    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        let tenths = (value * 10).rounded()
        if tenths.truncatingRemainder(dividingBy: 10) == 0 { return "\(Int64(tenths / 10))" }
        let whole = Int64((abs(tenths) / 10).rounded(.down))
        let decimal = Int64(abs(tenths)) % 10
        return (tenths < 0 ? "-" : "") + "\(whole).\(decimal)"
    }
}
