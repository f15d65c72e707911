import FloorCore
import FloorTestSupport

/// A small deterministic contact center for recommender tests: seeded Poisson arrivals,
/// exponential handle times and patience, voice-first routing across blended agents, driving
/// the real engine with canonical events one second at a time. Routing profiles can be changed
/// the way a supervisor acting on a recommendation would.
struct MiniFloor {
    struct Agent {
        var id: String
        var profile: RoutingProfile
        var busyUntil = 0.0
        var contact: String?
    }

    let engine: FloorEngine
    var rng = SplitMix64(seed: 7)
    var time = 0.0
    var agents: [Agent] = []
    var voiceQueue: [(id: String, since: Double, patience: Double)] = []
    var emailQueue: [String] = []
    var voicePerHour = 60.0
    var emailPerHour = 24.0
    var voiceHandleTime = 300.0
    var emailHandleTime = 600.0
    var patience = 120.0
    private var nextID = 0

    static let voiceOnly = RoutingProfile(slots: PerChannel { $0 == .voice ? 1 : 0 })
    static let blended = RoutingProfile(slots: PerChannel { $0 == .voice || $0 == .email ? 1 : 0 })

    init(voiceOnly: Int, blended: Int, emailDeadline: Milliseconds) {
        engine = FloorEngine.eventClock {
            $0.channelGoals.email = ServiceLevelGoal(threshold: emailDeadline, target: 0.9)
        }
        var script = Script()
        for index in 0..<(voiceOnly + blended) {
            let id = index < voiceOnly ? "v\(index)" : "b\(index - voiceOnly)"
            let profile = index < voiceOnly ? Self.voiceOnly : Self.blended
            agents.append(Agent(id: id, profile: profile))
            script.agent(id, .login(name: nil, team: nil), at: 0)
            script.agent(id, .profile(profile), at: 0)
            script.agent(id, .status(.available), at: 0)
        }
        engine.apply(script.events, wallNow: Script.at(0))
    }

    /// Runs the floor second by second up to `end`.
    mutating func run(until end: Double) {
        while time < end {
            time += 1
            var script = Script()
            arrivals(&script)
            abandons(&script)
            completions(&script)
            route(&script)
            engine.apply(script.events, wallNow: Script.at(time))
        }
    }

    func snapshot() -> FloorSnapshot { engine.makeSnapshot(wallNow: Script.at(time)) }

    /// A supervisor changes these agents' routing profile (it applies to their next contact).
    mutating func setProfile(_ ids: [String], _ profile: RoutingProfile) {
        var script = Script()
        for index in agents.indices where ids.contains(agents[index].id) {
            agents[index].profile = profile
            script.agent(agents[index].id, .profile(profile), at: time)
        }
        engine.apply(script.events, wallNow: Script.at(time))
    }

    private mutating func arrivals(_ script: inout Script) {
        if rng.unit() < voicePerHour / 3600 {
            let id = "call\(nextID)"
            nextID += 1
            voiceQueue.append((id, time, rng.exponential(mean: patience)))
            script.queued(id, "residential", .voice, at: time)
        }
        if rng.unit() < emailPerHour / 3600 {
            let id = "mail\(nextID)"
            nextID += 1
            emailQueue.append(id)
            script.queued(id, "email", .email, at: time)
        }
    }

    private mutating func abandons(_ script: inout Script) {
        let now = time
        for caller in voiceQueue where now - caller.since > caller.patience {
            script.ended(caller.id, .abandoned, at: now)
        }
        voiceQueue.removeAll { now - $0.since > $0.patience }
    }

    private mutating func completions(_ script: inout Script) {
        for index in agents.indices {
            guard let contact = agents[index].contact, agents[index].busyUntil <= time else { continue }
            script.ended(contact, at: time)
            agents[index].contact = nil
        }
    }

    /// Voice first: a free agent takes the longest-waiting caller if voice is in its profile,
    /// else the oldest email if email is.
    private mutating func route(_ script: inout Script) {
        for index in agents.indices where agents[index].contact == nil {
            if agents[index].profile.handles(.voice), !voiceQueue.isEmpty {
                let caller = voiceQueue.removeFirst()
                connect(index, caller.id, duration: rng.exponential(mean: voiceHandleTime), &script)
            } else if agents[index].profile.handles(.email), !emailQueue.isEmpty {
                connect(index, emailQueue.removeFirst(), duration: rng.exponential(mean: emailHandleTime), &script)
            }
        }
    }

    private mutating func connect(_ index: Int, _ contact: String, duration: Double, _ script: inout Script) {
        agents[index].contact = contact
        agents[index].busyUntil = time + max(1, duration.rounded())
        script.connected(contact, agent: agents[index].id, at: time)
    }
}
