import Atomics

/// Hands the newest immutable value (a `FloorSnapshot`, the alert board) from the single writer
/// to any number of readers without locks: an atomic strong reference (swift-atomics
/// `ManagedAtomic` over an `AtomicReference`), whose loads are lock-free and whose old values are
/// reclaimed safely by ARC.
///
/// The atomic lives alone in its own 256 bytes, aligned to 128, away from everything else: readers
/// write to it on every load (the reference-counting compare-and-swap). A `ManagedAtomic` sat in
/// an ordinary heap object, next to whatever the writer allocated around it, and the readers'
/// writes to that cache line slowed the writer: false sharing.
///
/// Thread-safe: `publish` from the writer (or any thread), `current` from any thread.
/// `@unchecked` because of the raw storage pointer, which is set once and only ever used through
/// the atomic.
public final class Publisher<Value: AtomicReference & Sendable>: @unchecked Sendable where Value._AtomicBase == Value {
    private let storage: UnsafeMutablePointer<Value.AtomicRepresentation>
    private let slot: UnsafeAtomic<Value>

    public init(initial: Value) {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: 256, alignment: 128)
        storage = raw.bindMemory(to: Value.AtomicRepresentation.self, capacity: 1)
        storage.initialize(to: Value.AtomicRepresentation(initial))
        slot = UnsafeAtomic(at: storage)
    }

    deinit {
        _ = storage.pointee.dispose()
        storage.deinitialize(count: 1)
        UnsafeMutableRawPointer(storage).deallocate()
    }

    /// The newest published value. Lock-free; never waits for the writer.
    public var current: Value { slot.load(ordering: .acquiring) }

    /// Makes `value` the one readers see. Normally called by the single writer; several
    /// publishers are safe too (an atomic store: the last one wins; the daemon's cache of the
    /// rendered snapshot relies on that).
    public func publish(_ value: Value) {
        slot.store(value, ordering: .releasing)
    }
}

public typealias SnapshotPublisher = Publisher<FloorSnapshot>

/// Snapshots are swapped in whole by the atomic strong reference.
extension FloorSnapshot: AtomicReference {}
