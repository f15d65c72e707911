import FloorAlerting
import FloorCore
import FloorDaemon
import FloorStaffing
import Testing

@Suite("Alert configuration")
struct AlertConfigurationTests {
    @Test func overridesTuneDefaultRulesAndCustomRulesAreAdded() throws {
        let (configuration, _) = try ConfigurationFile.parse(
            """
            [alerts]
            journald = false
            webhook_url = "http://127.0.0.1:9093/am"
            webhook_resend_seconds = 30
            [alerts.rules.voice_oldest_wait]
            warning = 45
            critical = 90
            clear = 30
            for_seconds = 5
            queues = ["billing"]
            business_hours = "Mon-Fri 08:00-20:00"
            [alerts.rules.occupancy_low]
            enabled = false
            [alerts.rules.billing_depth]
            metric = "in_queue"
            comparison = "above"
            scope = "queues"
            queues = ["billing", "moves"]
            warning = 10
            critical = "25"
            quiet_hours = "22:00-07:00"
            """)
        #expect(configuration.alertJournal == .off)
        #expect(configuration.alertmanager?.port == 9093)
        #expect(configuration.alertmanager?.pathPrefix == "/am")
        #expect(configuration.alertmanagerResend == 30_000)
        let rules = Dictionary(uniqueKeysWithValues: configuration.alertRules.map { ($0.name, $0) })
        let voice = try #require(rules["voice_oldest_wait"])
        #expect(voice.warning == .value(45))
        #expect(voice.critical == .value(90))
        #expect(voice.clear == .value(30))
        #expect(voice.forDuration == 5000)
        #expect(voice.scope == .namedQueues(["billing"]))
        #expect(voice.businessHours == WeeklyHours(start: 8 * 60, end: 20 * 60, days: Set(1...5)))
        #expect(rules["occupancy_low"]?.enabled == false)
        let custom = try #require(rules["billing_depth"])
        #expect(custom.kind == "custom")
        #expect(custom.metric == .inQueue)
        #expect(custom.scope == .namedQueues(["billing", "moves"]))
        #expect(custom.critical == .value(25))
        #expect(custom.quietHours == WeeklyHours(start: 22 * 60, end: 7 * 60))
        #expect(configuration.alertRules.count == AlertKinds.defaultRules.count + 1)
    }

    @Test(arguments: [
        ("[alerts.rules.voice_oldest_wait]\nwarnign = 3", "unknown setting"),
        ("[alerts.rules.mine]\ncomparison = \"above\"\nwarning = 1", "metric is required"),
        ("[alerts.rules.mine]\nmetric = \"in_queue\"\ncomparison = \"sideways\"\nwarning = 1", "comparison"),
        ("[alerts.rules.mine]\nmetric = \"in_queue\"\ncomparison = \"above\"", "warning or a critical"),
        ("[alerts.rules.voice_oldest_wait]\nbusiness_hours = \"whenever\"", "business_hours"),
        ("[alerts.rules.voice_oldest_wait]\nwarning = \"soon\"", "must be a number"),
        (
            "[alerts.rules.mine]\nmetric = \"source_silence_seconds\"\ncomparison = \"above\"\nwarning = 1\nscope = \"overall\"",
            "sources"
        ),
        ("[alerts]\nwebhook_url = \"https://am:9093\"", "webhook_url"),
        ("[alerts]\njournald = \"sometimes\"", "journald"),
    ])
    func mistakesAreRefusedWithTheKeyNamed(text: String, expected: String) {
        do {
            _ = try ConfigurationFile.parse(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.contains(expected))
        }
    }
}

@Suite("Agent metadata")
struct AgentMetadataTests {
    @Test func configuredNamesAndTeamsShowForInterfaceIDs() throws {
        let (configuration, _) = try ConfigurationFile.parse(
            """
            [agents."PJSIP/4101"]
            name = "Ana Lopez"
            team = "Billing"
            """)
        #expect(configuration.engine.agents["PJSIP/4101"] == AgentSettings(name: "Ana Lopez", team: "Billing"))
        let engine = FloorEngine(settings: configuration.engine)
        let now = EventTime(milliseconds: 1_772_442_000_000)
        engine.apply(
            [
                Event(time: now, body: .agent(id: "PJSIP/4101", .login(name: nil, team: nil))),
                Event(time: now, body: .agent(id: "PJSIP/4102", .login(name: nil, team: nil))),
            ], wallNow: now)
        let agents = engine.makeSnapshot(wallNow: now).agents
        #expect(agents.first { $0.id == "PJSIP/4101" }?.name == "Ana Lopez")
        #expect(agents.first { $0.id == "PJSIP/4101" }?.team == "Billing")
        #expect(agents.first { $0.id == "PJSIP/4102" }?.name == nil)
        #expect(throws: ConfigurationError.self) { try ConfigurationFile.parse("[agents.\"x\"]\nnmae = \"y\"") }
    }
}

@Suite("Recommender configuration")
struct RecommenderConfigurationTests {
    @Test func settingsAndCrossTrainingAreRead() throws {
        let (configuration, _) = try ConfigurationFile.parse(
            """
            [recommendations]
            interval_seconds = 60
            dwell_minutes = 15
            [recommendations.cross_training]
            email = ["voice", "chat"]
            """)
        #expect(configuration.recommender.interval == 60_000)
        #expect(configuration.recommender.dwell == 900_000)
        #expect(configuration.recommender.crossTraining == ["email": [.voice, .chat]])
        #expect(throws: ConfigurationError.self) {
            try ConfigurationFile.parse("[recommendations.cross_training]\nemail = [\"fax\"]")
        }
    }
}

@Suite("Alertmanager endpoint")
struct AlertmanagerEndpointTests {
    /// Credentials in the URL were read as part of the host and logged at start and on every retry.
    @Test func credentialsAreSeparatedAndNeverPrinted() throws {
        let endpoint = try #require(AlertmanagerEndpoint(url: "http://ops:s3cr3t@alerts.example:9093/am"))
        #expect(endpoint.host == "alerts.example")
        #expect(endpoint.port == 9093)
        #expect(endpoint.pathPrefix == "/am")
        #expect(!endpoint.description.contains("s3cr3t"))
        #expect(endpoint.description == "http://alerts.example:9093/am (with basic authentication)")
        #expect(AlertmanagerEndpoint(url: "http://127.0.0.1:9093")?.description == "http://127.0.0.1:9093")
        #expect(AlertmanagerEndpoint(url: "http://ops:pw@:9093") == nil)
    }
}
