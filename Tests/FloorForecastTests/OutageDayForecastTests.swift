import FloorCore
import FloorForecast
import FloorSimulation
import FloorTestSupport
import Testing

/// The forecast on the simulator's days, run through the real engine as the daemon runs it (a
/// snapshot per minute of event time): the energy retailer's outage (faults calls triple for 30
/// minutes, 20 minutes in) and the same floor's quiet day. The figures the forecast is judged by
/// are computed here from the simulator's own events, never from the forecaster:
/// - arrivals per 5 minutes, forecast 15 minutes ahead, against "the same as the last 15
///   minutes" on the same stream (mean absolute percentage error, voice);
/// - when the predictive alert is raised against when the voice service level over 15 minutes
///   actually falls below target;
/// - no predictive alert on the quiet day.
@Suite("Forecast on the simulator's days")
struct OutageDayForecastTests {

    struct Day {
        /// Voice contacts offered in each minute since the start (from the simulator's events).
        var voiceArrivals: [Int] = []
        /// The voice forecast's 5-minute intervals at each minute (minutes since the start).
        var forecasts: [Int: [ArrivalForecastInterval]] = [:]
        /// Minutes (since the start) at which the voice predictive alert was raised.
        var raised: [Int] = []
        /// The first minute the voice service level over 15 minutes was below target.
        var firstBreach: Int?
        var startMinute: Int64 = 0
    }

    static let start = RFC3339.parse("2026-03-02T08:00:00Z")!

    static func run(profile: SimulationProfile, seed: UInt64, minutes: Int) -> Day {
        var simulator = ContactCenterSimulator(profile: profile, start: start, random: SeededGenerator(seed: seed))
        let engine = FloorEngine.eventClock()
        engine.siteCalendar = UTCCalendar()
        var forecaster = FloorForecaster()
        var day = Day()
        day.startMinute = start.milliseconds / 60_000
        for minute in 1...minutes {
            let now = start + .minutes(Int64(minute))
            let events = simulator.run(until: now)
            var offered = 0
            for event in events {
                if case .contact(_, .queued(_, let channel, _, _)) = event.body, channel == .voice { offered += 1 }
            }
            day.voiceArrivals.append(offered)
            engine.apply(events, wallNow: now)
            let snapshot = engine.makeSnapshot(wallNow: now)
            for change in forecaster.observe(snapshot, calendar: UTCCalendar())
            where change.scope == .channel(.voice) && change.raised != nil {
                day.raised.append(minute)
            }
            day.forecasts[minute] = forecaster.board.scope(.channel(.voice))?.arrivals
            let voice = snapshot.channels.voice
            if day.firstBreach == nil, let level = voice.window("15m")?.serviceLevel,
                (voice.window("15m")?[.offered] ?? 0) >= 10, level < (voice.goal?.target ?? 0.8)
            {
                day.firstBreach = minute
            }
        }
        return day
    }

    /// MAPE of the 5-minute arrivals 15 minutes ahead: the forecaster's and the naive forecast's.
    static func errors(_ day: Day, from first: Int) -> (forecast: Double, naive: Double, intervals: Int) {
        var forecastError = 0.0
        var naiveError = 0.0
        var count = 0
        var minute = first
        while minute + 20 <= day.voiceArrivals.count {
            defer { minute += 5 }
            // Minutes since the start: minute m's arrivals are voiceArrivals[m - 1] (the minute ending at m).
            let actual = Double(day.voiceArrivals[(minute + 15)..<(minute + 20)].reduce(0, +))
            guard actual > 0,
                let interval = day.forecasts[minute]?.first(where: {
                    $0.startMinute == day.startMinute + Int64(minute + 15)
                })
            else { continue }
            let naive = Double(day.voiceArrivals[(minute - 15)..<minute].reduce(0, +)) / 3
            forecastError += abs(interval.expected - actual) / actual
            naiveError += abs(naive - actual) / actual
            count += 1
        }
        return (forecastError / Double(max(1, count)), naiveError / Double(max(1, count)), count)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func onTheOutageDayTheForecastBeatsTheNaiveOneAndWarnsBeforeTheBreach(seed: UInt64) throws {
        let day = Self.run(profile: .energyRetailer, seed: seed, minutes: 90)
        let (forecast, naive, count) = Self.errors(day, from: 20)
        print(
            "outage seed \(seed): MAPE 15 min ahead forecast \(forecast) naive \(naive) over \(count) intervals; "
                + "predictive alert raised at \(day.raised), voice SL 15m first below target at minute "
                + "\(day.firstBreach.map(String.init) ?? "never")")
        print("arrivals", day.voiceArrivals)
        #expect(count >= 10)
        #expect(forecast < naive)
        let breach = try #require(day.firstBreach, "the outage breaches the voice service level")
        let raised = try #require(day.raised.first, "the predictive alert is raised")
        #expect(raised < breach)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func onTheQuietDayNothingIsPredicted(seed: UInt64) {
        let day = Self.run(profile: .energyRetailerQuiet, seed: seed, minutes: 90)
        print(
            "quiet seed \(seed): predictive alerts \(day.raised); voice SL 15m below target at \(day.firstBreach.map(String.init) ?? "never")"
        )
        #expect(day.raised.isEmpty)
    }
}
