import Atomics

/// Hands the newest `FloorSnapshot` from the single writer to any number of readers without
/// locks: an atomic strong reference (swift-atomics `ManagedAtomic` over an `AtomicReference`),
/// whose loads are lock-free and whose old snapshots are reclaimed safely by ARC.
///
/// Thread-safe: `publish` from the writer, `current` from any thread.
public final class SnapshotPublisher: Sendable {
    private let slot: ManagedAtomic<FloorSnapshot>

    public init(initial: FloorSnapshot) {
        slot = ManagedAtomic(initial)
    }

    /// The newest published snapshot. Lock-free; never waits for the writer.
    public var current: FloorSnapshot { slot.load(ordering: .acquiring) }

    /// Makes `snapshot` the one readers see. Called by the writer only.
    public func publish(_ snapshot: FloorSnapshot) {
        slot.store(snapshot, ordering: .releasing)
    }
}

/// Snapshots are swapped in whole by the atomic strong reference.
extension FloorSnapshot: AtomicReference {}
