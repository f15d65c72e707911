import FloorCore
import TOMLKit

/// Typed access with the key's path in every error message.
struct ConfigurationReader {
    func allow(_ table: TOMLTable, keys: [String], in context: String) throws(ConfigurationError) {
        for key in table.keys where !keys.contains(key) {
            let place = context.isEmpty ? key : "\(context).\(key)"
            throw ConfigurationError("unknown setting \(place) (known here: \(keys.joined(separator: ", ")))")
        }
    }

    func table(_ table: TOMLTable, _ key: String) throws(ConfigurationError) -> TOMLTable? {
        guard let value = table[key] else { return nil }
        guard let nested = value.table else { throw ConfigurationError("\(key) must be a table") }
        return nested
    }

    func string(_ table: TOMLTable, _ key: String, in context: String) throws(ConfigurationError) -> String? {
        guard let value = table[key] else { return nil }
        guard let text = value.string else { throw ConfigurationError("\(context).\(key) must be a string") }
        return text
    }

    func int(
        _ table: TOMLTable, _ key: String, in context: String, range: ClosedRange<Int>
    ) throws(ConfigurationError) -> Int? {
        guard let value = table[key] else { return nil }
        guard let number = value.int, range.contains(number) else {
            throw ConfigurationError("\(context).\(key) must be an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        return number
    }

    /// A list of whole seconds (service-level thresholds), at most `maximum` of them.
    func seconds(
        _ table: TOMLTable, _ key: String, in context: String, range: ClosedRange<Int>, maximum: Int
    ) throws(ConfigurationError) -> [Milliseconds]? {
        guard let value = table[key] else { return nil }
        let message =
            "\(context).\(key) must be a list of at most \(maximum) whole seconds in \(range.lowerBound)…\(range.upperBound)"
        guard let array = value.array, array.count <= maximum else { throw ConfigurationError(message) }
        var seconds: [Milliseconds] = []
        for element in array {
            guard let number = element.int, range.contains(number) else { throw ConfigurationError(message) }
            seconds.append(.seconds(Int64(number)))
        }
        return seconds
    }

    func fraction(_ table: TOMLTable, _ key: String, in context: String) throws(ConfigurationError) -> Double? {
        guard let value = table[key] else { return nil }
        guard let number = value.double ?? value.int.map(Double.init), (0...1).contains(number) else {
            throw ConfigurationError("\(context).\(key) must be a fraction 0…1 (0.8 for 80 %)")
        }
        return number
    }
}
