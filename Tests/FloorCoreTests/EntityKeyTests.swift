import FloorTestSupport
import Testing

@testable import FloorCore

/// Contacts and agents are found by `EntityKey`, which keeps its own hash of the id's bytes.
@Suite("Entity keys")
struct EntityKeyTests {
    /// Ids of every length around the 8-byte words the hash reads, long UUID-like ones, and
    /// non-ASCII ones: a dictionary of them finds each one, and only it.
    @Test func dictionaryFindsEveryKeyAndNoOther() {
        var ids: [String] = []
        for length in 1...40 { ids.append(String(repeating: "x", count: length)) }
        for number in 0..<2_000 { ids.append("c-\(number)") }
        ids += ["6a3f2c1e-0b9d-4c7e-8f21-9d0c5b7a1e42", "6a3f2c1e-0b9d-4c7e-8f21-9d0c5b7a1e43", "José", "Jose", "😀"]
        var table: [EntityKey: Int] = [:]
        for (index, id) in ids.enumerated() {
            table[EntityKey(source: SourceID(0), id: id)] = index
            table[EntityKey(source: SourceID(1), id: id)] = -index - 1
        }
        #expect(table.count == ids.count * 2)
        for (index, id) in ids.enumerated() {
            #expect(table[EntityKey(source: SourceID(0), id: id)] == index)
            #expect(table[EntityKey(source: SourceID(1), id: id)] == -index - 1)
            #expect(table[EntityKey(source: SourceID(2), id: id)] == nil)
        }
        // Removing half keeps the rest findable (removal moves entries by their hash).
        for id in ids.prefix(ids.count / 2) { table[EntityKey(source: SourceID(0), id: id)] = nil }
        for (index, id) in ids.enumerated() {
            #expect(table[EntityKey(source: SourceID(0), id: id)] == (index < ids.count / 2 ? nil : index))
        }
    }

    @Test func equalKeysHashEqually() {
        let a = EntityKey(source: SourceID(3), id: "agent-" + String(42))
        let b = EntityKey(source: SourceID(3), id: "agent-42")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a._rawHashValue(seed: 7) == b._rawHashValue(seed: 7))
        #expect(a != EntityKey(source: SourceID(4), id: "agent-42"))
        #expect(a != EntityKey(source: SourceID(3), id: "agent-43"))
    }
}

/// The ingest path moves events out of its batch; the other forms copy them. Both must count alike.
@Suite("Draining batches")
struct DrainingBatchTests {
    @Test func drainingAppliesWhatCopyingApplies() throws {
        var options = SyntheticStream.Options()
        options.contacts = 3_000
        options.seed = 5
        let events = Array(SyntheticStream(options))
        let copying = FloorEngine(settings: EngineSettings(clock: .event))
        let draining = FloorEngine(settings: EngineSettings(clock: .event))
        var index = 0
        while index < events.count {
            let end = min(events.count, index + 97)
            copying.apply(events[index..<end], wallNow: Script.origin)
            var batch = Array(events[index..<end])
            draining.apply(draining: &batch, wallNow: Script.origin)
            #expect(batch.isEmpty)
            index = end
        }
        let (a, b) = (copying.makeSnapshot(wallNow: Script.origin), draining.makeSnapshot(wallNow: Script.origin))
        #expect(a.overall.windows.map(\.counts) == b.overall.windows.map(\.counts))
        // The stream outlasts the windows: its lifetime totals show the work was applied.
        #expect(a.lifetime[.offered] == 3_000 && b.lifetime[.offered] == 3_000)
        #expect(a.lifetime == b.lifetime)
        #expect(a.overall.inQueue == b.overall.inQueue)
    }
}

/// A contact's steps beyond the six kept inline still recognise their repeats.
@Suite("Step history")
struct StepHistoryTests {
    @Test func repeatsAreDuplicatesBeyondTheInlineSteps() {
        var script = Script()
        script.queued("c1", at: 0)
        script.connected("c1", at: 5)
        for pair in 0..<6 {
            script.contact("c1", .held, at: 10 + Double(pair) * 10)
            script.contact("c1", .resumed, at: 15 + Double(pair) * 10)
        }
        // Repeats of step 2 (inline) and of step 13 (beyond the inline six), then the end. The
        // contact is connected when the repeated hold arrives: taken as new, it would hold again.
        script.connected("c1", at: 5)
        script.contact("c1", .held, at: 60)
        script.ended("c1", at: 100)
        let engine = FloorEngine(settings: EngineSettings(clock: .event))
        let snapshot = engine.run(script)
        #expect(engine.anomalies(.duplicate) == 2)
        #expect(snapshot.lifetime[.handled] == 1)
        // Six holds of 5 s each: hold time counts each once.
        #expect(snapshot.lifetime[.holdMs] == 30_000)
    }

    /// Steps more than 37 hours from the first (an email answered days later) are kept as
    /// full stamps: their repeats are still duplicates, and near-identical times are not.
    @Test func distantStepsAreKeptExactly() {
        var script = Script()
        script.queued("m1", "mail", .email, at: 0)
        let twoDays = 2 * 86_400.0
        script.connected("m1", at: twoDays)
        script.contact("m1", .held, at: twoDays + 10)
        script.contact("m1", .held, at: twoDays + 10)  // a repeat
        script.contact("m1", .resumed, at: twoDays + 20)
        script.contact("m1", .held, at: twoDays + 30)  // a new hold 20 s later, not a repeat
        script.contact("m1", .resumed, at: twoDays + 40)
        script.ended("m1", at: twoDays + 100)
        var settings = EngineSettings(clock: .event)
        settings.maximumContactAge[.email] = .hours(24 * 7)
        let engine = FloorEngine(settings: settings)
        let snapshot = engine.run(script)
        #expect(engine.anomalies(.duplicate) == 1)
        #expect(snapshot.lifetime[.holdMs] == 20_000)
        #expect(snapshot.lifetime[.handled] == 1)
    }
}

/// The contact tables against Swift's Dictionary as the reference, over random insertions,
/// updates, removals and lookups (growth and the backward shift of removals included).
@Suite("Entity table")
struct EntityTableTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func behavesAsADictionary(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let table = EntityTable<Int>(minimumCapacity: 4)
        var reference: [EntityKey: Int] = [:]
        // Few distinct ids, so operations hit existing keys often and probe runs collide.
        let keys = (0..<600).map { EntityKey(source: SourceID(UInt16($0 % 3)), id: "k-\($0 / 3)") }
        for step in 0..<40_000 {
            let key = keys[Int(random.next() % UInt64(keys.count))]
            switch random.next() % 4 {
            case 0:
                if table.slot(of: key) == nil {
                    table.insert(key, step)
                } else {
                    table.value(at: table.slot(of: key)!).pointee = step
                }
                reference[key] = step
            case 1:
                table[key] = step  // update: one probe run, adding or replacing
                reference[key] = step
            case 2:
                #expect(table.removeValue(forKey: key) == reference.removeValue(forKey: key))
            default:
                #expect(table[key] == reference[key])
            }
            #expect(table.count == reference.count)
        }
        for key in keys { #expect(table[key] == reference[key]) }
        var seen: [EntityKey: Int] = [:]
        for (key, value) in table { seen[key] = value }
        #expect(seen == reference)
        // Emptied, then refilled: nothing left behind by the removals.
        for key in keys { table[key] = nil }
        #expect(table.isEmpty && Array(table).isEmpty)
        for key in keys.prefix(100) { table.insert(key, 1) }
        #expect(table.count == 100 && keys.prefix(100).allSatisfy { table[$0] == 1 })
    }

    /// Thousands of entries coming and going in waves, so the entries cross the edges of their
    /// chunks both ways (a chunk holds 1,024) and the last entry keeps moving into removed ones:
    /// values are strings, so a lost or doubled move shows as a wrong or freed value.
    @Test(arguments: [UInt64(7), 8])
    func wavesAcrossChunkEdgesKeepEveryValue(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let table = EntityTable<String>()
        var reference: [EntityKey: String] = [:]
        let keys = (0..<6_000).map { EntityKey(source: SourceID(UInt16($0 % 2)), id: "contact-\($0)") }
        for wave in 0..<6 {
            let growing = wave % 2 == 0
            for step in 0..<9_000 {
                let key = keys[Int(random.next() % UInt64(keys.count))]
                if growing == (random.next() % 4 != 0) {
                    let value = "value \(wave)-\(step) of a string long enough to live on the heap"
                    table[key] = value
                    reference[key] = value
                } else {
                    #expect(table.removeValue(forKey: key) == reference.removeValue(forKey: key))
                }
            }
            #expect(table.count == reference.count)
            var seen: [EntityKey: String] = [:]
            for (key, value) in table { seen[key] = value }
            #expect(seen == reference)
            #expect(table.slots.count == reference.count)
            #expect(table.slots.allSatisfy { table.value(at: $0).pointee.hasPrefix("value") })
        }
    }
}
