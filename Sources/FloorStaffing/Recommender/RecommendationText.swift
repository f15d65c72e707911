import FloorCore

/// The words of a recommendation, for supervisors: figures with units, no jargon.
enum RecommendationText {
    static func summary(_ recommendation: Recommendation) -> String {
        let noun = recommendation.agents == 1 ? "agent" : "agents"
        let head = "move \(recommendation.agents) \(noun) \(recommendation.from.name) → \(recommendation.to.name)"
        if recommendation.to.isLive {
            return head + ": \(recommendation.to.name) SL \(percent(recommendation.toBefore.serviceLevel)) → "
                + "\(percent(recommendation.toAfter.serviceLevel))"
        }
        return head + ": \(recommendation.to.name) backlog \(clearing(recommendation.toBefore.backlogClearingSeconds))"
            + " → \(clearing(recommendation.toAfter.backlogClearingSeconds))"
    }

    static func reason(to: ChannelAssessment, from: ChannelAssessment) -> String {
        "\(describe(to)); \(from.channel.name) \(describeAsDonor(from))"
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
