/// A contact or agent is identified within its source.
///
/// The key hashes its bytes once, when it is made, and keeps that hash. An event looks its key
/// up two or three times (open contacts, ended contacts, the insert or the removal), and tables
/// rehash keys when they remove or grow. With the standard `Hasher` (SipHash-1-3) each of those
/// cost a full hash of the string: about a fifth of the apply path's time, measured. The stored
/// hash is seeded per process (`processKey`), so crafted ids cannot predict the slots; the
/// contact tables (`EntityTable`) place keys by it directly, and a `Dictionary` of keys (agents)
/// also mixes in its per-storage seed, as Swift's hashing does.
struct EntityKey: Hashable {
    /// The source that named the entity: anomalies are counted against it. Not part of the
    /// identity: two sources of one platform instance name one entity.
    let source: SourceID
    /// The identity namespace (the platform instance, `FloorEngine.registerSource`).
    let namespace: UInt16
    let id: String
    /// The seeded hash of the id's bytes and the namespace (what `EntityTable` places keys by).
    let hash: UInt64

    init(source: SourceID, namespace: UInt16, id: String) {
        self.source = source
        self.namespace = namespace
        self.id = id
        // The view's contiguous storage (a small string's bytes are read in place) before a
        // mutable copy for withUTF8, which only a bridged string needs.
        if let hashed = id.utf8.withContiguousStorageIfAvailable({
            EntityKey.hash(bytes: UnsafeRawBufferPointer($0), source: namespace)
        }) {
            hash = hashed
        } else {
            var copy = id
            hash = copy.withUTF8 { EntityKey.hash(bytes: UnsafeRawBufferPointer($0), source: namespace) }
        }
    }

    /// A key in the source's own namespace (a source that shares identity with no other).
    init(source: SourceID, id: String) { self.init(source: source, namespace: source.index, id: id) }

    /// A queue's key: queue names are floor-wide, so every source shares one namespace.
    init(queue name: String) { self.init(source: SourceID(0), namespace: 0, id: name) }

    /// The same entity as `other` names it, attributed to `source`.
    func named(by source: SourceID) -> EntityKey {
        EntityKey(source: source, namespace: namespace, id: id)
    }

    static func == (lhs: EntityKey, rhs: EntityKey) -> Bool {
        // The hash is of the bytes, so two canonically equivalent spellings of one id (String's
        // equality) with different bytes are two keys: ids are the vendor's opaque tokens.
        lhs.hash == rhs.hash && lhs.namespace == rhs.namespace && lhs.id == rhs.id
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    /// What Dictionary and Set call instead of `hash(into:)`: the stored hash mixed with the
    /// storage's seed (a multiply-xorshift finaliser, not a full SipHash round).
    func _rawHashValue(seed: Int) -> Int {
        Int(truncatingIfNeeded: EntityKey.mix(hash ^ UInt64(bitPattern: Int64(seed))))
    }

    /// The standard library's per-process hash seed (random unless SWIFT_DETERMINISTIC_HASHING
    /// is set), the one Dictionary relies on: the pure module draws no randomness of its own.
    private static let processKey: UInt64 = {
        var hasher = Hasher()
        hasher.combine(0x666C_6F6F_7277_6174 as UInt64)
        return UInt64(bitPattern: Int64(hasher.finalize())) | 1
    }()

    /// A wyhash-style hash over 8-byte words: two multiplies per word.
    static func hash(bytes: UnsafeRawBufferPointer, source: UInt16) -> UInt64 {
        var state = processKey ^ (UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(source)
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            state = fold(state ^ word, 0xBF58_476D_1CE4_E5B9)
            offset += 8
        }
        let rest = bytes.count - offset
        if rest > 0 {
            // The last bytes without a loop, as wyhash reads them: overlapping loads (the
            // length is already in the state, so overlaps cannot make two ids collide).
            let tail: UInt64
            if bytes.count >= 8 {
                tail = bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)
            } else if rest >= 4 {
                tail =
                    UInt64(bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self)) << 32
                    | UInt64(bytes.loadUnaligned(fromByteOffset: rest - 4, as: UInt32.self))
            } else {
                tail = UInt64(bytes[0]) << 16 | UInt64(bytes[rest / 2]) << 8 | UInt64(bytes[rest - 1])
            }
            state = fold(state ^ tail, 0x94D0_49BB_1331_11EB)
        }
        return fold(state, 0x2545_F491_4F6C_DD1D)
    }

    @inline(__always)
    private static func fold(_ value: UInt64, _ multiplier: UInt64) -> UInt64 {
        let product = value.multipliedFullWidth(by: multiplier)
        return product.high ^ product.low
    }

    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        var mixed = value
        mixed ^= mixed >> 33
        mixed &*= 0xFF51_AFD7_ED55_8CCD
        mixed ^= mixed >> 33
        return mixed
    }
}
