/// Counts per minute, oldest first: a window's contacts offered in each of its minutes.
///
/// Held narrow and shared: every window of every scope in each published snapshot has one, so a
/// quiet queue's hour of minutes is 60 four-byte counts (not 60 eight-byte ones), and a scope's
/// shorter windows are the ends of its longest window's minutes, one storage for all of them.
/// A count past `UInt32.max` in one minute is held as `UInt32.max` (four billion contacts a
/// minute is not a floor).
public struct MinuteCounts: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    private let storage: [UInt32]
    /// Where this window's minutes start in `storage`; they run to its end.
    private let offset: Int

    public init(_ counts: some Sequence<Int64>) {
        storage = counts.map { UInt32(clamping: $0) }
        offset = 0
    }

    public init(arrayLiteral counts: Int64...) { self.init(counts) }

    private init(storage: [UInt32], offset: Int) {
        self.storage = storage
        self.offset = offset
    }

    /// The last `minutes` of these, sharing their storage.
    public func suffix(minutes: Int) -> MinuteCounts {
        MinuteCounts(storage: storage, offset: storage.count - Swift.min(Swift.max(0, minutes), count))
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.count - offset }

    public subscript(position: Int) -> Int64 {
        precondition(position >= 0 && position < endIndex, "minute out of range")
        return Int64(storage[offset + position])
    }

    /// Whether both are minutes of one storage (a scope's windows, a quiet scope's snapshots).
    func sharesStorage(with other: MinuteCounts) -> Bool {
        storage.withUnsafeBufferPointer { mine in
            other.storage.withUnsafeBufferPointer { $0.baseAddress == mine.baseAddress }
        }
    }

    public static func == (left: MinuteCounts, right: MinuteCounts) -> Bool {
        // Consecutive snapshots of a quiet scope share one storage: equal without reading it.
        (left.offset == right.offset && left.sharesStorage(with: right)) || left.elementsEqual(right)
    }
}
