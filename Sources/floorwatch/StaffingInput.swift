import ArgumentParser
import FloorStaffing
import Glibc

/// The command's options, validated and in the units the models take.
struct StaffingInput {
    var load: Double
    var handleTime: Double
    var calls: Double
    var intervalSeconds: Double
    var model: StaffingModel
    var targets: StaffingTargets
    var agents: Int?

    init(command: StaffingCommand) throws {
        intervalSeconds = try parseDuration(command.interval)
        guard command.calls >= 0, command.calls.isFinite else { throw ValidationError("--calls must be 0 or more") }
        guard command.aht > 0, command.aht.isFinite else { throw ValidationError("--aht must be above 0") }
        calls = command.calls
        handleTime = command.aht
        // A computed once, from the inputs as given (STAFFING-MATH §3.3).
        load = command.calls * command.aht / intervalSeconds
        var targets = StaffingTargets(threshold: command.threshold)
        guard let measure = ServiceLevelMeasure(rawValue: command.measure) else {
            throw ValidationError("--measure must be one of \(ServiceLevelMeasure.allCases.map(\.rawValue))")
        }
        targets.measure = measure
        if let target = command.target {
            let parts = target.split(separator: "/")
            guard parts.count == 2, let share = Double(parts[0]), let seconds = try? parseDuration(String(parts[1]))
            else { throw ValidationError("--target must look like 80/20 (percent answered within seconds)") }
            targets.serviceLevel = try fraction(share, "--target")
            targets.threshold = seconds
        }
        guard targets.threshold >= 0 else { throw ValidationError("--threshold must be 0 or more") }
        if let asa = command.asaTarget {
            guard asa >= 0 else { throw ValidationError("--asa-target must be 0 or more") }
            targets.averageSpeedOfAnswer = asa
        }
        targets.maximumOccupancy = try command.maxOccupancy.map { try fraction($0, "--max-occupancy") }
        targets.maximumAbandon = try command.maxAbandon.map { try fraction($0, "--max-abandon") }
        targets.shrinkage = try fraction(command.shrinkage, "--shrinkage", allowZero: true)
        guard targets.shrinkage < 1 else { throw ValidationError("--shrinkage must be below 1 (100 %)") }
        self.targets = targets
        if let patience = command.patience {
            guard patience > 0, patience.isFinite else { throw ValidationError("--patience must be above 0") }
        }
        if let chat = command.chatAHT {
            let handleTimes = chat.split(separator: ",").compactMap { Double(String($0).trimmedSpaces()) }
            guard !handleTimes.isEmpty, handleTimes.allSatisfy({ $0 > 0 }),
                handleTimes.count == chat.split(separator: ",").count
            else { throw ValidationError("--chat-aht must be seconds separated by commas, e.g. 300,390,480") }
            model = .chat(handleTimes: handleTimes, patience: command.patience)
        } else if let patience = command.patience {
            model = .erlangA(patience: patience)
        } else {
            model = .erlangC
        }
        if let agents = command.agents, agents < 0 { throw ValidationError("--agents must be 0 or more") }
        agents = command.agents
    }
}

/// A share given as 0.85 or as 85 (percent).
private func fraction(_ value: Double, _ option: String, allowZero: Bool = false) throws -> Double {
    guard value.isFinite, value >= 0, allowZero || value > 0 else {
        throw ValidationError("\(option) must be above 0")
    }
    let share = value > 1 ? value / 100 : value
    guard share <= 1 else { throw ValidationError("\(option) must be at most 1 (100 %)") }
    return share
}

/// Seconds, or a number with an `s`, `m` or `h` suffix.
func parseDuration(_ text: String) throws -> Double {
    let trimmed = text.trimmedSpaces()
    let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
    for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
        if let value = Double(trimmed.dropLast(suffix.count)), value > 0, value.isFinite { return value * scale }
    }
    if let value = Double(trimmed), value > 0, value.isFinite { return value }
    throw ValidationError("'\(text)' is not a duration: use seconds, or a number with s, m or h (30m)")
}

extension String {
    fileprivate func trimmedSpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
