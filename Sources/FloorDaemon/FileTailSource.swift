import FloorCore
import FloorProtocol
import Foundation
import Glibc
import Logging
import NIOCore

/// Follows a log file (Asterisk's queue_log) like `tail -F`: reads what is appended, follows
/// rotation (a new file at the path: the old one is finished first) and truncation (read again
/// from the start), and saves its offset in the state directory so a restart resumes where it
/// stopped instead of re-reading or skipping lines.
///
/// Reads happen on the engine loop every `interval` (small reads of what was appended; one apply
/// per read, no cross-thread hand-off). A backlog (the first start on a multi-GB queue_log, a
/// restart after a long stop) is read in slices of `sliceBytes`, one per loop turn, saving the
/// offset after each: ticks, queries and other sources run between slices, so the watchdog keeps
/// being fed and a stop mid-catch-up resumes where it was. Thread-safe: state lives on the
/// engine loop.
final class FileTailSource: Sendable {
    let path: String
    let format: SourceFormat
    /// The zone of the file's local wall-clock times (Asterisk's ISO queue_log).
    private let localTime: AsteriskQueueLogDecoder.LocalTimeConversion
    private let host: EngineHost
    private let source: SourceID
    private let offsetFile: String
    /// The daemon checkpoints its state with this file's position (the offset file is not used).
    private let checkpointed: Bool
    private let maximumLineBytes: Int
    private let logger: Logger
    private let state: NIOLoopBoundBox<State>

    private struct State {
        var descriptor: Int32 = -1
        var inode: UInt64 = 0
        var offset: Int64 = 0
        var lines: LineBatchDecoder?
        /// The last bytes before `offset`: if they change, the file was truncated and rewritten
        /// (a size check alone misses a truncation followed at once by a write).
        var guardBytes: [UInt8] = []
        var task: RepeatedTask?
        var savedOffset: Int64 = -1
        /// Why the file cannot be read now, as last logged: logged once per change, not per poll.
        /// Not yet known at start, so the first open or failure is reported either way.
        var problem: String? = "not opened yet"
        /// A backlog is being read slice by slice; polls leave reading to the catch-up.
        var catchingUp = false
        var stopped = false
    }

    /// At most this much is read and applied per engine-loop turn (tens of milliseconds of work).
    /// 256 KiB: a few milliseconds in a release build, well under a second in a debug build on a
    /// loaded machine (1 MiB turns could miss a 2 s watchdog there).
    static let sliceBytes = 256 * 1024

    init(
        path: String, format: SourceFormat, host: EngineHost, source: SourceID, stateDirectory: String,
        maximumLineBytes: Int, timeZone: TimeZone = .current, checkpointed: Bool = false,
        logger: Logger
    ) {
        self.checkpointed = checkpointed
        self.path = path
        self.format = format
        localTime = timeZone.localTimeConversion
        self.host = host
        self.source = source
        self.maximumLineBytes = maximumLineBytes
        self.logger = logger
        // One offset file per followed path.
        let safe = path.map { $0.isLetter || $0.isNumber ? $0 : "_" }
        offsetFile = stateDirectory + "/tail-" + String(safe) + ".offset"
        state = NIOLoopBoundBox.makeBoxSendingValue(State(), eventLoop: host.loop)
    }

    func start(every interval: TimeAmount = .milliseconds(250)) {
        host.loop.execute {
            // Parsing admits only formats that can be tailed (line formats).
            self.state.value.lines = self.format.makeLineBatchDecoder(
                source: self.source, maximumLineBytes: self.maximumLineBytes, localTime: self.localTime)!
            // With checkpoints, the position saved with the restored state: the lines before it
            // are in that state, the ones after it are not. Without a restored state the file is
            // read from its start, rebuilding the state it describes (lines older than the day's
            // intervals only count as late). The offset file is for daemons without checkpoints.
            let restored = self.host.followFile(self.path, position: { [unowned self] in self.position })
            if let restored {
                self.state.value.inode = restored.inode
                self.state.value.offset = restored.offset
            } else if !self.checkpointed {
                self.restoreOffset()
            }
            self.state.value.task = self.host.loop.scheduleRepeatedTask(initialDelay: .zero, delay: interval) { _ in
                self.poll()
            }
        }
    }

    func stop() async {
        try? await host.loop.submit {
            self.state.value.task?.cancel()
            self.state.value.stopped = true
            // Lines not read yet are read at the next start, from the saved offset.
            if !self.state.value.catchingUp { _ = self.readAvailable() }
            self.saveOffset()
            self.host.fileStopped(self.path, at: self.position)
            if self.state.value.descriptor >= 0 { close(self.state.value.descriptor) }
            self.state.value.descriptor = -1
        }.get()
    }

    /// Where the lines applied end. On the loop.
    private var position: DaemonCheckpoint.FilePosition {
        DaemonCheckpoint.FilePosition(inode: state.value.inode, offset: state.value.offset)
    }

    private func restoreOffset() {
        guard let text = try? String(contentsOfFile: offsetFile, encoding: .utf8) else { return }
        let parts = text.split(separator: " ")
        guard parts.count == 2, let inode = UInt64(parts[0]),
            let offset = Int64(parts[1].trimmingCharacters(in: .whitespacesAndNewlines))
        else { return }
        state.value.inode = inode
        state.value.offset = offset
    }

    private func saveOffset() {
        guard !checkpointed, state.value.savedOffset != state.value.offset else { return }
        let text = "\(state.value.inode) \(state.value.offset)\n"
        try? text.write(toFile: offsetFile, atomically: true, encoding: .utf8)
        state.value.savedOffset = state.value.offset
    }

    private func poll() {
        guard !state.value.catchingUp, !state.value.stopped else { return }
        var status = stat()
        let exists = stat(path, &status) == 0
        if state.value.descriptor < 0 {
            guard exists else {
                report("missing: \(String(cString: strerror(errno)))")
                return
            }
            openFile(inode: UInt64(status.st_ino))
            guard state.value.descriptor >= 0 else { return }
        }
        // A backlog: the old file (if rotated) is finished by the catch-up, and rotation is
        // followed by the poll after it.
        guard !readOrCatchUp() else { return }
        if exists, UInt64(status.st_ino) != state.value.inode {
            // Rotated: the old file is finished (read above); follow the new one from its start.
            logger.info("followed file was rotated", metadata: ["path": "\(path)"])
            close(state.value.descriptor)
            state.value.descriptor = -1
            state.value.offset = 0
            openFile(inode: UInt64(status.st_ino))
            guard !readOrCatchUp() else { return }
        }
        saveOffset()
    }

    /// Reads one slice; when more is waiting, saves the offset and hands reading to the
    /// catch-up (returns true).
    private func readOrCatchUp() -> Bool {
        guard readAvailable() else { return false }
        saveOffset()
        catchUp()
        return true
    }

    /// Reads the next slice of a backlog in a later loop turn, until it is read.
    private func catchUp() {
        if !state.value.catchingUp {
            state.value.catchingUp = true
            logger.notice("catching up on the followed file", metadata: ["path": "\(path)"])
        }
        host.loop.execute {
            guard !self.state.value.stopped else { return }
            let more = self.readAvailable()
            self.saveOffset()
            if more {
                self.catchUp()
            } else {
                self.state.value.catchingUp = false
                self.logger.notice("caught up on the followed file", metadata: ["path": "\(self.path)"])
            }
        }
    }

    /// Logs a change in whether the file can be read (a missing file, a permission the unit
    /// lacks), once, and when it can be read again: an admin must learn why nothing arrives.
    private func report(_ problem: String?) {
        guard problem != state.value.problem else { return }
        state.value.problem = problem
        // Shown in /v1/sources too, as a subscription's connection state is.
        host.connectionStatus(
            source: source, status: problem.map { "cannot read: \($0)" } ?? "reading", reconnected: false)
        if let problem {
            logger.warning(
                "cannot read the followed file; retrying every poll",
                metadata: ["path": "\(path)", "problem": "\(problem)"])
        } else {
            logger.notice("reading the followed file", metadata: ["path": "\(path)"])
        }
    }

    private func openFile(inode: UInt64) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            report("cannot open: \(String(cString: strerror(errno)))")
            return
        }
        report(nil)
        if inode != state.value.inode {
            // Not the file the saved offset belongs to.
            state.value.offset = 0
        }
        state.value.descriptor = descriptor
        state.value.inode = inode
    }

    private static let guardLength = 64

    private func bytesBefore(_ descriptor: Int32, _ offset: Int64) -> [UInt8] {
        let length = Int(min(Int64(Self.guardLength), offset))
        guard length > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: length)
        let count = pread(descriptor, &bytes, length, off_t(offset - Int64(length)))
        return count == length ? bytes : []
    }

    private func guardMatches(_ descriptor: Int32, _ offset: Int64) -> Bool {
        // A restored offset has no guard yet: trust it.
        guard offset > 0, !state.value.guardBytes.isEmpty else { return true }
        return bytesBefore(descriptor, offset) == state.value.guardBytes
    }

    /// Reads and applies up to `sliceBytes` of whole lines; returns whether more is waiting.
    private func readAvailable() -> Bool {
        let descriptor = state.value.descriptor
        guard descriptor >= 0, var lines = state.value.lines else { return false }
        var status = stat()
        var offset = state.value.offset
        if fstat(descriptor, &status) == 0, Int64(status.st_size) < offset || !guardMatches(descriptor, offset) {
            logger.info("followed file was truncated", metadata: ["path": "\(path)"])
            offset = 0
        }
        var batch: [Event] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var bytes = 0
        var more = false
        while true {
            if bytes >= Self.sliceBytes {
                more = true
                break
            }
            let count = pread(descriptor, &buffer, buffer.count, off_t(offset))
            guard count > 0 else { break }
            // Only whole lines are consumed: a partial last line waits for the rest.
            let chunk = buffer[0..<count]
            guard let lastNewline = chunk.lastIndex(of: 0x0A) else {
                if count == buffer.count {
                    // A line longer than the buffer: the decoder counts and skips it.
                    chunk.withUnsafeBytes { host.consume($0, with: &lines, into: &batch) }
                    offset += Int64(count)
                    bytes += count
                    continue
                }
                break
            }
            let whole = chunk[...lastNewline]
            whole.withUnsafeBytes { host.consume($0, with: &lines, into: &batch) }
            offset += Int64(whole.count)
            bytes += whole.count
            if count < buffer.count { break }
        }
        state.value.offset = offset
        state.value.guardBytes = bytesBefore(descriptor, offset)
        host.ingest(
            &batch, errors: lines.takeErrors(), lastError: lines.lastError, bytes: bytes, source: source,
            publishing: !more)
        state.value.lines = lines
        return more
    }
}
