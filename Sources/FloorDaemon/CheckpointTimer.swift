import Logging
import NIOCore
import Synchronization

/// Takes a checkpoint every `interval` on the engine loop, but never spends more than a
/// twentieth of the loop on capturing, nor a tenth of a core on encoding: when capturing took
/// long (a large state in a slow build, a catch-up with hundreds of thousands of ended contacts
/// remembered), the next one waits twenty times as long, and when encoding on the writer's
/// thread did (a flood's tens of MB, on a core the engine may share), ten times as long. Ingest
/// and the watchdog keep their time; the checkpoints thin out.
///
/// Thread-safe: state lives on the engine loop.
final class CheckpointTimer: Sendable {
    static let loopShare: Int64 = 20
    static let writerShare: Int64 = 10

    private let host: EngineHost
    private let store: CheckpointStore
    private let interval: TimeAmount
    private let scheduled: NIOLoopBoundBox<Scheduled<Void>?>

    init(host: EngineHost, store: CheckpointStore, interval: Duration) {
        self.host = host
        self.store = store
        self.interval = .nanoseconds(
            Int64(interval.components.seconds) * 1_000_000_000 + interval.components.attoseconds / 1_000_000_000)
        scheduled = NIOLoopBoundBox.makeEmptyBox(valueType: Scheduled<Void>.self, eventLoop: host.loop)
    }

    func start() { host.loop.execute { self.schedule(after: self.interval) } }

    /// Stops taking checkpoints (the last one is written at stop by its caller).
    func stop() async {
        try? await host.loop.submit {
            self.scheduled.value?.cancel()
            self.scheduled.value = nil
        }.get()
    }

    private func schedule(after delay: TimeAmount) {
        scheduled.value = host.loop.scheduleTask(in: delay) { [self] in
            let started = WallClock.monotonicNanoseconds()
            store.submit(host.captureCheckpoint(reusing: store.takeCaptureStorage()))
            let took = Int64(WallClock.monotonicNanoseconds() - started)
            if took > 100_000_000 {
                host.logger.info("checkpoint capture held the engine loop", metadata: ["ms": "\(took / 1_000_000)"])
            }
            let encoding = Int64(clamping: store.lastEncodeCPU.load(ordering: .relaxed))
            schedule(
                after: max(interval, .nanoseconds(took * Self.loopShare), .nanoseconds(encoding * Self.writerShare)))
        }
    }
}
