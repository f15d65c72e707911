import FloorCore

/// What the simulator has scheduled: its agenda is a `TimedHeap` of these.
enum Happening: Sendable {
    case arrival(Channel)
    case patienceEnds(contact: Int)
    case handled(agent: Int, contact: Int)
    case afterContactWorkEnds(agent: Int, contact: Int)
    case breakStart(agent: Int, reason: String, duration: Double)
    case breakEnds(agent: Int)
}
