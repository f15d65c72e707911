import Atomics

/// Hands the newest immutable value (a `FloorSnapshot`, the alert board) from the single writer
/// to any number of readers without locks: an atomic strong reference (swift-atomics
/// `ManagedAtomic` over an `AtomicReference`), whose loads are lock-free and whose old values are
/// reclaimed safely by ARC.
///
/// Thread-safe: `publish` from the writer, `current` from any thread.
public final class Publisher<Value: AtomicReference & Sendable>: Sendable where Value._AtomicBase == Value {
    private let slot: ManagedAtomic<Value>

    public init(initial: Value) {
        slot = ManagedAtomic(initial)
    }

    /// The newest published value. Lock-free; never waits for the writer.
    public var current: Value { slot.load(ordering: .acquiring) }

    /// Makes `value` the one readers see. Called by the writer only.
    public func publish(_ value: Value) {
        slot.store(value, ordering: .releasing)
    }
}

public typealias SnapshotPublisher = Publisher<FloorSnapshot>
public typealias AlertBoardPublisher = Publisher<AlertBoard>
public typealias RecommendationPublisher = Publisher<RecommendationBoard>

/// Snapshots are swapped in whole by the atomic strong reference.
extension FloorSnapshot: AtomicReference {}
extension AlertBoard: AtomicReference {}
extension RecommendationBoard: AtomicReference {}
