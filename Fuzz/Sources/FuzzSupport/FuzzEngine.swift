import FloorCore

/// The engine the decoder targets feed: one for many inputs (a fresh one per input costs more
/// than the decoding). Every input's events go into it, a snapshot is taken every 1,024 inputs
/// and the engine starts over every 65,536, so its state stays small. Its limits are small too:
/// fuzzed names make a new queue per input, and at the default 4,000 queues (190 KB of windows
/// each) the engine, not the decoder, took the time; past the limits the folding into
/// "(over limit)" is exercised as well. libFuzzer runs inputs one at a time on one thread.
public enum FuzzEngine {
    nonisolated(unsafe) static var engine = makeEngine()
    nonisolated(unsafe) static var inputs = 0

    static func makeEngine() -> FloorEngine {
        var settings = EngineSettings(clock: .event)
        settings.limits.queues = 32
        settings.limits.queuesPerSource = 16
        settings.limits.openContacts = 2_000
        settings.limits.openContactsPerSource = 1_000
        settings.limits.agents = 500
        settings.limits.agentsPerSource = 250
        return FloorEngine(settings: settings)
    }

    public static func apply(_ events: [Event]) {
        engine.apply(events, wallNow: EventTime(milliseconds: 0))
        inputs += 1
        if inputs % 1_024 == 0 { _ = engine.makeSnapshot(wallNow: EventTime(milliseconds: 0)) }
        if inputs % 65_536 == 0 { engine = makeEngine() }
    }
}
