import FloorCore
import FloorForecast
import FloorSimulation
import FloorStaffing
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
/// - no predictive alert on the quiet day, none without cause on a short-staffed one.
@Suite("Forecast on the simulator's days")
struct OutageDayForecastTests {

    struct Day {
        /// Voice contacts offered in each minute since the start (from the simulator's events).
        var voiceArrivals: [Int] = []
        /// The voice forecast's 5-minute intervals at each minute (minutes since the start).
        var forecasts: [Int: [ArrivalForecastInterval]] = [:]
        /// Minutes (since the start) at which the voice predictive alert was raised.
        var raised: [Int] = []
        /// Minutes at which the voice service level over 15 minutes was below target, and within
        /// three points of it (a near miss).
        var belowTarget: [Int] = []
        var nearTarget: [Int] = []
        var firstBreach: Int? { belowTarget.first }
        var startMinute: Int64 = 0
        /// What the forecast learned of the day, for the next one.
        var profiles: [ForecastScope: IntradayProfile] = [:]
        /// The first minute a move to voice was recommended, acting on the present only and
        /// acting on the forecast too (two recommenders side by side on the same floor).
        var firstVoiceMoveOnThePresent: Int?
        var firstVoiceMoveOnTheForecast: Int?
        var firstVoiceMoveBasis: String?
        /// Minutes at which a move acting on the forecast was issued.
        var movesOnTheForecast: [Int] = []

        /// Raised alerts after which the service level came nowhere near the target (not below
        /// target + 3 points) within 20 minutes: noise.
        var falseAlarms: [Int] {
            raised.filter { minute in !nearTarget.contains { $0 >= minute && $0 <= minute + 20 } }
        }

        /// Raised alerts followed by the service level below target within 20 minutes.
        var confirmed: [Int] {
            raised.filter { minute in belowTarget.contains { $0 >= minute && $0 <= minute + 20 } }
        }
    }

    /// A Monday from 09:00 (the outage from 09:20 to 09:50) to 17:00: the peak hour, lunch and
    /// breaks, the afternoon's decline.
    static let start = RFC3339.parse("2026-03-02T09:00:00Z")!
    static let minutes = 8 * 60

    static func run(
        profile: SimulationProfile, seed: UInt64, from start: EventTime = start,
        profiles: [ForecastScope: IntradayProfile] = [:]
    ) -> Day {
        var simulator = ContactCenterSimulator(profile: profile, start: start, random: SeededGenerator(seed: seed))
        let engine = FloorEngine.eventClock()
        engine.siteCalendar = UTCCalendar()
        var forecaster = FloorForecaster(profiles: profiles)
        var presentOnly = RecommenderSettings()
        presentOnly.actOnForecast = false
        var onThePresent = CapacityRecommender(settings: presentOnly)
        var onTheForecast = CapacityRecommender()
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
            let present = onThePresent.evaluate(snapshot, now: now)
            let ahead = onTheForecast.evaluate(snapshot, now: now, outlook: forecaster.board.outlook)
            if day.firstVoiceMoveOnThePresent == nil,
                present.contains(where: { $0.kind == .issued && $0.recommendation.to == .voice })
            {
                day.firstVoiceMoveOnThePresent = minute
            }
            if ahead.contains(where: { $0.kind == .issued && $0.recommendation.basis == "forecast" }) {
                day.movesOnTheForecast.append(minute)
            }
            if day.firstVoiceMoveOnTheForecast == nil,
                let issued = ahead.first(where: { $0.kind == .issued && $0.recommendation.to == .voice })
            {
                day.firstVoiceMoveOnTheForecast = minute
                day.firstVoiceMoveBasis = issued.recommendation.basis
            }
            let voice = snapshot.channels.voice
            if let level = voice.window("15m")?.serviceLevel, (voice.window("15m")?[.offered] ?? 0) >= 10 {
                let target = voice.goal?.target ?? 0.8
                if level < target { day.belowTarget.append(minute) }
                if level < target + 0.03 { day.nearTarget.append(minute) }
            }
        }
        day.profiles = forecaster.profiles
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

    /// The outage day, after the forecast learned the previous Monday (a quiet one): its profile
    /// carries the day's shape, the live ratio the outage.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func onTheOutageDayTheForecastBeatsTheNaiveOneAndWarnsBeforeTheBreach(seed: UInt64) throws {
        let lastMonday = Self.run(profile: .energyRetailerQuiet, seed: seed + 100, from: Self.start - .hours(7 * 24))
        let day = Self.run(profile: .energyRetailer, seed: seed, profiles: lastMonday.profiles)
        let (forecast, naive, count) = Self.errors(day, from: 20)
        let breach = try #require(day.firstBreach, "the outage breaches the voice service level")
        let raised = try #require(day.raised.first, "the predictive alert is raised")
        print(
            "outage seed \(seed): MAPE of 5-minute voice arrivals 15 min ahead: forecast \(forecast), naive \(naive) "
                + "over \(count) intervals; predictive alert first raised at minute \(raised), voice SL 15m first "
                + "below target at minute \(breach); raised \(day.raised), false alarms \(day.falseAlarms); first move "
                + "to voice on the present at minute \(day.firstVoiceMoveOnThePresent.map(String.init) ?? "never"), "
                + "with the forecast at \(day.firstVoiceMoveOnTheForecast.map(String.init) ?? "never") "
                + "(\(day.firstVoiceMoveBasis ?? "-"))")
        #expect(count >= 80)
        #expect(forecast < naive)
        #expect(raised < breach)
        #expect(day.falseAlarms.isEmpty)
        let onThePresent = try #require(day.firstVoiceMoveOnThePresent)
        let onTheForecast = try #require(day.firstVoiceMoveOnTheForecast)
        #expect(onTheForecast <= onThePresent)
    }

    /// A price rise: the letters land and voice builds up over 45 minutes from 09:20 to 1.5 times
    /// the usual for two hours, on the quiet day's floor. The warning comes before the service
    /// level falls; the recommender, reading the last minutes' arrivals, has already asked for
    /// agents by then (docs/forecast.md gives the figures).
    @Test(arguments: [1, 2, 3] as [UInt64])
    func onAPriceRiseTheWarningAndTheMovesComeAhead(seed: UInt64) throws {
        var priceRise = SimulationProfile.energyRetailerQuiet
        priceRise.surges = [
            .init(channel: .voice, start: 20 * 60, duration: 120 * 60, factor: 1.5, queue: nil, rampUp: 45 * 60)
        ]
        let lastMonday = Self.run(profile: .energyRetailerQuiet, seed: seed + 100, from: Self.start - .hours(7 * 24))
        let day = Self.run(profile: priceRise, seed: seed, profiles: lastMonday.profiles)
        let (forecast, naive, count) = Self.errors(day, from: 20)
        print(
            "price rise seed \(seed): MAPE forecast \(forecast), naive \(naive) over \(count); predictive alerts at "
                + "\(day.raised), SL 15m first below target at \(day.firstBreach.map(String.init) ?? "never"); "
                + "first move to voice on the present at \(day.firstVoiceMoveOnThePresent.map(String.init) ?? "never"), "
                + "with the forecast at \(day.firstVoiceMoveOnTheForecast.map(String.init) ?? "never") "
                + "(\(day.firstVoiceMoveBasis ?? "-")); moves on the forecast at \(day.movesOnTheForecast.prefix(10))")
        let breach = try #require(day.firstBreach, "the price rise breaches the voice service level")
        let raised = try #require(day.raised.first, "the predictive alert is raised")
        #expect(raised < breach)
        #expect(day.falseAlarms.isEmpty)
        let onThePresent = try #require(day.firstVoiceMoveOnThePresent)
        #expect((day.firstVoiceMoveOnTheForecast ?? .max) <= onThePresent)
    }

    /// The quiet day (no outage, the voice team scheduled for its breaks): the service level never
    /// falls below target, and no predictive alert is raised at all.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func onTheQuietDayNoPredictiveAlertIsRaised(seed: UInt64) {
        let day = Self.run(profile: .energyRetailerQuiet, seed: seed)
        print(
            "quiet seed \(seed): predictive alerts raised at \(day.raised); voice SL 15m below target in "
                + "\(day.belowTarget.count) and within 3 points of it in \(day.nearTarget.count) of \(Self.minutes) "
                + "minutes; first move to voice on the present at minute "
                + "\(day.firstVoiceMoveOnThePresent.map(String.init) ?? "never"), with the forecast at "
                + "\(day.firstVoiceMoveOnTheForecast.map(String.init) ?? "never")")
        #expect(day.belowTarget.isEmpty, "a quiet day: the service level holds")
        #expect(day.raised.isEmpty)
        #expect(day.movesOnTheForecast.isEmpty, "nothing is moved for a breach that is not coming")
    }

    /// The outage day's floor without the outage but short-staffed in its break hours (110 voice
    /// agents, a quarter of them away at the peak): the service level dips below target (13, 29
    /// and 5 minutes of the day in these seeds). A warning ahead of such a dip is right, and so is
    /// one before a near miss (within 3 points of the target); a warning while the service level
    /// stays well above target is noise, and there must be none.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func onAShortStaffedDayNothingIsPredictedThatDoesNotHappen(seed: UInt64) {
        var shortStaffed = SimulationProfile.energyRetailer
        shortStaffed.surges = []
        let day = Self.run(profile: shortStaffed, seed: seed)
        print(
            "short-staffed seed \(seed): predictive alerts raised at \(day.raised), before a breach \(day.confirmed), "
                + "false alarms \(day.falseAlarms); voice SL "
                + "15m below target in \(day.belowTarget.count) of \(Self.minutes) minutes (from "
                + "\(day.firstBreach.map(String.init) ?? "never")); first move to voice on the present at minute "
                + "\(day.firstVoiceMoveOnThePresent.map(String.init) ?? "never"), with the forecast at "
                + "\(day.firstVoiceMoveOnTheForecast.map(String.init) ?? "never") (\(day.firstVoiceMoveBasis ?? "-"))")
        #expect(day.falseAlarms.isEmpty)
    }
}
