import FloorCore

/// The engine the decoder targets feed: one for many inputs (a fresh one per input costs more
/// than the decoding). Every input's events go into it, a snapshot is taken every 1,024 inputs
/// and the engine starts over every 65,536, so its state stays small. libFuzzer runs inputs one
/// at a time on one thread.
public enum FuzzEngine {
    nonisolated(unsafe) static var engine = FloorEngine(settings: EngineSettings(clock: .event))
    nonisolated(unsafe) static var inputs = 0

    public static func apply(_ events: [Event]) {
        engine.apply(events, wallNow: EventTime(milliseconds: 0))
        inputs += 1
        if inputs % 1_024 == 0 { _ = engine.makeSnapshot(wallNow: EventTime(milliseconds: 0)) }
        if inputs % 65_536 == 0 { engine = FloorEngine(settings: EngineSettings(clock: .event)) }
    }
}
