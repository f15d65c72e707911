import FloorCore
import Foundation
import Glibc
import Logging
import Synchronization

/// Writes checkpoints to the state directory off the engine loop, and reads the last one at start.
///
/// A write is atomic and durable: the bytes go to a temporary file that is fsynced, renamed over
/// `checkpoint.bin`, and the directory is fsynced (so the rename survives a power cut). The engine
/// loop only hands over the captured value (`submit`); encoding and I/O run on the writer's own
/// thread. If a write is still running when the next checkpoint comes, only the newest waits.
///
/// A file that cannot be read back (truncated, damaged, another version) is logged once, moved
/// aside as `checkpoint.bin.refused-<time>`, and the daemon starts fresh. Thread-safe.
final class CheckpointStore: Sendable {
    struct Statistics: Sendable {
        var written: Int64 = 0
        var failures: Int64 = 0
        var lastBytes = 0
        var lastEncodeNanoseconds: UInt64 = 0
        var lastWriteNanoseconds: UInt64 = 0
    }

    let directory: String
    var path: String { directory + "/checkpoint.bin" }
    private let logger: Logger
    private let queue = DispatchQueue(label: "floorwatchd.checkpoint")
    /// The newest checkpoint not yet written, and whether the writer is draining.
    private let pending = Mutex<(next: DaemonCheckpoint?, draining: Bool)>((nil, false))
    let statistics = Mutex(Statistics())
    /// The encoding's storage, kept from one checkpoint to the next (`DaemonCheckpoint.Buffers`);
    /// only the writer's queue touches it.
    private let buffers = Mutex(DaemonCheckpoint.Buffers())
    /// The last written checkpoint's longest lists, emptied, for the next capture to fill
    /// (`takeCaptureStorage`): put here by the writer, taken by the engine loop.
    private let captureStorage = Mutex<EngineCheckpoint.Storage?>(nil)
    /// The writer thread's CPU time for the last encoding (ns), read by the checkpoint timer on
    /// the engine loop without a lock.
    let lastEncodeCPU = Atomic<UInt64>(0)
    /// The last failure logged (monotonic ns): one line a minute while the disk refuses.
    private let lastFailureLog = Atomic<UInt64>(0)

    init(directory: String, logger: Logger) {
        self.directory = directory
        self.logger = logger
    }

    /// Hands a checkpoint to the writer; returns at once.
    func submit(_ checkpoint: consuming DaemonCheckpoint) {
        // Moved in, not copied: the writer gives the lists' storage back once written
        // (`takeCaptureStorage`), which takes it being the only holder.
        var handed: DaemonCheckpoint? = consume checkpoint
        let start = pending.withLock { state -> Bool in
            state.next = handed.take()
            if state.draining { return false }
            state.draining = true
            return true
        }
        if start { queue.async { self.drain() } }
    }

    /// The storage for the next capture, when the writer has given the last one back and is not
    /// handing it over this instant (the engine loop never waits on the writer: it captures into
    /// new storage then).
    func takeCaptureStorage() -> EngineCheckpoint.Storage {
        captureStorage.withLockIfAvailable { $0.take() }.flatMap { $0 } ?? EngineCheckpoint.Storage()
    }

    private func drain() {
        while let next = pending.withLock({ state -> DaemonCheckpoint? in
            guard let next = state.next else {
                state.draining = false
                return nil
            }
            state.next = nil
            return next
        }) {
            write(consume next)
        }
    }

    /// Writes a checkpoint now, after any still pending (at stop). Blocks the caller.
    func writeNow(_ checkpoint: consuming DaemonCheckpoint) {
        var handed: DaemonCheckpoint? = consume checkpoint
        queue.sync {
            pending.withLock { $0.next = nil }
            if let checkpoint = handed.take() { write(consume checkpoint) }
        }
    }

    private func write(_ checkpoint: consuming DaemonCheckpoint) {
        let started = WallClock.monotonicNanoseconds()
        let startedCPU = WallClock.threadCPUNanoseconds()
        defer {
            // Swapped in under the lock; storage the engine did not take since (a write slower
            // than the interval) is freed after it, so the engine loop never finds the lock held
            // for a free of megabytes.
            var handed: EngineCheckpoint.Storage? = checkpoint.engine.takeStorage()
            captureStorage.withLock { swap(&$0, &handed) }
            handed = nil
        }
        do {
            var storage = buffers.withLock { kept in
                defer { kept = DaemonCheckpoint.Buffers() }
                return kept
            }
            // Kept for the next checkpoint whether or not this one reaches the disk.
            defer { buffers.withLock { $0 = storage } }
            let bytes = try checkpoint.encoded(reusing: &storage)
            let encoded = WallClock.monotonicNanoseconds()
            lastEncodeCPU.store(WallClock.threadCPUNanoseconds() &- startedCPU, ordering: .relaxed)
            storage.frame = bytes
            try Self.writeAtomically(bytes, to: path, directory: directory)
            let finished = WallClock.monotonicNanoseconds()
            statistics.withLock {
                $0.written += 1
                $0.lastBytes = bytes.count
                $0.lastEncodeNanoseconds = encoded - started
                $0.lastWriteNanoseconds = finished - encoded
            }
        } catch {
            statistics.withLock { $0.failures += 1 }
            let now = WallClock.monotonicNanoseconds()
            if now - lastFailureLog.load(ordering: .relaxed) > 60_000_000_000 {
                lastFailureLog.store(now, ordering: .relaxed)
                logger.error("checkpoint not written", metadata: ["path": "\(path)", "error": "\(error)"])
            }
        }
    }

    struct WriteError: Error, CustomStringConvertible {
        var step: String
        var code: Int32
        var description: String { "\(step): \(String(cString: strerror(code)))" }
    }

    static func writeAtomically(_ bytes: [UInt8], to path: String, directory: String) throws(WriteError) {
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw WriteError(step: "open \(temporary)", code: errno) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes {
                Glibc.write(descriptor, $0.baseAddress! + written, bytes.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(descriptor)
                throw WriteError(step: "write", code: code)
            }
            written += count
        }
        guard fsync(descriptor) == 0 else {
            let code = errno
            close(descriptor)
            throw WriteError(step: "fsync", code: code)
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else { throw WriteError(step: "rename", code: errno) }
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directoryDescriptor >= 0 else { throw WriteError(step: "open \(directory)", code: errno) }
        defer { close(directoryDescriptor) }
        guard fsync(directoryDescriptor) == 0 else { throw WriteError(step: "fsync \(directory)", code: errno) }
    }

    /// The checkpoint to restore, if there is one that is readable and recent enough. Logs why
    /// not otherwise; an unreadable file is moved aside so the next start does not meet it again.
    func load(maximumAge: Milliseconds, now: EventTime) -> DaemonCheckpoint? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let checkpoint: DaemonCheckpoint
        do {
            checkpoint = try DaemonCheckpoint(decoding: Array(data))
        } catch {
            let aside = path + ".refused-\(now.milliseconds / 1000)"
            rename(path, aside)
            logger.error(
                "checkpoint refused, starting fresh",
                metadata: ["path": "\(path)", "reason": "\(error)", "moved_to": "\(aside)"])
            return nil
        }
        let age = now - checkpoint.takenAt
        guard age <= maximumAge else {
            logger.notice(
                "checkpoint too old, starting fresh",
                metadata: [
                    "path": "\(path)", "age_seconds": "\(age / 1000)", "maximum_seconds": "\(maximumAge / 1000)",
                ])
            return nil
        }
        return checkpoint
    }
}
