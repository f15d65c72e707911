import FloorCore

/// A step the engine loop runs after each published snapshot, in the fixed order `EngineStages`
/// gives (the forecast, alerts, then recommendations): the engine host publishes and hands the
/// snapshot on, without knowing what each stage does.
///
/// Threading: a stage lives on the engine loop and is called only there (it is created there and
/// reached through `NIOLoopBound`); what readers need from it, it publishes atomically.
protocol EngineStage: AnyObject {
    /// Runs after `snapshot` was published. `wallNow` is the daemon's clock; the snapshot's
    /// `generatedAt` is the engine's (the event clock in replays).
    func run(after snapshot: FloorSnapshot, wallNow: EventTime)
}
