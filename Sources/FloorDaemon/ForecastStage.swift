import Atomics
import FloorCore
import FloorForecast
import Foundation
import Synchronization

/// Runs the forecast once per minute of the engine's clock, on a thread of its own, and publishes
/// the board for `/v1/forecast`, the alert stage (predicted breaches, evaluated as soon as a new
/// board appears) and the dashboard, and the learned profiles for the checkpoint.
///
/// Why not on the engine loop: a minute's forecast projects each live channel four times over 30
/// minutes through Erlang A, whose cost grows with the arrival rate (the queue's states are summed
/// around its peak); a flood of tens of thousands of contacts a minute made one minute's forecast
/// take minutes, and the engine loop stopped reading its sockets meanwhile. Here the loop only
/// hands a snapshot over (a reference); while the last minute's forecast is still running, the
/// next minute's snapshot is not handed over, and the forecaster catches up from the later one (it
/// learns every minute completed since, from the snapshot's per-minute arrivals).
///
/// Threading: `run` and `restore` on the engine loop only (an `EngineStage`); the forecaster lives
/// on `queue` (its lock is only ever taken there); `board` and `profiles` are read by any thread.
final class ForecastStage: EngineStage {
    let board: ForecastPublisher
    private let worker: Worker
    /// The minute (since the epoch) of the engine's clock last handed over.
    private var lastMinute: Int64?

    init(settings: FloorForecaster.Settings = .init(), calendar: any SiteCalendar) {
        board = ForecastPublisher(initial: ForecastBoard(generatedAt: WallClock.now(), scopes: []))
        worker = Worker(forecaster: FloorForecaster(settings: settings), calendar: calendar, board: board)
    }

    func run(after snapshot: FloorSnapshot, wallNow: EventTime) {
        let minute = floorDivide(snapshot.generatedAt.milliseconds, 60_000)
        guard minute != lastMinute, worker.begin() else { return }
        lastMinute = minute
        worker.observe(snapshot)
    }

    /// The intraday profiles learned so far, for the checkpoint.
    var profiles: [ForecastScope: IntradayProfile] { worker.profiles.load(ordering: .acquiring).byScope }

    /// Takes back the profiles of a checkpoint (the live smoothing starts afresh: it is minutes old).
    /// Queued before any minute is handed over, so the first forecast already has them.
    func restore(profiles: [ForecastScope: IntradayProfile]) {
        worker.restore(profiles: profiles)
    }

    /// The forecaster and the thread it runs on.
    final class Worker: Sendable {
        private let queue = DispatchQueue(label: "floorwatchd.forecast", qos: .utility)
        private let forecaster: Mutex<FloorForecaster>
        private let calendar: any SiteCalendar
        private let board: ForecastPublisher
        let profiles: ManagedAtomic<LearnedProfiles>
        /// A minute's forecast is running or queued.
        private let busy = ManagedAtomic(false)

        init(forecaster: FloorForecaster, calendar: any SiteCalendar, board: ForecastPublisher) {
            self.forecaster = Mutex(forecaster)
            self.calendar = calendar
            self.board = board
            profiles = ManagedAtomic(LearnedProfiles(forecaster.profiles))
        }

        /// Whether a minute may be handed over now (nothing running); claims the worker if so.
        func begin() -> Bool {
            busy.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        }

        func observe(_ snapshot: FloorSnapshot) {
            queue.async { [self] in
                forecaster.withLock { forecaster in
                    let before = forecaster.board
                    _ = forecaster.observe(snapshot, calendar: calendar)
                    if forecaster.board !== before {
                        profiles.store(LearnedProfiles(forecaster.profiles), ordering: .releasing)
                        board.publish(forecaster.board)
                    }
                }
                busy.store(false, ordering: .releasing)
            }
        }

        func restore(profiles restored: [ForecastScope: IntradayProfile]) {
            profiles.store(LearnedProfiles(restored), ordering: .releasing)
            queue.async { [self] in
                forecaster.withLock { $0 = FloorForecaster(settings: $0.settings, profiles: restored) }
            }
        }
    }

    /// The profiles as last published, for a checkpoint taken on the engine loop.
    final class LearnedProfiles: AtomicReference, Sendable {
        let byScope: [ForecastScope: IntradayProfile]
        init(_ byScope: [ForecastScope: IntradayProfile]) { self.byScope = byScope }
    }
}
