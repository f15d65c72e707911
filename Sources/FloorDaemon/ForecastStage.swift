import FloorCore
import FloorForecast

/// Runs the forecast after each tick's snapshot (the forecaster itself works once per completed
/// minute of the engine's clock, so an accelerated replay keeps its pace) and publishes the board
/// for `/v1/forecast`, the alert stage (predicted breaches) and the dashboard. It runs before the
/// alert stage, so a breach predicted this minute is evaluated this minute.
///
/// Threading: engine loop only (an `EngineStage`); `board` is read by any thread.
final class ForecastStage: EngineStage {
    let board: ForecastPublisher
    private(set) var forecaster: FloorForecaster
    private let calendar: any SiteCalendar

    init(settings: FloorForecaster.Settings = .init(), calendar: any SiteCalendar) {
        forecaster = FloorForecaster(settings: settings)
        self.calendar = calendar
        board = ForecastPublisher(initial: ForecastBoard(generatedAt: WallClock.now(), scopes: []))
    }

    func run(after snapshot: FloorSnapshot, wallNow: EventTime) {
        let before = forecaster.board
        _ = forecaster.observe(snapshot, calendar: calendar)
        if forecaster.board !== before { board.publish(forecaster.board) }
    }

    /// The intraday profiles learned so far, for the checkpoint.
    var profiles: [ForecastScope: IntradayProfile] { forecaster.profiles }

    /// Takes back the profiles of a checkpoint (the live smoothing starts afresh: it is minutes old).
    func restore(profiles: [ForecastScope: IntradayProfile]) {
        forecaster = FloorForecaster(settings: forecaster.settings, profiles: profiles)
    }
}
