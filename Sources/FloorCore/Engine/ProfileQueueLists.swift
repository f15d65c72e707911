/// The queue lists of routing profiles, one copy per distinct list: the names and their queue
/// indices that agents with the same profile share. Amazon Connect puts a profile's whole queue
/// list in every agent event, and dozens of agents share a profile; each agent held its own two
/// arrays before (about 90 bytes for a one-queue profile). An agent whose list changes on its own
/// (Asterisk memberships) copies it on write, as before.
///
/// A cache of what `FloorEngine.internQueue` answers: forgotten whenever a queue's index for a
/// name can change (a queue named, settings reloaded; a restore needs a fresh engine), never
/// holding a list sent to the overflow queue (the limit is per source), and when it holds
/// `maximumLists` lists (records keep theirs), so it stays bounded. Owned by the engine.
struct ProfileQueueLists {
    static let maximumLists = 4_096
    private var lists: [[String]: [Int]] = [:]

    /// The shared copy of `names` and its queue indices, if known.
    func shared(_ names: [String]) -> (names: [String], indices: [Int])? {
        guard let position = lists.index(forKey: names) else { return nil }
        let (names, indices) = lists[position]
        return (names, indices)
    }

    /// Remembers `names` with their queue `indices` as the copy to share.
    mutating func remember(_ names: [String], indices: [Int]) {
        if lists.count >= Self.maximumLists { lists.removeAll() }
        lists[names] = indices
    }

    mutating func forget() { lists.removeAll() }

    var count: Int { lists.count }
}
