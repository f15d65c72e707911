import FloorQueryAPI
import Testing

@Suite("Stream interval")
struct StreamIntervalTests {
    @Test(
        arguments: [
            ("500ms", 500), ("2s", 2000), ("1.5s", 1500), ("3", 3000), ("100ms", 100), ("60s", 60_000),
        ] as [(String, Int64)])
    func readsWhatTheClientAsks(_ text: String, _ milliseconds: Int64) {
        #expect(StreamInterval.milliseconds(text) == milliseconds)
    }

    /// Outside 100 ms–60 s, unreadable, or large enough to overflow: one second, never a crash.
    @Test(
        arguments: [
            nil, "", "50ms", "61s", "-1s", "nans", "infs", "1e300s", "9223372036854775807",
            "9223372036854775807ms", "-9223372036854775808", "-9223372036854775808ms", "s", "ms",
        ] as [String?])
    func anythingElseIsOneSecond(_ text: String?) {
        #expect(StreamInterval.milliseconds(text) == 1000)
    }
}
