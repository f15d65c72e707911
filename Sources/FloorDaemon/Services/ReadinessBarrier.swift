import ServiceLifecycle
import Synchronization

/// The daemon is ready when every service that opens sockets has opened them: the systemd
/// reporting service waits here before READY=1, the ingest and query services arrive with the
/// addresses they listen on. Abandoned when shutdown starts first (a service failed to start),
/// so nothing waits for ever.
///
/// Thread-safe (a mutex guards the state; waiting is a continuation, never a blocked thread).
final class ReadinessBarrier: Sendable {
    private struct State {
        var waitingFor: Set<String>
        var addresses: [String] = []
        var abandoned = false
        var waiters: [CheckedContinuation<[String]?, Never>] = []
    }

    private let state: Mutex<State>

    init(parts: Set<String>) { state = Mutex(State(waitingFor: parts)) }

    /// One part is up, listening on these addresses.
    func arrive(_ part: String, addresses: [String]) {
        let (waiters, result) = state.withLock { state -> ([CheckedContinuation<[String]?, Never>], [String]?) in
            state.waitingFor.remove(part)
            state.addresses += addresses
            guard state.waitingFor.isEmpty, !state.abandoned else { return ([], nil) }
            defer { state.waiters = [] }
            return (state.waiters, state.addresses)
        }
        for waiter in waiters { waiter.resume(returning: result) }
    }

    /// Nobody will arrive any more: waiters get nil.
    func abandon() {
        let waiters = state.withLock { state in
            state.abandoned = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: nil) }
    }

    /// Inside a service: every address once every part has arrived; nil when shutdown begins
    /// first (the barrier is then abandoned, so no service waits for ever).
    func waitUnlessShuttingDown() async -> [String]? {
        await withGracefulShutdownHandler {
            await wait()
        } onGracefulShutdown: {
            self.abandon()
        }
    }

    /// Every address once every part has arrived; nil when abandoned first.
    func wait() async -> [String]? {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> [String]?? in
                if state.abandoned { return .some(nil) }
                if state.waitingFor.isEmpty { return .some(state.addresses) }
                state.waiters.append(continuation)
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
