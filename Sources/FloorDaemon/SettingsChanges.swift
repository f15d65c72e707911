import FloorCore

/// Human-readable differences between two engine settings, for the reload log line.
enum SettingsChanges {
    static func describe(from old: EngineSettings, to new: EngineSettings) -> [String] {
        var changes: [String] = []
        for channel in Channel.allCases where old.channelGoals[channel] != new.channelGoals[channel] {
            let before = old.channelGoals[channel]
            let after = new.channelGoals[channel]
            changes.append(
                "\(channel.name) service level \(Int(before.target * 100))/\(before.threshold / 1000)s -> "
                    + "\(Int(after.target * 100))/\(after.threshold / 1000)s")
        }
        for name in Set(old.queues.keys).union(new.queues.keys).sorted() where old.queues[name] != new.queues[name] {
            changes.append("queue \(name) settings changed")
        }
        if old.shortAbandonThreshold != new.shortAbandonThreshold { changes.append("short abandon threshold changed") }
        if old.windows != new.windows || old.bucketWidth != new.bucketWidth {
            changes.append("window sizes need a restart (kept)")
        }
        return changes
    }
}
