import Atomics
import FloorCore
import FloorProtocol
import FloorQueryAPI
import Synchronization

/// The JSON the read routes serve from the newest snapshot, each rendered once however many
/// clients want it: the whole snapshot (every live stream and every `GET /v1/snapshot`), the
/// health document, and each queue's document that somebody asked for. A reader of a snapshot
/// already rendered pays a pointer load and a dictionary lookup, not a rendering, so a tool
/// polling `/v1/queues/X` costs the same on a floor of 1,000 queues as on one of 4.
///
/// Thread-safe and lock-free: each snapshot's renderings hang off one object swapped in by an
/// atomic reference, and each of its texts is filled in by compare-and-swap. Two threads that
/// miss at the same moment both render and one result wins; both are the same text.
final class SnapshotRenderings: Sendable {
    /// Rendered texts of one snapshot.
    final class Renderings: AtomicReference, Sendable {
        /// Weak: the renderings of a snapshot nobody reads any more must not keep it (a whole
        /// floor's figures) alive beside the newer ones until the next read.
        weak let snapshot: FloorSnapshot?
        let json = ManagedAtomicLazyReference<Text>()
        /// The health document with the degradation it was rendered for (that changes apart
        /// from snapshots, so it is part of the key).
        let health = ManagedAtomic<Health?>(nil)
        let queues = ManagedAtomic<Queues>(Queues(texts: [:]))

        init(snapshot: FloorSnapshot?) { self.snapshot = snapshot }
    }

    final class Text: Sendable {
        let value: String
        init(_ value: String) { self.value = value }
    }

    final class Health: AtomicReference, Sendable {
        let degraded: [String]
        let json: String
        init(degraded: [String], json: String) {
            self.degraded = degraded
            self.json = json
        }
    }

    final class Queues: AtomicReference, Sendable {
        let texts: [String: String]
        init(texts: [String: String]) { self.texts = texts }
    }

    /// Queues whose documents are kept per snapshot: tools poll a few queues; a client walking
    /// every queue of a large floor is answered by rendering (each insertion copies the map).
    static let queuesKept = 64

    private let latest = Publisher<Renderings>(initial: Renderings(snapshot: nil))
    /// How many renderings were made (tests check the sharing).
    let renderings = Atomic<Int>(0)

    /// The renderings of `snapshot`, started now if nobody asked for this snapshot yet.
    private func renderings(of snapshot: FloorSnapshot) -> Renderings {
        let cached = latest.current
        if cached.snapshot === snapshot { return cached }
        let fresh = Renderings(snapshot: snapshot)
        latest.publish(fresh)
        return fresh
    }

    /// The snapshot's JSON (`SnapshotDocument`).
    func json(for snapshot: FloorSnapshot) -> String {
        let texts = renderings(of: snapshot)
        if let text = texts.json.load() { return text.value }
        renderings.add(1, ordering: .relaxed)
        return texts.json.storeIfNilThenLoad(Text(SnapshotDocument(snapshot).json)).value
    }

    /// The health document for `snapshot` with the daemon's current degradation.
    func health(for snapshot: FloorSnapshot, degraded: [String]) -> String {
        let texts = renderings(of: snapshot)
        if let health = texts.health.load(ordering: .acquiring), health.degraded == degraded { return health.json }
        renderings.add(1, ordering: .relaxed)
        let json = HealthDocument(snapshot, degraded: degraded).json
        texts.health.store(Health(degraded: degraded, json: json), ordering: .releasing)
        return json
    }

    /// The document of queue `name` (`ScopeDocument` with its channel); nil when the snapshot has
    /// no such queue.
    func queue(named name: String, in snapshot: FloorSnapshot) -> String? {
        let texts = renderings(of: snapshot)
        var known = texts.queues.load(ordering: .acquiring)
        if let json = known.texts[name] { return json }
        guard let scope = snapshot.queues[name] else { return nil }
        renderings.add(1, ordering: .relaxed)
        let json = ScopeDocument(scope, includeChannel: true).json
        while known.texts.count < Self.queuesKept, known.texts[name] == nil {
            var grown = known.texts
            grown[name] = json
            let (exchanged, current) = texts.queues.compareExchange(
                expected: known, desired: Queues(texts: grown), ordering: .acquiringAndReleasing)
            if exchanged { break }
            known = current
        }
        return json
    }
}
