import FloorCore

/// One channel's staffing picture for a tick: the requirement with the numbers behind it, and
/// the projection at any staffing (for marginal gains and before/after figures).
struct ChannelAssessment {
    var requirement: ChannelRequirement
    /// Projected figures with this many productive agents.
    var project: (Int) -> ChannelProjection
    /// The channel needs more agents now (its trigger fired), and how many.
    var deficit: Int
    /// The conditional (next arrival) signal fired this tick.
    var conditionalPressure: Bool
    /// Deferred work past its ageing share of the deadline.
    var ageing: Bool
    var target: Double
    /// The forecast's prediction this assessment acted on (nil when it acted on the present).
    var outlook: ForecastOutlook? = nil

    var channel: Channel { requirement.channel }
    var staffed: Int { requirement.staffed }
}

/// Where an agent's capacity is now: the channel of the contacts in hand (voice first), or, when
/// idle, the first channel of its routing profile by priority (voice, chat, email, task). Away
/// and offline agents give no capacity.
public func allocation(of agent: AgentSnapshot) -> Channel? {
    guard agent.activity != .away, agent.activity != .offline else { return nil }
    for channel in Channel.allCases where agent.inUse[channel] > 0 { return channel }
    return Channel.allCases.first { agent.slots[$0] > 0 }
}

extension ChannelAssessment {
    /// Builds a channel's assessment from the snapshot. `pressureTicks` is how many ticks in a row
    /// the conditional signal has fired before this one.
    /// `outlook`: the forecast's predicted fall below target, acted on when the settings say so
    /// and nothing in the present has triggered yet.
    static func assess(
        _ channel: Channel, snapshot: FloorSnapshot, staffed: Int, agents: [AgentSnapshot],
        settings: RecommenderSettings, pressureTicks: Int, outlook: ForecastOutlook? = nil
    ) -> (ChannelAssessment, pressure: Bool) {
        let scope = snapshot.channels[channel]
        let goal = scope.goal ?? ServiceLevelGoal.channelDefault(channel)
        let threshold = Double(goal.threshold) / 1000
        let window = scope.window(settings.window) ?? scope.windows.last
        let responsive = scope.window(settings.responsiveWindow)
        let rate = { (window: WindowSnapshot?) -> Double in
            guard let window, window.length > 0 else { return 0 }
            return Double(window[.offered]) / (Double(window.length) / 1000)
        }
        // The short window wins only when it is significantly above the long one (3 σ of a
        // Poisson count): a surge shows within minutes, noise does not move agents.
        var arrivalRate = rate(window)
        if let responsive {
            let expected = arrivalRate * Double(responsive.length) / 1000
            if Double(responsive[.offered]) > expected + 3 * max(1, expected).squareRoot() {
                arrivalRate = max(arrivalRate, rate(responsive))
            }
        }
        // Handle time and patience barely move with a surge; the longest window has the most
        // contacts behind them (a 15-minute sample of 40 calls is ±15 %).
        let longest = scope.windows.last
        let handleTime =
            longest?.averageHandleTime.map { $0 / 1000 } ?? window?.averageHandleTime.map { $0 / 1000 }
            ?? settings.defaultHandleTime[channel]
        // Counted in place: the waiting list is the snapshot's largest, and a copy of it per
        // channel each evaluation was the largest transient allocation of a busy floor's tick.
        var waitingCount = 0
        var oldestWait: Milliseconds?
        for contact in snapshot.waiting where contact.channel == channel {
            waitingCount += 1
            oldestWait = max(oldestWait ?? 0, contact.wait)
        }
        let oldest = oldestWait.map { Double($0) / 1000 }
        var requirement = ChannelRequirement(
            channel: channel, model: "", arrivalsPerHour: arrivalRate * 3600, handleTimeSeconds: handleTime,
            patienceSeconds: nil, staffed: staffed, required: 0, slack: 0, waiting: waitingCount,
            oldestWaitSeconds: oldest, serviceLevelTarget: goal.target, thresholdSeconds: threshold,
            now: ChannelProjection(agents: staffed))
        if channel.isLive {
            var (assessment, pressure) = live(
                &requirement, window: longest ?? window, arrivalRate: arrivalRate, handleTime: handleTime,
                agents: agents,
                available: scope.agents.available, settings: settings, pressureTicks: pressureTicks)
            guard settings.actOnForecast, assessment.deficit == 0, let outlook else { return (assessment, pressure) }
            // Nothing has happened yet, but the forecast sees the fall coming: size the channel
            // for the arrivals it expects, at least one agent more.
            var ahead = requirement
            let forecastRate = max(arrivalRate, outlook.arrivalsPerHour / 3600)
            ahead.arrivalsPerHour = forecastRate * 3600
            let (sized, _) = live(
                &ahead, window: longest ?? window, arrivalRate: forecastRate, handleTime: handleTime, agents: agents,
                available: scope.agents.available, settings: settings, pressureTicks: 0)
            assessment.requirement.required = max(requirement.required, sized.requirement.required, staffed + 1)
            assessment.deficit = max(1, assessment.requirement.required - staffed)
            assessment.outlook = outlook
            return (assessment, pressure)
        }
        // Deferred work is also done by idle agents who have it in their profile: voice-first
        // routing gives them a call when one waits, and the next item otherwise.
        requirement.staffed +=
            agents.filter {
                $0.activity == .available && $0.contacts.isEmpty && $0.slots[channel] > 0
                    && allocation(of: $0) != channel
            }.count
        requirement.now = ChannelProjection(agents: requirement.staffed)
        // Each item is due by its own queue's deadline (queues of one channel may differ).
        var items: [(wait: Milliseconds, deadline: Double)] = []
        items.reserveCapacity(waitingCount)
        for contact in snapshot.waiting where contact.channel == channel {
            let deadline = snapshot.queues[contact.queue]?.goal.map { Double($0.threshold) / 1000 } ?? threshold
            items.append((contact.wait, deadline))
        }
        return (deferred(&requirement, waiting: items, arrivalRate: arrivalRate, settings: settings), false)
    }

    private static func live(
        _ requirement: inout ChannelRequirement, window: WindowSnapshot?, arrivalRate: Double, handleTime: Double,
        agents: [AgentSnapshot], available: Int, settings: RecommenderSettings, pressureTicks: Int
    ) -> (ChannelAssessment, pressure: Bool) {
        let channel = requirement.channel
        let target = requirement.serviceLevelTarget
        let threshold = requirement.thresholdSeconds
        // Patience = waiting time of every caller over the abandons (short ones excluded).
        var patience: Double?
        if let window, window.abandonedExcludingShort > 0 {
            patience = max(1, Double(window.totalWaitMs) / 1000 / Double(window.abandonedExcludingShort))
        }
        requirement.patienceSeconds = patience
        let model: StaffingModel
        var concurrency = 1
        if channel == .chat {
            let levels = agents.filter { allocation(of: $0) == .chat }.map { max(1, $0.slots.chat) }
            concurrency = levels.max() ?? 1
            let handleTimes = (1...concurrency).map { level -> Double in
                guard let window, window[.chatHandled(level: level)] >= 3 else { return handleTime }
                return Double(window[.chatHandleMs(level: level)]) / Double(window[.chatHandled(level: level)]) / 1000
            }
            model = .chat(handleTimes: handleTimes, patience: patience)
            requirement.model = "chat"
        } else {
            model = patience.map { .erlangA(patience: $0) } ?? .erlangC
            requirement.model = patience == nil ? "erlang_c" : "erlang_a"
        }
        let load = arrivalRate * handleTime
        let project = { (agents: Int) -> ChannelProjection in
            guard arrivalRate > 0 else { return ChannelProjection(agents: agents, serviceLevel: nil) }
            // Contacts a minute beyond what the agents answer (each agent answers 60/AHT a minute).
            let shortfall = (arrivalRate - Double(agents * concurrency) / handleTime) * 60
            guard agents >= 1 else {
                return ChannelProjection(
                    agents: agents, serviceLevel: 0, abandonsPerHour: patience.map { _ in arrivalRate * 3600 },
                    queueGrowthPerMinute: patience == nil ? arrivalRate * 60 : nil)
            }
            let performance = Staffing.evaluate(
                agents: agents, load: load, handleTime: handleTime, model: model, threshold: threshold)
            return ChannelProjection(
                agents: agents, serviceLevel: performance.serviceLevelOffered,
                averageSpeedOfAnswer: performance.averageSpeedOfAnswer,
                abandonsPerHour: patience.map { _ in arrivalRate * 3600 * performance.probabilityAbandon },
                queueGrowthPerMinute: !performance.isStable && shortfall > 0 ? shortfall : nil,
                expectedWaitSeconds: performance.meanWait)
        }
        var required = 0
        if arrivalRate > 0 {
            let targets = StaffingTargets(
                serviceLevel: target, threshold: threshold, maximumOccupancy: settings.maximumOccupancy,
                maximumAbandon: patience == nil ? nil : settings.maximumAbandon)
            required = Staffing.required(load: load, handleTime: handleTime, model: model, targets: targets).agents
        }
        // The next caller's outlook given the queue right now (all agents busy, q ahead).
        let staffed = requirement.staffed
        let waitingNow = requirement.waiting
        var pressure = false
        var extra = 0
        if waitingNow > 0, available == 0 {
            let outlook = { (agents: Int) -> Double in
                let servers = agents * concurrency
                if let patience {
                    return ConditionalWait.erlangA(
                        waiting: waitingNow, agents: servers, handleTime: handleTime, patience: patience,
                        threshold: threshold
                    ).probabilityAnsweredWithinThreshold
                }
                return ConditionalWait.erlangC(
                    waiting: waitingNow, agents: servers, handleTime: handleTime, threshold: threshold
                ).probabilityAnsweredWithinThreshold
            }
            if outlook(staffed) < target {
                pressure = true
                // The formula assumes the added agents are busy too; an agent who moves is idle
                // and takes a waiting contact at once, so the queue plus the next caller is enough.
                let cap = waitingNow + 1
                extra = fewestAdded(upTo: cap) { outlook(staffed + $0) >= target } ?? cap
            }
        }
        let now = project(staffed)
        requirement.now = now
        requirement.required = max(required, pressure ? staffed + extra : 0)
        // Slack: agents the channel can give away and stay at target + margin.
        var slack = 0
        if arrivalRate == 0 && requirement.waiting == 0 {
            slack = staffed
        } else {
            while slack < staffed - 1, staffed - slack - 1 >= requirement.required,
                let level = project(staffed - slack - 1).serviceLevel, level >= target + settings.releaseMargin
            {
                slack += 1
            }
        }
        requirement.slack = slack
        let belowTarget = arrivalRate > 0 && (now.serviceLevel ?? 1) < target - settings.triggerMargin
        let conditional = pressure && pressureTicks + 1 >= settings.conditionalTicks
        let triggered = belowTarget || conditional
        let deficit = triggered ? max(1, requirement.required - staffed) : 0
        return (
            ChannelAssessment(
                requirement: requirement, project: project, deficit: deficit, conditionalPressure: pressure,
                ageing: false, target: target), pressure
        )
    }

    private static func deferred(
        _ requirement: inout ChannelRequirement, waiting: [(wait: Milliseconds, deadline: Double)],
        arrivalRate: Double, settings: RecommenderSettings
    ) -> ChannelAssessment {
        let deadline = requirement.thresholdSeconds
        let handleTime = requirement.handleTimeSeconds
        let items = waiting.map { item in
            DeferredItem(dueIn: item.deadline - Double(item.wait) / 1000, work: handleTime)
        }
        let need = DeferredWork.deadlineCapacity(
            items: items, arrivalRate: arrivalRate, handleTime: handleTime, deadline: deadline)
        requirement.model = "deadline"
        requirement.required = need.erlangs > 0 ? safeCeil(need.erlangs / settings.deferredOccupancy) : 0
        let work = Double(items.count) * handleTime
        let occupancy = settings.deferredOccupancy
        let project = { (agents: Int) -> ChannelProjection in
            let net = Double(agents) * occupancy - arrivalRate * handleTime
            return ChannelProjection(
                agents: agents, backlogClearingSeconds: work == 0 ? 0 : net > 0 ? work / net : nil)
        }
        requirement.now = project(requirement.staffed)
        let ageing = waiting.contains { Double($0.wait) / 1000 >= settings.deferredAgeingShare * $0.deadline }
        // As a donor, deferred work need only meet the deadlines of what is already waiting
        // (new items are due a whole deadline later): that is what makes it the buffer that
        // absorbs a voice surge. Nothing is given while an item would be at risk within the dwell.
        let backlogNeed = DeferredWork.deadlineCapacity(
            items: items, arrivalRate: 0, handleTime: handleTime, deadline: deadline)
        let backlogAgents = backlogNeed.erlangs > 0 ? safeCeil(backlogNeed.erlangs / settings.deferredOccupancy) : 0
        let dwell = Double(settings.dwell) / 1000
        let atRiskSoon = items.contains { $0.dueIn < dwell + $0.work }
        requirement.slack = ageing || atRiskSoon ? 0 : max(0, requirement.staffed - backlogAgents)
        let needsAgents = !items.isEmpty && (requirement.required > requirement.staffed || ageing)
        return ChannelAssessment(
            requirement: requirement, project: project,
            deficit: needsAgents ? max(1, requirement.required - requirement.staffed) : 0, conditionalPressure: false,
            ageing: ageing, target: requirement.serviceLevelTarget)
    }
}
