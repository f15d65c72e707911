import FloorStaffing

/// The figures `floorwatch staffing` prints, as text for people or one JSON object for tools.
struct StaffingReport {
    var input: StaffingInput
    var agents: Int
    var scheduledAgents: Int
    var performance: QueuePerformance
    var meetsTargets: Bool
    var occupancyBound: Bool
    var searched: Bool

    static func make(_ input: StaffingInput) -> StaffingReport {
        if let agents = input.agents {
            let performance = Staffing.evaluate(
                agents: agents, load: input.load, handleTime: input.handleTime, model: input.model,
                threshold: input.targets.threshold)
            let capOK = input.targets.maximumOccupancy.map { performance.occupancy <= $0 * (1 + 1e-9) } ?? true
            return StaffingReport(
                input: input, agents: agents,
                scheduledAgents: Staffing.scheduled(productive: agents, shrinkage: input.targets.shrinkage),
                performance: performance, meetsTargets: input.targets.isMet(by: performance) && capOK,
                occupancyBound: false, searched: false)
        }
        let requirement = Staffing.required(
            load: input.load, handleTime: input.handleTime, model: input.model, targets: input.targets)
        return StaffingReport(
            input: input, agents: requirement.agents, scheduledAgents: requirement.scheduledAgents,
            performance: requirement.performance, meetsTargets: true, occupancyBound: requirement.occupancyBound,
            searched: true)
    }

    var modelName: String {
        switch input.model {
        case .erlangC: "erlang_c"
        case .erlangA: "erlang_a"
        case .chat: "chat"
        }
    }

    /// Exactly one object; `asa_seconds` is null when the ASA is infinite.
    func json() -> String {
        let serviceLevel = performance.serviceLevel(input.targets.measure)
        var fields: [(String, String)] = [
            ("model", "\"\(modelName)\""),
            ("load_erlangs", number(input.load)),
            ("agents", "\(agents)"),
            ("scheduled_agents", "\(scheduledAgents)"),
            ("probability_wait", number(performance.probabilityWait)),
            ("service_level", number(serviceLevel)),
            ("service_level_measure", "\"\(input.targets.measure.rawValue)\""),
            ("service_level_answered", number(performance.serviceLevelAnswered)),
            ("threshold_seconds", number(input.targets.threshold)),
            ("asa_seconds", performance.averageSpeedOfAnswer.map(number) ?? "null"),
            ("abandon_rate", number(performance.probabilityAbandon)),
            ("occupancy", number(performance.occupancy)),
            ("immediate_answer", number(performance.immediateAnswer)),
            ("stable", "\(performance.isStable)"),
            ("meets_targets", "\(meetsTargets)"),
        ]
        if searched { fields.append(("occupancy_bound", "\(occupancyBound)")) }
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    func text() -> String {
        let targets = input.targets
        var lines: [String] = []
        let modelText: String
        switch input.model {
        case .erlangC: modelText = "Erlang C (callers never hang up)"
        case .erlangA(let patience): modelText = "Erlang A (mean patience \(format(patience, digits: 0)) s)"
        case .chat(let handleTimes, _):
            modelText =
                "chat, up to \(handleTimes.count) at once (AHT \(handleTimes.map { format($0, digits: 0) }.joined(separator: "/")) s)"
        }
        lines.append(
            "\(modelText): \(format(input.load, digits: 2)) Erlangs offered "
                + "(\(format(input.calls, digits: 0)) contacts in \(format(input.intervalSeconds, digits: 0)) s, AHT \(format(input.handleTime, digits: 0)) s)"
        )
        let shrinkageText = targets.shrinkage > 0 ? " (\(percent(targets.shrinkage)) shrinkage)" : ""
        lines.append(
            searched
                ? "agents needed     \(agents) productive, \(scheduledAgents) scheduled\(shrinkageText)"
                    + (occupancyBound ? "; set by the occupancy cap" : "")
                : "agents            \(agents) productive, \(scheduledAgents) scheduled\(shrinkageText)"
        )
        let targetText = targets.serviceLevel.map { " (target \(percent($0)))" } ?? ""
        lines.append(
            "service level     \(percent(performance.serviceLevel(targets.measure))) within "
                + "\(format(targets.threshold, digits: 0)) s [\(targets.measure.rawValue)]\(targetText)")
        lines.append("probability wait  \(percent(performance.probabilityWait))")
        lines.append(
            "ASA               "
                + (performance.averageSpeedOfAnswer.map { "\(format($0, digits: 1)) s" } ?? "infinite (unstable)")
                + (targets.averageSpeedOfAnswer.map { " (target \(format($0, digits: 0)) s)" } ?? ""))
        lines.append(
            "occupancy         \(percent(performance.occupancy))"
                + (targets.maximumOccupancy.map { " (cap \(percent($0)))" } ?? ""))
        if case .erlangC = input.model {
            lines.append("abandonment       0 % (Erlang C assumes nobody hangs up; give --patience for Erlang A)")
        } else {
            lines.append(
                "abandonment       \(percent(performance.probabilityAbandon))"
                    + (targets.maximumAbandon.map { " (cap \(percent($0)))" } ?? ""))
        }
        if !searched { lines.append(meetsTargets ? "meets every target given" : "does NOT meet the targets given") }
        return lines.joined(separator: "\n")
    }
}

private func number(_ value: Double) -> String {
    value.isFinite ? "\(value)" : "null"
}

func percent(_ share: Double) -> String { "\(format(share * 100, digits: 1)) %" }

/// Fixed-point text without Foundation's formatters.
func format(_ value: Double, digits: Int) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (abs(value) * scale).rounded() / scale
    let whole = Int(rounded)
    let sign = value < 0 && rounded > 0 ? "-" : ""
    guard digits > 0 else { return "\(sign)\(whole)" }
    let fraction = Int(((rounded - Double(whole)) * scale).rounded())
    let fractionText = String(fraction)
    return "\(sign)\(whole)." + String(repeating: "0", count: digits - fractionText.count) + fractionText
}
