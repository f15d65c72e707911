import FloorCore

/// A contact center to simulate: queues, agents with routing profiles, demand through the day,
/// handle times, patience, breaks, and an optional surge. Value type; thread-safe.
public struct SimulationProfile: Sendable {
    public struct Queue: Sendable {
        public var name: String
        public var channel: Channel
        /// Share of the channel's arrivals that land here.
        public var share: Double
    }

    public struct AgentGroup: Sendable {
        public var team: String
        public var count: Int
        public var slots: PerChannel<Int>
    }

    /// A surge: arrivals of a channel multiplied for a while (an outage, a price rise).
    public struct Surge: Sendable {
        public var channel: Channel
        /// Seconds after the simulation starts.
        public var start: Double
        public var duration: Double
        public var factor: Double
        public var queue: String?
        /// Seconds over which the factor rises linearly from 1 (0: a step, as in an outage; a
        /// price-rise letter's calls build up over an hour).
        public var rampUp: Double

        public init(
            channel: Channel, start: Double, duration: Double, factor: Double, queue: String?, rampUp: Double = 0
        ) {
            self.channel = channel
            self.start = start
            self.duration = duration
            self.factor = factor
            self.queue = queue
            self.rampUp = rampUp
        }

        /// Whether the surge is on `time` seconds after the start.
        public func contains(_ time: Double) -> Bool { time >= start && time < start + duration }

        /// The factor at `time` seconds after the start: 1 outside the surge.
        public func factor(at time: Double) -> Double {
            guard contains(time) else { return 1 }
            guard rampUp > 0, time < start + rampUp else { return factor }
            return 1 + (factor - 1) * (time - start) / rampUp
        }
    }

    public var name: String
    public var queues: [Queue]
    public var agents: [AgentGroup]
    /// Arrivals per hour at the day's peak, per channel.
    public var peakPerHour: PerChannel<Double>
    /// Demand by hour of day (0–23), 1 = peak.
    public var intraday: [Double]
    /// Handle time (talk + hold) as a lognormal: median seconds and log-spread.
    public var handleMedian: PerChannel<Double>
    public var handleSigma: Double
    /// Mean after-contact work in seconds (exponential; 0 for none).
    public var afterContactWork: PerChannel<Double>
    /// Mean patience of a waiting customer (exponential), live channels only.
    public var patience: PerChannel<Double?>
    /// Share of callers who hang up within a few seconds (misdials): short abandons.
    public var shortAbandonShare: Double
    /// A chat takes this much longer per extra chat its agent already holds.
    public var chatSlowdownPerChat: Double
    public var surges: [Surge]
    /// Every agent takes a 15-minute break and a 30-minute lunch when the day is long enough.
    public var breaks: Bool

    /// The seed customer: an energy retailer, ~250 agents on voice, chat, email and back-office
    /// tasks, a large blended voice+email group, and an outage that triples voice for 30 minutes
    /// 20 minutes into the simulation.
    public static let energyRetailer = SimulationProfile(
        name: "energy-retailer",
        queues: [
            Queue(name: "residential", channel: .voice, share: 0.55),
            Queue(name: "business", channel: .voice, share: 0.15),
            Queue(name: "moves", channel: .voice, share: 0.10),
            Queue(name: "faults", channel: .voice, share: 0.20),
            Queue(name: "web-chat", channel: .chat, share: 1),
            Queue(name: "email", channel: .email, share: 1),
            Queue(name: "back-office", channel: .task, share: 1),
        ],
        agents: [
            AgentGroup(team: "voice", count: 110, slots: PerChannel { $0 == .voice ? 1 : 0 }),
            AgentGroup(team: "blended", count: 70, slots: PerChannel { $0 == .voice || $0 == .email ? 1 : 0 }),
            AgentGroup(team: "digital", count: 35, slots: PerChannel { $0 == .chat ? 3 : 0 }),
            AgentGroup(team: "email", count: 20, slots: PerChannel { $0 == .email ? 1 : 0 }),
            AgentGroup(team: "back-office", count: 15, slots: PerChannel { $0 == .task ? 1 : 0 }),
        ],
        peakPerHour: PerChannel {
            switch $0 {
            case .voice: 1150
            case .chat: 260
            case .email: 260
            case .task: 70
            }
        },
        intraday: [
            0.05, 0.03, 0.02, 0.02, 0.03, 0.06, 0.15, 0.40, 0.80, 1.00, 0.98, 0.92,
            0.85, 0.88, 0.90, 0.85, 0.75, 0.60, 0.40, 0.28, 0.20, 0.14, 0.10, 0.07,
        ],
        handleMedian: PerChannel {
            switch $0 {
            case .voice: 300
            case .chat: 420
            case .email: 360
            case .task: 600
            }
        },
        handleSigma: 0.5,
        afterContactWork: PerChannel {
            switch $0 {
            case .voice: 45
            case .chat: 30
            case .email: 0
            case .task: 0
            }
        },
        patience: PerChannel { $0 == .voice ? 180 : $0 == .chat ? 300 : nil },
        shortAbandonShare: 0.02, chatSlowdownPerChat: 0.3,
        surges: [Surge(channel: .voice, start: 20 * 60, duration: 30 * 60, factor: 3, queue: "faults")],
        breaks: true)

    /// A small floor (~20 agents) for laptops and quick demos.
    public static let small = SimulationProfile(
        name: "small",
        queues: [
            Queue(name: "support", channel: .voice, share: 1), Queue(name: "chat", channel: .chat, share: 1),
            Queue(name: "email", channel: .email, share: 1),
        ],
        agents: [
            AgentGroup(team: "voice", count: 8, slots: PerChannel { $0 == .voice ? 1 : 0 }),
            AgentGroup(team: "blended", count: 6, slots: PerChannel { $0 == .voice || $0 == .email ? 1 : 0 }),
            AgentGroup(team: "chat", count: 4, slots: PerChannel { $0 == .chat ? 2 : 0 }),
            AgentGroup(team: "email", count: 2, slots: PerChannel { $0 == .email ? 1 : 0 }),
        ],
        peakPerHour: PerChannel {
            switch $0 {
            case .voice: 90
            case .chat: 30
            case .email: 25
            case .task: 0
            }
        },
        intraday: SimulationProfile.energyRetailer.intraday,
        handleMedian: SimulationProfile.energyRetailer.handleMedian, handleSigma: 0.5,
        afterContactWork: SimulationProfile.energyRetailer.afterContactWork,
        patience: SimulationProfile.energyRetailer.patience, shortAbandonShare: 0.02, chatSlowdownPerChat: 0.3,
        surges: [Surge(channel: .voice, start: 20 * 60, duration: 30 * 60, factor: 3, queue: nil)], breaks: true)

    /// The energy retailer on a quiet day: the same demand without the outage, and a voice team
    /// scheduled for its breaks and lunches (130 instead of 110: without them a quarter of the
    /// floor is away in the peak hour and the service level dips below target), the day on which
    /// nothing should warn or page anyone.
    public static let energyRetailerQuiet: SimulationProfile = {
        var quiet = energyRetailer
        quiet.name = "energy-retailer-quiet"
        quiet.surges = []
        quiet.agents[0].count = 130
        return quiet
    }()

    public static let all = [energyRetailer, energyRetailerQuiet, small]

    public static func named(_ name: String) -> SimulationProfile? { all.first { $0.name == name } }
}
