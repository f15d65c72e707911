import FloorCore

/// Splits received bytes into lines (NDJSON over TCP, or a file) and decodes each, for one source:
/// the events go to the caller's batch, rejections are counted by reason, and an incomplete last
/// line is kept for the next read. A line over the limit is discarded up to its newline and counted
/// once as `too_long`, so one bad sender cannot make the buffer grow without bound.
///
/// Not thread-safe: one per connection or file, used by the thread that reads it.
public struct LineBatchDecoder {
    /// Decodes one line, appending zero or more events.
    public typealias Decode = (UnsafeRawBufferPointer, inout [Event]) throws(DecodeError) -> Void

    public let source: SourceID
    public let maximumLineLength: Int
    private let decodeLine: Decode
    private var partial: [UInt8] = []
    private var discardingOverlongLine = false
    /// Rejections since the last `takeErrors()`, by reason.
    public private(set) var errors: [DecodeError.Reason: Int64] = [:]
    /// The most recent rejection, for rate-limited logging.
    public private(set) var lastError: DecodeError?

    /// For decoders that give one event per line (the native protocol).
    public init(
        source: SourceID, maximumLineLength: Int = 16 * 1024,
        single: @escaping (UnsafeRawBufferPointer) throws(DecodeError) -> Event
    ) {
        self.init(source: source, maximumLineLength: maximumLineLength) { (bytes, events) throws(DecodeError) in
            events.append(try single(bytes))
        }
    }

    public init(source: SourceID, maximumLineLength: Int = 16 * 1024, decode: @escaping Decode) {
        self.source = source
        self.maximumLineLength = maximumLineLength
        self.decodeLine = decode
    }

    /// Decodes every complete line in `bytes` (plus what was left from the previous call) and
    /// appends the events, stamped with this source, to `batch`.
    ///
    /// With `applyEvery`, `apply` is given the batch whenever it holds that many events (and is
    /// expected to empty it): the caller, on the engine's thread, applies a read in slices small
    /// enough that the events just decoded are still in the CPU's first-level cache (128 events
    /// are about 12 KB). The rest stays in `batch` for the caller's usual hand-over.
    public mutating func consume(
        _ bytes: UnsafeRawBufferPointer, into batch: inout [Event], applyEvery: Int = .max,
        _ apply: (inout [Event]) -> Void = { _ in }
    ) {
        var start = 0
        while start < bytes.count {
            if batch.count >= applyEvery { apply(&batch) }
            guard let newline = bytes[start...].firstIndex(of: 0x0A) else {
                keepPartial(UnsafeRawBufferPointer(rebasing: bytes[start...]))
                return
            }
            if discardingOverlongLine {
                discardingOverlongLine = false
                partial.removeAll(keepingCapacity: true)
            } else if partial.isEmpty {
                decode(UnsafeRawBufferPointer(rebasing: bytes[start..<newline]), into: &batch)
            } else {
                partial.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<newline]))
                let line = partial
                partial.removeAll(keepingCapacity: true)
                line.withUnsafeBytes { decode($0, into: &batch) }
            }
            start = newline + 1
        }
    }

    /// Decodes what is left at the end of a stream (a last line without a newline).
    public mutating func finish(into batch: inout [Event]) {
        guard !partial.isEmpty, !discardingOverlongLine else { return }
        let line = partial
        partial.removeAll()
        line.withUnsafeBytes { decode($0, into: &batch) }
    }

    /// Returns and clears the error counts (the engine adds them to the source's figures).
    public mutating func takeErrors() -> [DecodeError.Reason: Int64] {
        defer { errors.removeAll(keepingCapacity: true) }
        return errors
    }

    private mutating func keepPartial(_ bytes: UnsafeRawBufferPointer) {
        guard !discardingOverlongLine else { return }
        if partial.count + bytes.count > maximumLineLength {
            reject(DecodeError(.tooLong, at: maximumLineLength, "line longer than \(maximumLineLength) bytes"))
            discardingOverlongLine = true
            partial.removeAll(keepingCapacity: true)
            return
        }
        partial.append(contentsOf: bytes)
    }

    private mutating func decode(_ line: UnsafeRawBufferPointer, into batch: inout [Event]) {
        var line = line
        if let last = line.last, last == 0x0D { line = UnsafeRawBufferPointer(rebasing: line.dropLast()) }
        // Blank lines are allowed between NDJSON records.
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
        guard line.count <= maximumLineLength else {
            reject(
                DecodeError(.tooLong, at: maximumLineLength, "line of \(line.count) bytes exceeds \(maximumLineLength)")
            )
            return
        }
        let first = batch.count
        do {
            try decodeLine(line, &batch)
            for index in first..<batch.count { batch[index].source = source }
        } catch {
            batch.removeSubrange(first...)
            reject(error)
        }
    }

    private mutating func reject(_ error: DecodeError) {
        errors[error.reason, default: 0] += 1
        // Ignored records are normal traffic: only a real rejection is the one logged.
        if !error.reason.isIgnored { lastError = error }
    }
}
