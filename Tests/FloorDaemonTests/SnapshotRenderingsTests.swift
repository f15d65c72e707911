import FloorCore
import FloorProtocol
import FloorQueryAPI
import FloorTestSupport
import Foundation
import Synchronization
import Testing

@testable import FloorDaemon

/// Live streams and `GET /v1/snapshot` share one rendering per published snapshot.
@Suite("Snapshot renderings")
struct SnapshotRenderingsTests {
    static func snapshot(after contacts: Int) -> FloorSnapshot {
        let engine = FloorEngine(settings: EngineSettings(clock: .event))
        for index in 0..<contacts {
            let time = Script.at(Double(index))
            engine.apply(
                Event(
                    time: time,
                    body: .contact(id: "c-\(index)", .queued(queue: "billing", channel: .voice, caller: nil))),
                wallNow: time)
        }
        return engine.makeSnapshot(wallNow: Script.at(Double(contacts)))
    }

    @Test func concurrentReadersOfOneSnapshotShareItsRendering() async {
        let first = Self.snapshot(after: 3)
        let expected = SnapshotDocument(first).json
        let cache = SnapshotRenderings()
        let texts = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<8 { group.addTask { (0..<200).map { _ in cache.json(for: first) } } }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(texts.count == 1_600 && texts.allSatisfy { $0 == expected })
        // Readers that miss at the same moment may each render once; never once per request.
        #expect((1...8).contains(cache.renderings.load(ordering: .relaxed)))

        let before = cache.renderings.load(ordering: .relaxed)
        let second = Self.snapshot(after: 5)
        #expect(cache.json(for: second) == SnapshotDocument(second).json)
        #expect(cache.json(for: second) != expected)
        #expect(cache.renderings.load(ordering: .relaxed) == before + 1)
    }

    @Test func theSnapshotEndpointUsesTheSharedRendering() throws {
        let responder = QueryResponder(
            metrics: PrometheusExposition(daemon: .init(eventsApplied: { 0 }, udpDrops: { nil })))
        let snapshot = Self.snapshot(after: 2)
        let health = QueryResponder.Health(degraded: [])
        let first = responder.respond(method: "GET", uri: "/v1/snapshot", snapshot: snapshot, health: health)
        let again = responder.respond(method: "GET", uri: "/v1/snapshot", snapshot: snapshot, health: health)
        #expect(first.status == 200 && first.body == SnapshotDocument(snapshot).json && again.body == first.body)
        #expect(responder.renderings.renderings.load(ordering: .relaxed) == 1)
    }

    @Test func healthAndQueuesAreRenderedOncePerSnapshotAndDegradation() throws {
        let responder = QueryResponder(
            metrics: PrometheusExposition(daemon: .init(eventsApplied: { 0 }, udpDrops: { nil })))
        let snapshot = Self.snapshot(after: 4)
        let healthy = QueryResponder.Health(degraded: [])
        let queue = try #require(snapshot.queues["billing"])
        for _ in 0..<3 {
            let answer = responder.respond(
                method: "GET", uri: "/v1/queues/billing", snapshot: snapshot, health: healthy)
            #expect(answer.status == 200 && answer.body == ScopeDocument(queue, includeChannel: true).json)
            let health = responder.respond(method: "GET", uri: "/v1/health", snapshot: snapshot, health: healthy)
            #expect(try HealthDocument(json: health.body).isHealthy)
        }
        #expect(responder.renderings.renderings.load(ordering: .relaxed) == 2)

        // The degradation changes apart from snapshots: the health document follows it at once.
        let stalled = QueryResponder.Health(degraded: ["engine loop is not advancing"])
        let degraded = responder.respond(method: "GET", uri: "/v1/health", snapshot: snapshot, health: stalled)
        #expect(try HealthDocument(json: degraded.body).degraded == stalled.degraded)
        #expect(responder.renderings.renderings.load(ordering: .relaxed) == 3)

        let missing = responder.respond(method: "GET", uri: "/v1/queues/nobody", snapshot: snapshot, health: healthy)
        #expect(missing.status == 404)

        // A newer snapshot is rendered afresh.
        let newer = Self.snapshot(after: 6)
        let answer = responder.respond(method: "GET", uri: "/v1/queues/billing", snapshot: newer, health: healthy)
        #expect(try ScopeDocument(json: answer.body).inQueue == 6)
    }
}
