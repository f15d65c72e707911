import FloorCore

/// The words of a recommendation, for supervisors: figures with units, no jargon.
enum RecommendationText {
    /// One line for a wall screen; `needed`: the agents the target channel needs for its goal.
    /// A move that cannot bring the channel to its goal says so, with what it would take.
    static func summary(_ recommendation: Recommendation, needed: Int? = nil) -> String {
        let noun = recommendation.agents == 1 ? "agent" : "agents"
        let head = "move \(recommendation.agents) \(noun) \(recommendation.from.name) → \(recommendation.to.name)"
        if recommendation.to.isLive {
            var text =
                head + ": \(recommendation.to.name) " + liveEffect(recommendation.toBefore, recommendation.toAfter)
            if let needed, needed > recommendation.toAfter.agents {
                text +=
                    "; still short: \(recommendation.to.name) needs \(needed) agents, "
                    + "\(recommendation.toAfter.agents) after this move"
            }
            return text
        }
        return head + ": \(recommendation.to.name) backlog \(clearing(recommendation.toBefore.backlogClearingSeconds))"
            + " → \(clearing(recommendation.toAfter.backlogClearingSeconds))"
    }

    /// What the move changes on a live channel, in figures that change at that load: the service
    /// level when it moves; else how fast the queue grows, the abandons an hour and a new
    /// caller's expected wait (at a load the agents cannot meet, SL is 0 % before and after).
    static func liveEffect(_ before: ChannelProjection, _ after: ChannelProjection) -> String {
        var parts: [String] = []
        let levelBefore = percent(before.serviceLevel)
        let levelAfter = percent(after.serviceLevel)
        if levelBefore != levelAfter { parts.append("SL \(levelBefore) → \(levelAfter)") }
        if before.queueGrowthPerMinute != nil || after.queueGrowthPerMinute != nil {
            parts.append("queue \(growth(before.queueGrowthPerMinute)) → \(growth(after.queueGrowthPerMinute))")
        }
        if let abandonsBefore = before.abandonsPerHour, let abandonsAfter = after.abandonsPerHour,
            NumberText.number(abandonsBefore) != NumberText.number(abandonsAfter)
        {
            parts.append(
                "abandons \(NumberText.number(abandonsBefore)) → \(NumberText.number(abandonsAfter)) an hour")
        }
        if parts.count < 2, before.expectedWaitSeconds != after.expectedWaitSeconds {
            parts.append(
                "a new caller waits \(duration(before.expectedWaitSeconds)) → \(duration(after.expectedWaitSeconds))")
        }
        return parts.isEmpty ? "SL \(levelBefore) → \(levelAfter)" : parts.joined(separator: ", ")
    }

    /// "grows 12 a minute", or "steady" when the agents keep up.
    static func growth(_ perMinute: Double?) -> String {
        perMinute.map { "grows \(NumberText.number($0)) a minute" } ?? "steady"
    }

    static func reason(to: ChannelAssessment, from: ChannelAssessment) -> String {
        var text = "\(describe(to)); \(from.channel.name) \(describeAsDonor(from))"
        if let outlook = to.outlook {
            // Ahead of the fall: say what is predicted and on which arrivals.
            text =
                "forecast: \(to.channel.name) service level over 15m below target "
                + "(\(percent(to.requirement.serviceLevelTarget))) in about \(outlook.minutesUntilBreach) min at "
                + "\(NumberText.number(outlook.arrivalsPerHour.rounded())) an hour; " + text
        }
        return text
    }

    private static func describe(_ assessment: ChannelAssessment) -> String {
        let requirement = assessment.requirement
        let name = requirement.channel.name
        if requirement.channel.isLive {
            var text =
                "\(name) SL(\(NumberText.number(requirement.thresholdSeconds)) s) projected "
                + "\(percent(requirement.now.serviceLevel)) (target \(percent(requirement.serviceLevelTarget))), "
                + "\(requirement.waiting) waiting"
            if let oldest = requirement.oldestWaitSeconds { text += ", oldest \(duration(oldest))" }
            text +=
                ", \(NumberText.number(requirement.arrivalsPerHour)) an hour at AHT "
                + "\(NumberText.number(requirement.handleTimeSeconds)) s; \(requirement.staffed) staffed, "
                + "\(requirement.required) needed"
            if assessment.conditionalPressure { text += " (the next caller would wait beyond the threshold)" }
            return text
        }
        return "\(name) backlog \(requirement.waiting) items, oldest "
            + "\(duration(requirement.oldestWaitSeconds)) of \(duration(requirement.thresholdSeconds)); "
            + "\(requirement.staffed) staffed, \(requirement.required) needed by deadline"
    }

    private static func describeAsDonor(_ assessment: ChannelAssessment) -> String {
        let requirement = assessment.requirement
        if requirement.channel.isLive {
            return "SL projected \(percent(requirement.now.serviceLevel)) with \(requirement.staffed) staffed, "
                + "slack \(requirement.slack)"
        }
        return "slack \(requirement.slack) agents, \(requirement.waiting) items, oldest "
            + "\(duration(requirement.oldestWaitSeconds)) of \(duration(requirement.thresholdSeconds))"
    }

    /// "clears in 2.1 h", or "growing" when inflow outpaces the agents.
    static func clearing(_ seconds: Double?) -> String {
        seconds.map { "clears in \(duration($0))" } ?? "growing"
    }

    static func percent(_ share: Double?) -> String {
        share.map { "\(NumberText.number($0 * 100)) %" } ?? "n/a"
    }

    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "never" }
        if seconds < 120 { return "\(NumberText.number(seconds)) s" }
        if seconds < 7200 { return "\(NumberText.number(seconds / 60)) min" }
        return "\(NumberText.number(seconds / 3600)) h"
    }
}
