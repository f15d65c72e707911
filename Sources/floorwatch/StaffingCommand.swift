import ArgumentParser
import FloorStaffing
import Glibc

/// `floorwatch staffing`: the offline calculator WFM analysts expect (Erlang C, Erlang A with
/// patience, chat with concurrency), on the same math the daemon's recommender uses.
struct StaffingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staffing",
        abstract:
            "Agents needed for a service-level, ASA, occupancy or abandonment target (or the figures for --agents).",
        discussion: """
            Erlang A when --patience is given, Erlang C otherwise; --chat-aht switches to the chat model
            with concurrency. Fractions may be given as 0.85 or as 85 (percent).
            Example: floorwatch staffing --calls 100 --interval 30m --aht 180 --target 80/20 --shrinkage 0.3
            """)

    @Option(help: "Contacts offered in the interval.")
    var calls: Double

    @Option(help: "The interval: seconds, or a number with s, m or h (1800, 30m, 0.5h).")
    var interval: String

    @Option(help: "Average handle time in seconds (talk + hold + after-contact work).")
    var aht: Double

    @Option(help: "Service-level target as P/T: 80/20 is 80 % answered within 20 s.")
    var target: String?

    @Option(help: "Service-level threshold T in seconds when --target is not given.")
    var threshold: Double = 20

    @Option(name: .customLong("asa-target"), help: "Highest acceptable average speed of answer (seconds).")
    var asaTarget: Double?

    @Option(help: "Mean patience of a waiting caller in seconds (switches to Erlang A).")
    var patience: Double?

    @Option(name: .customLong("max-occupancy"), help: "Occupancy cap (fraction).")
    var maxOccupancy: Double?

    @Option(name: .customLong("max-abandon"), help: "Abandonment cap (fraction; Erlang A).")
    var maxAbandon: Double?

    @Option(help: "Shrinkage: share of paid time not productive (fraction).")
    var shrinkage: Double = 0

    @Option(help: "Evaluate this many productive agents instead of searching.")
    var agents: Int?

    @Option(
        help: "Service-level measure: \(ServiceLevelMeasure.allCases.map(\.rawValue).joined(separator: ", ")).")
    var measure: String = ServiceLevelMeasure.offered.rawValue

    @Option(
        name: .customLong("chat-aht"),
        help: "Chat model: handle time in seconds at concurrency 1,2,…,k (e.g. 300,390,480).")
    var chatAHT: String?

    @Flag(help: "Print exactly one JSON object.")
    var json = false

    func run() throws {
        let input = try StaffingInput(command: self)
        let report = StaffingReport.make(input)
        if !report.performance.isStable {
            printError(
                "unstable: \(report.agents) agents cannot carry \(format(input.load, digits: 2)) Erlangs when nobody "
                    + "hangs up (Erlang C needs more agents than the offered load); the queue grows without bound, "
                    + "so the probability of waiting is 1, the service level 0 and the ASA infinite.")
        }
        print(json ? report.json() : report.text())
    }
}
