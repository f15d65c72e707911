import Glibc

/// The daemon's background work (checkpoint encoding, the forecast, journald and log writing)
/// runs at a lower scheduling priority than its event loops: on a core shared with other
/// processes (or with each other), a 100 ms checkpoint encoding under a flood must not hold the
/// engine loop off the core for a scheduler slice, which is what a reader sees as a late fact.
///
/// Raises the calling thread's nice value to `niceness` (a thread of the dispatch pool keeps it:
/// every queue that runs there is background work). Unprivileged, so it can only go down in
/// priority, never back. Thread-safe.
enum BackgroundPriority {
    static let niceness: Int32 = 10

    static func lowerCurrentThread() {
        // On Linux the nice value is per thread, and `who` 0 is the calling thread.
        errno = 0
        let current = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        guard errno == 0, current < niceness else { return }
        setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
    }
}
