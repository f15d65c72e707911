import Atomics
import FloorCore
import FloorProtocol
import FloorQueryAPI
import Synchronization

/// The JSON of the newest snapshot, rendered once however many clients want it: every live
/// stream (one per wall screen or tool) and every `GET /v1/snapshot` within a snapshot's life
/// share one rendering, instead of each building the same text (a full floor is tens of KB).
///
/// Thread-safe and lock-free: the rendering is swapped in by an atomic reference. Two threads
/// that miss at the same moment both render, and one result wins; both are the same text.
final class SnapshotJSONCache: Sendable {
    final class Rendered: AtomicReference, Sendable {
        let snapshot: FloorSnapshot?
        let json: String

        init(snapshot: FloorSnapshot?, json: String) {
            self.snapshot = snapshot
            self.json = json
        }
    }

    private let latest = Publisher<Rendered>(initial: Rendered(snapshot: nil, json: ""))
    /// How many renderings were made (tests check the sharing).
    let renderings = Atomic<Int>(0)

    /// The snapshot's JSON (`SnapshotJSON.snapshot`), rendered now only if nobody did yet.
    func json(for snapshot: FloorSnapshot) -> String {
        let cached = latest.current
        if cached.snapshot === snapshot { return cached.json }
        let rendered = Rendered(snapshot: snapshot, json: SnapshotDocument(snapshot).json)
        renderings.add(1, ordering: .relaxed)
        latest.publish(rendered)
        return rendered.json
    }
}
