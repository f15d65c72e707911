import FloorCore
import FloorTestSupport
import Testing

/// The agenda heap against the naive model: a list kept sorted by (time, insertion order).
@Suite("Timed heap")
struct TimedHeapTests {
    @Test func popsInTimeThenInsertionOrder() {
        var random = SplitMix64(seed: 5)
        var heap = TimedHeap<Int>()
        var model: [(time: Double, order: Int)] = []
        var pushed = 0
        for _ in 0..<4_000 {
            if random.next() % 3 != 0 || model.isEmpty {
                // Few distinct times, so ties are common.
                let time = Double(random.next() % 50)
                pushed += 1
                heap.push(time, pushed)
                model.append((time, pushed))
            } else {
                let expected = model.enumerated().min {
                    ($0.element.time, $0.element.order) < ($1.element.time, $1.element.order)
                }!
                model.remove(at: expected.offset)
                let popped = heap.pop()
                #expect(popped?.time == expected.element.time && popped?.item == expected.element.order)
            }
            #expect(heap.peek()?.item == model.min { ($0.time, $0.order) < ($1.time, $1.order) }?.order)
        }
        while let expected = model.min(by: { ($0.time, $0.order) < ($1.time, $1.order) }) {
            model.removeAll { $0.order == expected.order }
            #expect(heap.pop()?.item == expected.order)
        }
        #expect(heap.isEmpty && heap.pop() == nil)
    }
}
