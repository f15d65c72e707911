/// An agent's contacts in hand per channel, 16 bits each: 8 bytes where `PerChannel<Int>` took
/// 32, in a record every agent event reads. Counts are a few slots' worth; they clamp at 0 and
/// 65,535 instead of wrapping.
struct ContactsPerChannel: Equatable {
    private var counts = PerChannel<UInt16>(repeating: 0)

    init() {}

    init(_ values: PerChannel<Int>) {
        counts = PerChannel { UInt16(clamping: values[$0]) }
    }

    subscript(channel: Channel) -> Int {
        get { Int(counts[channel]) }
        set { counts[channel] = UInt16(clamping: newValue) }
    }

    var voice: Int { Int(counts.voice) }
    var chat: Int { Int(counts.chat) }
    var email: Int { Int(counts.email) }
    var task: Int { Int(counts.task) }
    var total: Int { voice + chat + email + task }

    var perChannel: PerChannel<Int> { PerChannel { self[$0] } }
}
