import FloorCore
import FloorDaemon
import Foundation
import Testing

@Suite("Configuration file")
struct ConfigurationFileTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("systemd/floorwatchd.toml").path

    @Test func theShippedExampleEqualsTheDefaults() throws {
        let text = try String(contentsOfFile: Self.shipped, encoding: .utf8)
        var expected = DaemonConfiguration()
        expected.stateDirectory = "/var/lib/floorwatchd"
        expected.querySocketPath = "/run/floorwatchd.query.sock"
        let (configuration, level) = try ConfigurationFile.parse(text)
        #expect(level == "info")
        #expect(configuration.listeners == expected.listeners)
        #expect(configuration.engine == expected.engine)
        #expect(configuration == expected)
    }

    @Test func additionalServiceLevelThresholdsPerChannelAndQueue() throws {
        let (configuration, _) = try ConfigurationFile.parse(
            """
            [channels.voice]
            additional_service_level_thresholds_seconds = [60, 10, 30]
            [queues.faults]
            channel = "voice"
            additional_service_level_thresholds_seconds = [90]
            """)
        #expect(
            configuration.engine.channelGoals[.voice].additionalThresholds == [
                .seconds(10), .seconds(30), .seconds(60),
            ])
        #expect(configuration.engine.queues["faults"]?.additionalServiceLevelThresholds == [.seconds(90)])
        for bad in ["[5, 10, 15, 20, 25]", "[0]", "[\"30\"]", "30"] {
            #expect(throws: ConfigurationError.self, "\(bad)") {
                _ = try ConfigurationFile.parse("[channels.chat]\nadditional_service_level_thresholds_seconds = \(bad)")
            }
        }
    }

    @Test func queueSettingsAndListeners() throws {
        let (configuration, _) = try ConfigurationFile.parse(
            """
            [[listener]]
            transport = "tcp"
            address = "[::1]:7700"
            [queues."Billing Queue"]
            channel = "voice"
            service_level_threshold_seconds = 30
            service_level_target = 0.9
            [metrics]
            windows_minutes = [1, 30]
            """)
        #expect(configuration.listeners == [ListenerSpec(transport: .tcp, host: "::1", port: 7700)])
        let queue = configuration.engine.queues["Billing Queue"]
        #expect(queue?.channel == .voice)
        #expect(queue?.serviceLevelThreshold == .seconds(30) && queue?.serviceLevelTarget == 0.9)
        #expect(
            queue?.goal(over: configuration.engine.channelGoals.voice)
                == ServiceLevelGoal(threshold: .seconds(30), target: 0.9))
        #expect(configuration.engine.windows == [.minutes(1), .minutes(30)])
    }

    @Test(arguments: [
        ("[daemon]\nclok = \"wall\"", "unknown setting daemon.clok"),
        ("[channels.voice]\nservice_level_target = 80", "fraction"),
        ("[[listener]]\ntransport = \"udp\"\naddress = \"nowhere\"", "HOST:PORT"),
        ("[[listener]]\ntransport = \"udp\"\naddress = \"127.0.0.1:1\"\nformat = \"fax\"", "unknown format"),
        ("[metrics\nbucket_seconds = 10", "TOML syntax error"),
        ("[metrics]\nbucket_seconds = 7", "whole number"),
    ])
    func mistakesAreExplained(text: String, message: String) {
        do {
            _ = try ConfigurationFile.parse(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test func checkConfigValidatesWithTheRealBinary() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: DaemonProcess.binary)
        process.arguments = ["--config", Self.shipped, "--check-config"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.contains("udp://127.0.0.1:7600=native"))

        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(getpid()).toml").path
        defer { try? FileManager.default.removeItem(atPath: broken) }
        try "[daemon]\nclok = 1\n".write(toFile: broken, atomically: true, encoding: .utf8)
        let failing = Process()
        failing.executableURL = URL(fileURLWithPath: DaemonProcess.binary)
        failing.arguments = ["--config", broken, "--check-config"]
        failing.standardError = Pipe()
        try failing.run()
        failing.waitUntilExit()
        #expect(failing.terminationStatus == 2)
    }
}

@Suite("Configuration file: lists")
struct ListSettingsTests {
    @Test func maskingAndRetentionAreConfigurable() throws {
        let (configuration, _) = try ConfigurationFile.parse(
            "[lists]\nabandoned_max = 20\nabandoned_retention_minutes = 30\ncaller_visible_start = 0\ncaller_visible_end = 4\n"
        )
        #expect(configuration.engine.abandonedListSize == 20)
        #expect(configuration.engine.abandonedRetention == .minutes(30))
        #expect(configuration.engine.callerIDVisible == (0, 4))
        #expect(maskCallerID("+61400000042", keepStart: 0, keepEnd: 4) == "********0042")
    }
}

@Suite("Configuration file: sources")
struct SourceSettingsTests {
    @Test func subscriptionsAndTails() throws {
        let (configuration, _) = try ConfigurationFile.parse(
            """
            [[subscription]]
            url = "tcp://10.0.0.5:7700"
            [[tail]]
            path = "/var/log/asterisk/queue_log"
            """)
        #expect(configuration.subscriptions == [try SubscriptionSpec.parse("tcp://10.0.0.5:7700")])
        #expect(configuration.tails == [TailSpec(path: "/var/log/asterisk/queue_log", format: .asteriskQueueLog)])
        #expect(throws: ConfigurationError.self) { try ConfigurationFile.parse("[[tail]]\npath = \"relative\"\n") }
    }

    @Test func amiSubscriptionsNameTheUserAndWhereTheSecretIsNeverTheSecret() throws {
        let (configuration, _) = try ConfigurationFile.parse(
            """
            [[subscription]]
            url = "tcp://10.0.0.10:5038"
            format = "asterisk-ami"
            username = "wallboard"
            secret_file = "/etc/floorwatch/ami.secret"

            [[subscription]]
            url = "tcp://10.0.0.11:5038"
            format = "asterisk-ami"
            """)
        #expect(
            configuration.subscriptions.map(\.login) == [
                AMILogin(username: "wallboard", secret: .file("/etc/floorwatch/ami.secret")),
                AMILogin(username: "floorwatch", secret: .credential("ami-secret")),
            ])
        // From the command line: the user in the URL, the secret from the credential by default.
        let spec = try SubscriptionSpec.parse("tcp://pbx@127.0.0.1:5038=asterisk-ami")
        #expect(spec.login == AMILogin(username: "pbx", secret: .credential("ami-secret")))
        #expect(spec.format == .asteriskAMI && spec.port == 5038)
        // Mistakes are refused with a reason.
        for text in [
            "[[subscription]]\nurl = \"tcp://h:5038\"\nformat = \"asterisk-ami\"\nsecret = \"hunter2\"\n",
            "[[subscription]]\nurl = \"tcp://h:5038\"\nformat = \"asterisk-ami\"\nsecret_file = \"/a\"\nsecret_credential = \"b\"\n",
            "[[subscription]]\nurl = \"tcp://h:7700\"\nusername = \"x\"\n",
        ] {
            #expect(throws: ConfigurationError.self) { try ConfigurationFile.parse(text) }
        }
        #expect(throws: ConfigurationError.self) { try SubscriptionSpec.parse("tcp://user@h:7700=native") }
        #expect(throws: ConfigurationError.self) {
            try ListenerSpec.parse("127.0.0.1:5038=asterisk-ami", transport: .tcp)
        }
    }
}

/// Inputs the fuzzer found and every raw control character in each place a TOML file can hold
/// one: refused with the line named, never a crash of the process (the TOML library aborted on
/// some; a reload would have killed the running daemon).
@Suite("Configuration file: what the fuzzer found")
struct ConfigurationFuzzRegressionTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz-configuration")

    @Test func theFuzzersFindingsAreRefused() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path).sorted()
        #expect(files.count == 4)
        for file in files {
            let data = try Data(contentsOf: Self.fixtures.appendingPathComponent(file))
            #expect(throws: ConfigurationError.self, "\(file)") {
                try ConfigurationFile.parse(String(decoding: data, as: UTF8.self))
            }
        }
    }

    static let controlCharacters: [UInt32] = Array(0x00...0x08) + [0x0B, 0x0C] + Array(0x0E...0x1F) + [0x7F]

    @Test(arguments: controlCharacters)
    func aRawControlCharacterIsRefusedWherever(code: UInt32) throws {
        let character = String(Character(Unicode.Scalar(code)!))
        let places = [
            "[\(character)", "[channels\(character).voice]\n", "\(character)key = 1\n",
            "[daemon]\ntime_zone = \"UTC\(character)\"\n", "# a comment \(character)\n", "[ingest]\n\(character)",
        ]
        for text in places {
            do {
                _ = try ConfigurationFile.parse(text)
                Issue.record("accepted U+\(String(code, radix: 16)) in \(text.debugDescription)")
            } catch {
                #expect(error.description.contains("control character"), "\(text.debugDescription): \(error)")
            }
        }
    }

    @Test(arguments: ["[!", "[[!", "[ !]", "[.a]", "[[ #x]]", "[channels]\n[=]", "[\n", "[", "[[ \n", "\u{FEFF}[)"])
    func aTableHeaderWithoutAKeyIsRefused(text: String) {
        do {
            _ = try ConfigurationFile.parse(text)
            Issue.record("accepted \(text.debugDescription)")
        } catch {
            #expect(error.description.contains("table header must begin with a key"), "\(error)")
        }
    }

    @Test func headersThatBeginWithAKeyAndStringsThatLookLikeHeadersAreTOML() throws {
        let (configuration, _) = try ConfigurationFile.parse(
            "[ \"channels\" . 'voice' ]\nservice_level_threshold_seconds = 25\n[agents.a1]\nname = \"\"\"\n[!\nAna\"\"\"\n"
        )
        #expect(configuration.engine.channelGoals.voice.threshold == .seconds(25))
        #expect(configuration.engine.agents["a1"]?.name == "[!\nAna")
    }

    @Test func tabsAndLineEndsAreStillTOML() throws {
        let (configuration, _) = try ConfigurationFile.parse(
            "[channels.voice]\r\n\tservice_level_threshold_seconds = 25\t# tab and CRLF\r\n")
        #expect(configuration.engine.channelGoals.voice.threshold == .seconds(25))
    }
}
