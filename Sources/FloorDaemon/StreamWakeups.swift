import Atomics
import NIOCore

/// Wakes the live streams (`/v1/stream`) when a snapshot is published, so a stream pushes a
/// change as it happens instead of at its next interval (each stream still sends at most one
/// event per interval). The engine loop calls `published()`: two atomic operations when streams
/// exist, one when none ever did; the wake-up runs on the query loop, at most one queued at a time.
///
/// Thread-safe: `published()` from any thread; `register`/`unregister` and the wake-ups on the
/// query loop.
final class StreamWakeups: Sendable {
    private final class Streams: Sendable {
        let loop: any EventLoop
        let wakers: NIOLoopBoundBox<[Int: @Sendable () -> Void]>
        let nextID: NIOLoopBoundBox<Int>

        init(loop: any EventLoop) {
            self.loop = loop
            wakers = NIOLoopBoundBox([:], eventLoop: loop)
            nextID = NIOLoopBoundBox(0, eventLoop: loop)
        }
    }

    private let streams = ManagedAtomicLazyReference<Streams>()
    private let pending = ManagedAtomic(false)

    /// Adds a stream on `loop` (the query loop, the same for every stream); returns its id.
    func register(on loop: any EventLoop, _ wake: @escaping @Sendable () -> Void) -> Int {
        let streams = self.streams.storeIfNilThenLoad(Streams(loop: loop))
        precondition(streams.loop === loop, "every live stream runs on the query loop")
        streams.nextID.value += 1
        streams.wakers.value[streams.nextID.value] = wake
        return streams.nextID.value
    }

    func unregister(_ id: Int) {
        streams.load()?.wakers.value[id] = nil
    }

    /// A snapshot was published: wake every stream once, soon, on its loop.
    func published() {
        guard let streams = streams.load(), !pending.exchange(true, ordering: .acquiringAndReleasing) else { return }
        streams.loop.execute { [pending] in
            pending.store(false, ordering: .releasing)
            for wake in streams.wakers.value.values { wake() }
        }
    }
}
