import Foundation
import Testing

@testable import FloorCore

/// The narrow forms agents' figures are kept in: the same sums as plain 64-bit addition within a
/// day's reach, clamped (never wrapped) beyond it.
@Suite("Compact agent figures")
struct CompactAgentFiguresTests {
    /// Plain sums of the work, by hand: the reference.
    struct NaiveSums {
        var handled = [Int64](repeating: 0, count: 4)
        var handle: Int64 = 0, hold: Int64 = 0, afterContactWork: Int64 = 0, missed: Int64 = 0
        var onContact: Int64 = 0, idle: Int64 = 0, slotBusy: Int64 = 0, slotCapacity: Int64 = 0
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func aDaysWorkSumsAsPlainAddition(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var compact = CompactAgentFigures()
        var naive = NaiveSums()
        // A long day: 600 contacts and 24 hours of time in stretches, 31 slots busy.
        for _ in 0..<3_000 {
            switch Int.random(in: 0..<3, using: &random) {
            case 0:
                let channel = Channel.allCases.randomElement(using: &random)!
                let handle = Int64.random(in: 0...3_600_000, using: &random)
                let hold = Int64.random(in: 0...handle, using: &random)
                let afterContactWork = Int64.random(in: 0...600_000, using: &random)
                compact.add(
                    .handled(channel: channel, handleMs: handle, holdMs: hold, afterContactWorkMs: afterContactWork))
                naive.handled[Int(channel.rawValue)] += 1
                naive.handle += handle
                naive.hold += hold
                naive.afterContactWork += afterContactWork
            case 1:
                compact.add(.missed)
                naive.missed += 1
            default:
                let stretch = Int64.random(in: 0...28_800, using: &random)
                let onContact = Bool.random(using: &random) ? stretch : 0
                let idle = stretch - onContact
                compact.add(
                    .time(onContactMs: onContact, idleMs: idle, slotBusyMs: stretch * 20, slotCapacityMs: stretch * 31))
                naive.onContact += onContact
                naive.idle += idle
                naive.slotBusy += stretch * 20
                naive.slotCapacity += stretch * 31
            }
        }
        let figures = compact.figures
        #expect(Channel.allCases.map { figures.handled[$0] } == naive.handled)
        #expect(figures.handleMs == naive.handle && figures.holdMs == naive.hold)
        #expect(figures.afterContactWorkMs == naive.afterContactWork && figures.missed == naive.missed)
        #expect(figures.onContactMs == naive.onContact && figures.idleMs == naive.idle)
        #expect(figures.slotBusyMs == naive.slotBusy && figures.slotCapacityMs == naive.slotCapacity)
        #expect(CompactAgentFigures(figures) == compact)
    }

    @Test func sumsBeyondThirtyTwoBitsClampInsteadOfWrapping() {
        var compact = CompactAgentFigures()
        compact.add(.time(onContactMs: 0, idleMs: 0, slotBusyMs: 4_000_000_000, slotCapacityMs: 4_000_000_000))
        compact.add(.time(onContactMs: 0, idleMs: 0, slotBusyMs: 1_000_000_000, slotCapacityMs: -1))
        #expect(compact.figures.slotBusyMs == Int64(UInt32.max))
        #expect(compact.figures.slotCapacityMs == 3_999_999_999)
        let wide = AgentFigures(
            handled: PerChannel(repeating: -3), handleMs: 1 << 40, holdMs: 0, afterContactWorkMs: 0, missed: 0,
            onContactMs: 0, idleMs: 0, slotBusyMs: 0, slotCapacityMs: 0)
        #expect(CompactAgentFigures(wide).figures.handled.voice == 0)
        #expect(CompactAgentFigures(wide).figures.handleMs == Int64(UInt32.max))
    }

    /// Checkpoints written while capabilities were a `Set<Channel>` read back as the same set.
    @Test func aChannelSetReadsAndWritesWhatASetOfChannelsDid() throws {
        let old: [String: Set<Channel>] = ["a1": [.voice, .email], "a2": [], "a3": Set(Channel.allCases)]
        let data = try JSONEncoder().encode(old)
        let read = try JSONDecoder().decode([String: ChannelSet].self, from: data)
        #expect(read["a1"] == [ChannelSet(.voice), ChannelSet(.email)] && read["a1"]?.contains(.chat) == false)
        #expect(read["a2"] == [] && read["a3"]?.channels == Channel.allCases)
        let back = try JSONDecoder().decode([String: Set<Channel>].self, from: JSONEncoder().encode(read))
        #expect(back == old)
    }
}
