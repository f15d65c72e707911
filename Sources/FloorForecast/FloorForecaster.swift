import FloorCore
import FloorStaffing

/// The floor's next hour: every channel's and queue's arrivals forecast, and the live channels'
/// queues projected with the predictive service-level alert, kept up to date from the published
/// snapshots once per completed minute.
///
/// What it learns: per scope, the minutes' arrivals (`ArrivalForecaster`, corrected by the
/// intraday profile when the profile has seen that weekday and quarter hour), handle time and
/// patience (`ServiceTimeEstimate`), and, at each completed quarter hour, the intraday profile
/// itself (`IntradayProfile`, which the daemon keeps across restarts). A minute's arrivals are
/// read from the scope's per-minute arrivals; its answers, abandons, waits and handle times are
/// the change of the scope's day figures since the minute before.
///
/// Agents: voice's servers are every agent who can take calls and is not away (voice comes first:
/// an agent on an email takes the next call once it is done, well within the horizon); chat's are
/// the chat slots of the agents whose capacity is on chat now (the recommender's allocation).
/// Queues get arrival forecasts only: agents serve several queues, so a queue's servers are not
/// known.
///
/// Pure (time comes from the snapshots, the local calendar is passed in). Value type; not for
/// concurrent mutation (the engine loop owns it); its `board` is a value to publish.
public struct FloorForecaster: Sendable {
    public struct Settings: Sendable, Equatable {
        /// Minutes of arrivals forecast (60).
        public var horizonMinutes: Int
        /// Minutes of queue projection (30).
        public var projectionMinutes: Int
        public var alertPolicy: PredictiveAlertPolicy
        /// Handle time before any is measured, seconds per channel.
        public var defaultHandleTime: PerChannel<Double>
        /// Patience before any abandon is measured, seconds.
        public var defaultPatience: Double

        public init(
            horizonMinutes: Int = 60, projectionMinutes: Int = 30,
            alertPolicy: PredictiveAlertPolicy = .init(),
            defaultHandleTime: PerChannel<Double> = PerChannel { $0 == .voice ? 300 : $0 == .chat ? 600 : 480 },
            defaultPatience: Double = 180
        ) {
            self.horizonMinutes = max(1, horizonMinutes)
            self.projectionMinutes = max(1, min(projectionMinutes, horizonMinutes))
            self.alertPolicy = alertPolicy
            self.defaultHandleTime = defaultHandleTime
            self.defaultPatience = defaultPatience
        }
    }

    struct ScopeState: Sendable {
        var arrivals = ArrivalForecaster()
        var serviceTimes: ServiceTimeEstimate
        /// The last completed minutes, oldest first (the trailing service level's past); channels only.
        var recent: [MinuteObservation] = []
        var alert: PredictiveAlertState
        /// The scope's day figures at the previous minute boundary.
        var previousDay: WindowCounts?
        /// The quarter hour being accumulated for the profile, its arrivals and minutes seen.
        var quarter: ProfileCell?
        var quarterArrivals = 0.0
        var quarterMinutes = 0
    }

    struct ProfileCell: Sendable, Equatable {
        var weekday: Int
        var quarter: Int
    }

    public let settings: Settings
    /// The learned intraday profile of each scope (restored and saved by the daemon).
    public private(set) var profiles: [ForecastScope: IntradayProfile]
    var states: [ForecastScope: ScopeState] = [:]
    /// The minute (since the epoch) of the newest snapshot taken.
    var currentMinute: Int64?
    public private(set) var board: ForecastBoard

    public init(settings: Settings = Settings(), profiles: [ForecastScope: IntradayProfile] = [:]) {
        self.settings = settings
        self.profiles = profiles
        board = ForecastBoard(generatedAt: EventTime(milliseconds: 0), scopes: [])
    }

    /// Takes a published snapshot. Works once per new minute of the snapshot's clock: learns the
    /// minutes completed since the last one, forecasts and projects. Returns the predictive
    /// alerts raised or cleared.
    public mutating func observe(_ snapshot: FloorSnapshot, calendar: some SiteCalendar) -> [PredictiveAlertChange] {
        let minute = floorDivide(snapshot.generatedAt.milliseconds, 60_000)
        guard let previous = currentMinute else {
            currentMinute = minute
            remember(snapshot)
            resumeArrivals(snapshot, before: minute, calendar: calendar)
            return []
        }
        guard minute > previous else {
            // The clock went back (the event clock taking over from the wall clock): start over.
            if minute < previous { currentMinute = minute }
            return []
        }
        currentMinute = minute
        let completed = (max(previous, minute - 60))..<minute
        var changes: [PredictiveAlertChange] = []
        var scopes: [ScopeForecast] = []
        var agents = PerChannel(repeating: 0)
        var servers = PerChannel(repeating: 0)
        for agent in snapshot.agents {
            guard let channel = allocation(of: agent) else { continue }
            agents[channel] += 1
            // Voice comes first: every agent who can take calls and is not away will take the
            // next one once the work in hand is done (within the horizon), whatever it is now.
            if channel != .voice { servers[channel] += max(1, agent.slots[channel]) }
            if agent.slots.voice > 0 { servers.voice += 1 }
        }
        var inputs: [Channel: ProjectionInputs] = [:]
        for channel in Channel.allCases {
            let scope = ForecastScope.channel(channel)
            let figures = snapshot.channels[channel]
            learn(scope, figures, minutes: completed, calendar: calendar)
            let (result, projection) = forecast(
                scope, figures, snapshot: snapshot, minute: minute, calendar: calendar,
                agents: (agents[channel], servers[channel]), changes: &changes)
            scopes.append(result)
            inputs[channel] = projection
        }
        for name in snapshot.queues.keys.sorted() {
            guard let figures = snapshot.queues[name] else { continue }
            let scope = ForecastScope.queue(name)
            // A queue that never had a contact costs nothing (floors with thousands of quiet queues).
            if states[scope] == nil, figures.today.map({ $0[.offered] == 0 }) ?? true { continue }
            learn(scope, figures, minutes: completed, calendar: calendar)
            let (result, _) = forecast(
                scope, figures, snapshot: snapshot, minute: minute, calendar: calendar, agents: nil, changes: &changes)
            scopes.append(result)
        }
        board = ForecastBoard(
            generatedAt: snapshot.generatedAt, scopes: scopes, agents: agents, projectionInputs: inputs)
        return changes
    }

    /// The day figures at the first snapshot, so the first minute's changes are the minute's.
    private mutating func remember(_ snapshot: FloorSnapshot) {
        for (scope, figures) in Self.scopesWithContacts(snapshot) {
            var state = states[scope] ?? newState(figures.channel ?? .voice)
            state.previousDay = figures.today?.counts
            states[scope] = state
        }
    }

    /// At the first snapshot, the arrivals of the minutes its windows already hold (a restarted
    /// daemon's restored last hour), from the first minute with an arrival to the last: a restart mid-outage
    /// keeps its forecast warm instead of starting cold for `warmUpMinutes`. A fresh engine's
    /// windows are empty, so nothing is learned. Arrivals only: the answers and waits of those
    /// minutes are not in the day figures' changes, and the profile already learned their quarters
    /// before the restart (learning them again would count a day twice).
    private mutating func resumeArrivals(_ snapshot: FloorSnapshot, before minute: Int64, calendar: some SiteCalendar) {
        for (scope, figures) in Self.scopesWithContacts(snapshot) {
            // The last entry is the current (partial) minute.
            let perMinute = Self.arrivalsPerMinute(figures).dropLast()
            // From the first minute with an arrival to the last: the zeros after it are most
            // likely the minutes the daemon was down, a gap for the smoothing, not a quiet floor.
            guard let first = perMinute.firstIndex(where: { $0 > 0 }),
                let last = perMinute.lastIndex(where: { $0 > 0 })
            else { continue }
            var state = states[scope] ?? newState(figures.channel ?? .voice)
            for index in first...last {
                let past = minute - Int64(perMinute.endIndex - index)
                let cell = profileCell(EventTime(milliseconds: past * 60_000), calendar: calendar)
                let rate = profiles[scope]?.smoothedPerMinute(weekday: cell.weekday, quarter: cell.quarter)
                state.arrivals.observe(minute: past, arrivals: Double(perMinute[index]), profileRate: rate)
            }
            states[scope] = state
        }
    }

    /// Every channel, and the queues that had a contact today (a floor may have thousands of
    /// quiet queues).
    private static func scopesWithContacts(_ snapshot: FloorSnapshot) -> [(ForecastScope, ScopeSnapshot)] {
        let channels = Channel.allCases.map { (ForecastScope.channel($0), snapshot.channels[$0]) }
        let queues = snapshot.queues.filter { $0.value.today.map { $0[.offered] > 0 } ?? false }
            .map { (ForecastScope.queue($0.key), $0.value) }
        return channels + queues
    }

    /// A scope's arrivals per minute over its longest window, ending with the current minute.
    private static func arrivalsPerMinute(_ figures: ScopeSnapshot) -> MinuteCounts {
        figures.windows.max { $0.length < $1.length }?.arrivalsPerMinute ?? []
    }

    private func newState(_ channel: Channel) -> ScopeState {
        ScopeState(
            serviceTimes: ServiceTimeEstimate(
                priorHandleTime: settings.defaultHandleTime[channel], priorPatience: settings.defaultPatience),
            alert: PredictiveAlertState(policy: settings.alertPolicy))
    }

    /// Learns the completed `minutes` of one scope.
    private mutating func learn(
        _ scope: ForecastScope, _ figures: ScopeSnapshot, minutes: Range<Int64>, calendar: some SiteCalendar
    ) {
        var state = states[scope] ?? newState(figures.channel ?? .voice)
        defer { states[scope] = state }
        // Arrivals per minute: the window's minutes end with the current (partial) one.
        let perMinute = Self.arrivalsPerMinute(figures)
        let day = figures.today?.counts
        var change = MinuteObservation(arrivals: 0)
        if let day {
            let before = state.previousDay
            // A new day starts its counts at zero: the change is the new day's figures.
            let fresh = before.map { day[.offered] < $0[.offered] } ?? true
            func delta(_ field: WindowField) -> Int64 {
                guard let before, !fresh else { return day[field] }
                return max(0, day[field] - before[field])
            }
            change = MinuteObservation(
                arrivals: 0, answered: Int(delta(.answered)),
                answeredWithinThreshold: Int(delta(.answeredWithinThreshold)),
                abandoned: Int(delta(.abandoned)), abandonedWithinThreshold: Int(delta(.abandonedWithinThreshold)),
                waitSeconds: Double(delta(.answeredWaitMs) + delta(.abandonedWaitMs) + delta(.timedOutWaitMs)) / 1000,
                handled: Int(delta(.handled)), handleSeconds: Double(delta(.handleMs)) / 1000)
            state.previousDay = day
        }
        for minute in minutes {
            // The window's last entry is the current minute; minute m is `current − m` entries before it.
            let back = Int(minutes.upperBound - minute)
            // A slice: its indices need not start at 0.
            let arrivals = back < perMinute.count ? Double(perMinute[perMinute.endIndex - 1 - back]) : 0
            let start = EventTime(milliseconds: minute * 60_000)
            let cell = profileCell(start, calendar: calendar)
            let rate = profiles[scope]?.smoothedPerMinute(weekday: cell.weekday, quarter: cell.quarter)
            state.arrivals.observe(minute: minute, arrivals: arrivals, profileRate: rate)
            // The answers and waits since the last snapshot belong to the last completed minute.
            var observation = minute == minutes.upperBound - 1 ? change : MinuteObservation(arrivals: 0)
            observation.arrivals = Int(arrivals)
            state.serviceTimes.observe(minute: minute, observation)
            // Only channels are projected, so only they need the trailing minutes (a floor may have
            // thousands of queues).
            if case .channel = scope {
                state.recent.append(observation)
                if state.recent.count > QueueProjection.trailingWindowMinutes - 1 { state.recent.removeFirst() }
            }
            // The profile learns whole quarter hours only (not the part seen after a start).
            if state.quarter != cell {
                if let finished = state.quarter, state.quarterMinutes >= 15 {
                    profiles[scope, default: IntradayProfile()].learn(
                        weekday: finished.weekday, quarter: finished.quarter, arrivals: state.quarterArrivals)
                }
                state.quarter = cell
                state.quarterArrivals = 0
                state.quarterMinutes = 0
            }
            state.quarterArrivals += arrivals
            state.quarterMinutes += 1
        }
    }

    /// One scope's forecast, and for a live channel (`agents`: its agents and their servers) its
    /// projection, what it was made from, and its predictive alert.
    private mutating func forecast(
        _ scope: ForecastScope, _ figures: ScopeSnapshot, snapshot: FloorSnapshot, minute: Int64,
        calendar: some SiteCalendar, agents: (count: Int, servers: Int)?, changes: inout [PredictiveAlertChange]
    ) -> (ScopeForecast, ProjectionInputs?) {
        guard var state = states[scope] else {
            return (ScopeForecast(scope: scope, channel: figures.channel, isWarm: false), nil)
        }
        defer { states[scope] = state }
        let profile = profiles[scope]
        let points = state.arrivals.forecast(from: minute - 1, horizon: settings.horizonMinutes) { later in
            let cell = profileCell(EventTime(milliseconds: later * 60_000), calendar: calendar)
            return profile?.smoothedPerMinute(weekday: cell.weekday, quarter: cell.quarter)
        }
        var result = ScopeForecast(
            scope: scope, channel: figures.channel, isWarm: state.arrivals.isWarm,
            arrivals: ArrivalForecastInterval.summing(points, length: 5),
            handleTimeSeconds: state.serviceTimes.handleTime, patienceSeconds: state.serviceTimes.patience)
        guard case .channel(let channel) = scope, channel.isLive, state.arrivals.isWarm, let agents else {
            return (result, nil)
        }
        let goal = figures.goal ?? ServiceLevelGoal.channelDefault(channel)
        let objective = ServiceLevelObjective(
            thresholdSeconds: Double(goal.threshold) / 1000, target: goal.target,
            measure: ProjectedServiceLevelMeasure(goal.definition) ?? .answeredWithinThreshold)
        let servers = agents.servers
        let now = QueueConditions(
            waiting: Double(figures.inQueue), oldestWaitSeconds: Double(figures.oldestWait ?? 0) / 1000,
            agents: servers, handleTime: state.serviceTimes.handleTime, patience: state.serviceTimes.patience)
        let horizon = Array(points.prefix(settings.projectionMinutes))
        let trajectory = QueueProjection(
            now: now, objective: objective, arrivalsPerMinute: horizon.map(\.expected), recentMinutes: state.recent)
        let prediction = BreachPrediction(
            now: now, objective: objective, forecast: horizon, recentMinutes: state.recent)
        let current = figures.window("15m")?.serviceLevel
        switch state.alert.evaluate(prediction, currentServiceLevel: current, target: goal.target) {
        case .raised(let raised)?:
            changes.append(PredictiveAlertChange(scope: scope, raised: raised, at: snapshot.generatedAt))
        case .cleared?: changes.append(PredictiveAlertChange(scope: scope, raised: nil, at: snapshot.generatedAt))
        case nil: break
        }
        result.agents = servers
        result.objective = objective
        result.trajectory = trajectory.minutes
        result.breach = prediction
        // Once the service level is below target the prediction has come true and the ordinary
        // service-level alert speaks for it: the warning ahead of it ends.
        result.alertRaised = state.alert.isRaised && !(current.map { $0 < goal.target } ?? false)
        return (
            result,
            ProjectionInputs(
                conditions: now, objective: objective, forecast: horizon, recentMinutes: state.recent,
                serversPerAgent: channel == .voice || agents.count == 0
                    ? 1 : Double(agents.servers) / Double(agents.count))
        )
    }

    private func profileCell(_ time: EventTime, calendar: some SiteCalendar) -> ProfileCell {
        let day = calendar.localDay(containing: time)
        let quarter = Int((time - day.lowerBound) / Milliseconds.minutes(15))
        return ProfileCell(
            weekday: calendar.weekday(of: time), quarter: min(IntradayProfile.quartersPerDay - 1, max(0, quarter)))
    }
}
