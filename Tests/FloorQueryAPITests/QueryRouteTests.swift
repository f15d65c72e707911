import FloorCore
import FloorQueryAPI
import Testing

/// The routes of the query API (docs/openapi.yaml) and the bodies of its write routes.
@Suite("Query routes")
struct QueryRouteTests {
    @Test(arguments: [
        ("GET", "/v1/snapshot", QueryRoute.Resolution.route(.snapshot)),
        ("HEAD", "/v1/health", .route(.health)),
        ("GET", "/metrics", .route(.metrics)),
        ("GET", "/v1/queues/Billing%20Queue", .route(.queue(name: "Billing Queue"))),
        ("POST", "/v1/alerts/17/ack", .route(.acknowledgeAlert(id: 17))),
        ("POST", "/v1/recommendations/3/dismiss", .route(.decideRecommendation(id: 3, accept: false))),
        ("POST", "/v1/silences", .route(.addSilence)),
        ("DELETE", "/v1/silences/4", .route(.removeSilence(id: 4))),
        ("GET", "/v1/stream", .route(.stream)),
        // The methods a path allows, for `Allow`.
        ("TRACE", "/v1/snapshot", .methodNotAllowed(allowed: ["GET", "HEAD"])),
        ("PUT", "/v1/silences", .methodNotAllowed(allowed: ["GET", "HEAD", "POST"])),
        ("GET", "/v1/alerts/17/ack", .methodNotAllowed(allowed: ["POST"])),
        // Ids are decimal digits only: not a sign, a fraction or an exponent.
        ("DELETE", "/v1/silences/-7.2e-38", .badIdentifier("bad silence id")),
        ("POST", "/v1/alerts/x/ack", .badIdentifier("bad alert id")),
        ("GET", "/v1/nothing", .notFound),
    ])
    func resolves(method: String, path: String, expected: QueryRoute.Resolution) {
        #expect(QueryRoute.resolve(method: method, path: path) == expected)
    }

    /// Found by schemathesis: `?=` crashed the daemon (an empty name split to nothing).
    @Test func queryStringsWithEmptyNamesOrValues() {
        #expect(QueryRoute.queryItems("=") == ["": ""])
        #expect(QueryRoute.queryItems("=x&size=30m&state") == ["": "x", "size": "30m", "state": ""])
        #expect(QueryRoute.queryItems("&&") == [:])
        #expect(QueryRoute.queryItems("q=a%20b") == ["q": "a b"])
    }

    @Test func requestBodiesIgnoreMembersTheyDoNotUse() throws {
        let ack = ControlRequest.acknowledgement(Array(#"{"reason":"on it","client":"wallboard-3"}"#.utf8))
        #expect(try ack.get() == "on it")
        #expect(throws: ControlRequestError.self) {
            try ControlRequest.acknowledgement(Array(#"{"reason":" "}"#.utf8)).get()
        }
        #expect(try ControlRequest.decision([]).get() == nil)
        #expect(try ControlRequest.decision(Array(#"{"note":"ok","x":[1]}"#.utf8)).get() == "ok")
        #expect(throws: ControlRequestError.self) { try ControlRequest.decision([0]).get() }
        let silence = try ControlRequest.silence(Array(#"{"channel":"voice","duration_seconds":3600,"extra":{}}"#.utf8))
            .get()
        #expect(silence.channel == .voice && silence.end == .after(.hours(1)))
        #expect(throws: ControlRequestError.self) { try ControlRequest.silence(Array("{}".utf8)).get() }
        #expect(throws: ControlRequestError.self) {
            try ControlRequest.silence(Array(#"{"queue":"q","duration_seconds":60,"comment":null}"#.utf8)).get()
        }
        // Found by schemathesis: a bad duration beside a valid ends_at was accepted.
        #expect(throws: ControlRequestError.self) {
            try ControlRequest.silence(
                Array(#"{"queue":"q","ends_at":"2030-01-01T00:00:00Z","duration_seconds":-1}"#.utf8)
            )
            .get()
        }
        #expect(throws: ControlRequestError.self) {
            try ControlRequest.silence(Array(#"{"queue":"q","duration_seconds":7776001}"#.utf8)).get()
        }
    }

    /// What a client requests for a route is what the daemon resolves back to that route: every
    /// route, a queue name that needs encoding, and the query items a client sends.
    @Test func everyRoutesTargetResolvesToItself() throws {
        let routes: [QueryRoute] = [
            .health, .snapshot, .channels, .queues, .queue(name: "Billing & Payments/ü 50%"), .queue(name: "faults"),
            .sources, .agents, .contacts, .intervals, .forecast, .whatIf, .stream, .alerts, .acknowledgeAlert(id: 17),
            .recommendations, .decideRecommendation(id: 3, accept: true), .decideRecommendation(id: 4, accept: false),
            .silences, .addSilence, .removeSilence(id: 9), .metrics,
        ]
        for route in routes {
            #expect(QueryRoute.resolve(method: route.method, path: route.path) == .route(route), "\(route)")
        }
        let target = QueryRoute.intervals.target([.size: "30m", .date: nil])
        #expect(target == "/v1/intervals?size=30m")
        let contacts = QueryRoute.contacts.target([.state: "abandoned", .size: "a b&c"])
        let query = try #require(contacts.split(separator: "?").last)
        #expect(QueryRoute.queryItems(String(query))[.state] == "abandoned")
        #expect(QueryRoute.queryItems(String(query))[.size] == "a b&c")
    }

    /// An escape that is not two hex digits is kept as it is, byte for byte.
    @Test func invalidEscapesAreKept() {
        #expect(QueryRoute.percentDecoded("%41%62") == "Ab")
        #expect(QueryRoute.percentDecoded("%zz") == "%zz")
        #expect(QueryRoute.percentDecoded("%+f") == "%+f")
        #expect(QueryRoute.percentDecoded("a%4") == "a%4")
        #expect(QueryRoute.percentDecoded("%%41") == "%A")
        #expect(QueryRoute.percentDecoded("100%") == "100%")
    }
}
